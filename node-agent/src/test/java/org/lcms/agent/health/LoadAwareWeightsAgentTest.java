package org.lcms.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.config.AgentConfigParser;
import org.lcms.agent.dispatch.DispatchTable;
import org.lcms.agent.dispatch.Protocol;
import org.lcms.agent.dispatch.RealServer;
import org.lcms.agent.dispatch.RealServerStatus;
import org.lcms.agent.dispatch.RecordingDispatchTableDriver;
import org.lcms.agent.dispatch.Scheduler;
import org.lcms.agent.dispatch.VirtualService;
import org.lcms.agent.host.KernelHostReader;
import org.lcms.agent.host.TcpConnectionCounter;
import org.lcms.agent.role.DryRunHostConfigurator;
import org.lcms.agent.snmp.LcmsSnmpAgent;

/**
 * healthCheck.loadAware = connections with two real node agents on loopback (127.0.0.8, 127.0.0.9), read over
 * SNMPv3 by the load balancer's checked driver. Both agents run on this one host, so each counts its connections
 * from its own copy of /proc/net/tcp that the test writes (the agents, SNMP and the driver are real): rs1 with 30
 * established connections, rs2 with 10, both weight 100: 0.3 and 0.1 per unit of weight against a mean of 0.2, so
 * the factors head for 0.67 and 2.0 (the upper bound). The effective weights must move apart within the bounds
 * (50..200), each change reported with its reason, and come back to 100 when the loads are equal again; the
 * operator's table keeps 100 all along.
 */
