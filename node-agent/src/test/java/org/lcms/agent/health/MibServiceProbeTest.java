package org.lcms.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.config.AgentConfigParser;
import org.lcms.agent.role.DryRunHostConfigurator;
import org.lcms.agent.snmp.LcmsSnmpAgent;

/**
 * healthCheck = mib against a real node agent of a real server on loopback (127.0.0.7), read over SNMPv3 authPriv:
 * the service it registers on the port is up, then down when its port closes, and an agent that is gone or
 * refuses the user fails the check.
 */
class MibServiceProbeTest {
    static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A real server's agent with one service on {@code servicePort} and the user {@code reader}. */
    static LcmsSnmpAgent realServerAgent(Path dir, String address, int agentPort, int servicePort) throws Exception {
        Path file = dir.resolve("rs-" + address + ".cfg");
        Files.writeString(file, """
            listen = %s/%d
            stateDirectory = %s
            configurator = dry-run
            rolePotential = rs
            user.reader.authPassword = reader-auth-1
            user.reader.privPassword = reader-priv-1
            service.web.port = %d
            """.formatted(address, agentPort, dir.resolve("state-" + address), servicePort), StandardCharsets.UTF_8);
        return LcmsSnmpAgent.start(AgentConfigParser.parse(file), new DryRunHostConfigurator());
    }

    static AgentConfig.AgentQuery reader(int port, String authPassword) {
        return new AgentConfig.AgentQuery(new AgentConfig.User("reader", AgentConfig.AuthProtocol.SHA256,
            authPassword, AgentConfig.PrivProtocol.AES128, "reader-priv-1", AgentConfig.SecurityLevel.AUTH_PRIV,
            false), port);
    }

    static ProbeResult waitFor(HealthProbe probe, Endpoint e, boolean healthy, long withinMillis) throws Exception {
        long deadline = System.nanoTime() + withinMillis * 1_000_000;
        ProbeResult r = probe.probe(e, 500);
        while (r.healthy() != healthy && System.nanoTime() < deadline) {
            Thread.sleep(50);
            r = probe.probe(e, 500);
        }
        return r;
    }

    @Test
    void theRealServersAgentDecidesWhetherItsServiceIsUp(@TempDir Path dir) throws Exception {
        int agentPort = freeUdpPort();
        ServerSocket service = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); // the agent checks 127.0.0.1
        int port = service.getLocalPort();
        Endpoint e = HealthProbeTest.local("127.0.0.7", port);
        String agent = "the agent at 127.0.0.7/" + agentPort;
        try (LcmsSnmpAgent rs = realServerAgent(dir, "127.0.0.7", agentPort, port);
             RealServerAgents agents = new RealServerAgents(reader(agentPort, "reader-auth-1"));
             RealServerAgents wrongPassword = new RealServerAgents(reader(agentPort, "not-the-password"))) {
            MibServiceProbe probe = new MibServiceProbe(agents);
            // The agent checks its services every 2 s, the first at once.
            assertEquals(ProbeResult.healthy(agent + " reports the service on port " + port + " up"),
                waitFor(probe, e, true, 3000));
            assertEquals(ProbeResult.failed(agent + " has no service registered on port 1; add service.NAME.port = 1"
                + " to its configuration"), probe.probe(HealthProbeTest.local("127.0.0.7", 1), 500));

            ProbeResult refused = new MibServiceProbe(wrongPassword).probe(e, 500);
            assertTrue(!refused.healthy() && refused.detail().startsWith(agent), refused.detail());

            service.close();
            long closed = System.nanoTime();
            assertEquals(ProbeResult.failed(agent + " reports the service on port " + port + " down"),
                waitFor(probe, e, false, 4000));
            System.out.println("[lcms-itest] mib check: service down reported by the real server's agent "
                + (System.nanoTime() - closed) / 1_000_000 + " ms after its port closed (the agent checks every 2 s)");

            rs.close();
            long start = System.nanoTime();
            ProbeResult gone = probe.probe(e, 300);
            long took = (System.nanoTime() - start) / 1_000_000;
            assertEquals(ProbeResult.failed(agent + " did not answer within 300 ms (SNMPv3 user reader)"), gone);
            assertTrue(took < 1500, "bounded by the timeout: " + took + " ms");
        } finally {
            service.close();
        }
    }
}