class LoadAwareWeightsAgentTest {
    static void writeConnections(Path proc, int port, int established) throws Exception {
        StringBuilder t = new StringBuilder("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
            + "retrnsmt   uid  timeout inode\n");
        for (int i = 0; i < established; i++) {
            t.append(String.format("%4d: 0800007F:%04X 0100007F:%04X 01 00000000:00000000 00:00000000 00000000"
                + "     0        0 %d 1 0000000000000000 20 4 30 10 -1%n", i, port, 40_000 + i, 1000 + i));
        }
        Path tmp = proc.resolve("net/tcp.tmp");
        Files.writeString(tmp, t, StandardCharsets.US_ASCII);
        Files.move(tmp, proc.resolve("net/tcp"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static LcmsSnmpAgent agent(Path dir, String address, int agentPort, int servicePort, Path proc) throws Exception {
        Path file = dir.resolve("rs-" + address + ".cfg");
        Files.writeString(file, """
            listen = %s/%d
            stateDirectory = %s
            rolePotential = rs
            user.reader.authPassword = reader-auth-1
            user.reader.privPassword = reader-priv-1
            service.web.port = %d
            """.formatted(address, agentPort, dir.resolve("state-" + address), servicePort), StandardCharsets.UTF_8);
        return LcmsSnmpAgent.start(AgentConfigParser.parse(file), new DryRunHostConfigurator(),
            KernelHostReader.system(), new TcpConnectionCounter(proc), Path.of("/sys"));
    }

    record Change(String rs, int from, int to, String reason) {
    }

    @Test
    void effectiveWeightsFollowTheAgentsConnectionCountsWithinTheBoundsAndComeBack(@TempDir Path dir)
        throws Exception {
        int agentPort = MibServiceProbeTest.freeUdpPort();
        try (ServerSocket service = new ServerSocket()) {
            service.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0)); // the tcp check of both
            int port = service.getLocalPort();
            Thread acceptor = new Thread(() -> {
                while (!service.isClosed()) {
                    try {
                        service.accept().close(); // the health checks' connections: accepted and closed
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "accept");
            acceptor.setDaemon(true);
            acceptor.start();
            Path proc1 = Files.createDirectories(dir.resolve("proc1/net"));
            Path proc2 = Files.createDirectories(dir.resolve("proc2/net"));
            writeConnections(proc1.getParent(), port, 30);
            writeConnections(proc2.getParent(), port, 10);
            Path lbConfig = dir.resolve("lb.cfg");
            Files.writeString(lbConfig, """
                listen = 127.0.0.1/1
                stateDirectory = /nonexistent
                user.reader.authPassword = reader-auth-1
                user.reader.privPassword = reader-priv-1
                healthCheck = tcp
                healthCheck.interval = 100
                healthCheck.agent.user = reader
                healthCheck.agent.port = %d
                healthCheck.loadAware = connections
                healthCheck.loadAware.interval = 200
                """.formatted(agentPort));
            AgentConfig.HealthCheck settings = AgentConfigParser.parse(lbConfig).healthCheck();
            DispatchTable table = DispatchTable.EMPTY
                .withVirtualService(new VirtualService(1, InetAddress.getByName("192.0.2.100"), port, Protocol.TCP,
                    Scheduler.WRR, true))
                .withRealServer(new RealServer(1, 1, InetAddress.getByName("127.0.0.8"), port, 100,
                    RealServerStatus.UP, true))
                .withRealServer(new RealServer(1, 2, InetAddress.getByName("127.0.0.9"), port, 100,
                    RealServerStatus.UP, true));
            RecordingDispatchTableDriver data = new RecordingDispatchTableDriver();
            List<Change> changes = new CopyOnWriteArrayList<>();
            List<int[]> trajectory = new ArrayList<>();
            try (LcmsSnmpAgent rs1 = agent(dir, "127.0.0.8", agentPort, port, proc1.getParent());
                 LcmsSnmpAgent rs2 = agent(dir, "127.0.0.9", agentPort, port, proc2.getParent());
                 HealthCheckedDriver lb = (HealthCheckedDriver) HealthCheckedDriver.around(data, settings,
                     new HealthCheckedDriver.Listener() {
                         @Override
                         public void realServerStateChanged(VirtualService vs, RealServer rs,
                                                            RealServerStatus previous, String reason) {
                         }

                         @Override
                         public void weightChanged(VirtualService vs, RealServer rs, int previousWeight,
                                                   String reason) {
                             changes.add(new Change(rs.vsIndex() + "." + rs.index(), previousWeight, rs.weight(),
                                 reason));
                         }
                     })) {
                lb.apply(table);
                long start = System.nanoTime();
                int[] w = weights(data);
                while (!(w[0] <= 70 && w[1] >= 190) && System.nanoTime() - start < 15_000_000_000L) {
                    Thread.sleep(100);
                    w = weights(data);
                    trajectory.add(w);
                }
                long apart = (System.nanoTime() - start) / 1_000_000;
                System.out.println("[lcms-itest] load-aware weights: rs1 (30 connections) " + w[0] + ", rs2 (10) "
                    + w[1] + " after " + apart + " ms; " + changes.size() + " changes reported");
                assertTrue(w[0] <= 70 && w[1] >= 190, "weights did not move apart: " + w[0] + "/" + w[1]);
                for (int[] t : trajectory) {
                    assertTrue(t[0] >= 50 && t[0] <= 200 && t[1] >= 50 && t[1] <= 200,
                        "a weight left the bounds 50..200: " + t[0] + "/" + t[1]);
                }
                assertEquals(table, lb.configured(), "the operator's weights stay 100");
                Change first = changes.get(0);
                assertTrue(first.reason().startsWith("load-aware weights (connections): ")
                    && first.reason().contains("connections at weight 100") && first.reason().contains("factor ")
                    && first.reason().endsWith("(bounds 0.50..2.00) of the configured 100"), first.reason());

                writeConnections(proc1.getParent(), port, 10);
                long equal = System.nanoTime();
                while (!(Math.abs(w[0] - 100) <= 5 && Math.abs(w[1] - 100) <= 5)
                    && System.nanoTime() - equal < 15_000_000_000L) {
                    Thread.sleep(100);
                    w = weights(data);
                }
                System.out.println("[lcms-itest] load-aware weights: back to " + w[0] + "/" + w[1] + " "
                    + (System.nanoTime() - equal) / 1_000_000 + " ms after the loads became equal");
                assertTrue(Math.abs(w[0] - 100) <= 5 && Math.abs(w[1] - 100) <= 5, "not back: " + w[0] + "/" + w[1]);
            }
        }
    }

    static int[] weights(RecordingDispatchTableDriver data) {
        DispatchTable t = data.applied();
        return new int[] {t.realServer(1, 1).map(RealServer::weight).orElse(-1),
            t.realServer(1, 2).map(RealServer::weight).orElse(-1)};
    }
}
