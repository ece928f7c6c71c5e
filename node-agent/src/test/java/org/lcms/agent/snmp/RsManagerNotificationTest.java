package org.lcms.agent.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lcms.agent.snmp.LcmsSnmpAgentTest.ADMIN;
import static org.lcms.agent.snmp.LcmsSnmpAgentTest.trapVarbinds;
import static org.lcms.agent.snmp.LoadBalancerAgentTest.createRs;
import static org.lcms.agent.snmp.LoadBalancerAgentTest.createVs;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.dispatch.RealServer;
import org.lcms.agent.dispatch.RecordingDispatchTableDriver;
import org.lcms.agent.role.DryRunHostConfigurator;
import org.lcms.mib.LcmsMib;

/**
 * The RS manager's decisions reach the NMS from a real load-balancer agent: its only real server (a real socket on
 * 127.0.0.10) stops accepting, the health check takes it out and the sorry server 127.0.0.99 takes the service
 * (lcmsRealServerStateChange, then lcmsSorryServerOn with the reason, in net-snmp's snmptrapd); it accepts again
 * and the sorry server leaves (lcmsSorryServerOff).
 */
class RsManagerNotificationTest {
    static final String COMMUNITY = "trap-community-8";
    static final String REASON = "." + LcmsMib.scalar(LcmsMib.LCMS_NOTIF_REASON);
    static final String PEER = "." + LcmsMib.scalar(LcmsMib.LCMS_NOTIF_PEER_ADDRESS);

    @Test
    void aServiceWithoutRealServersGoesToTheSorryServerAndBackAndTheNmsIsTold(@TempDir Path dir) throws Exception {
        NetSnmp.requireTools();
        int trapPort = LcmsSnmpAgentTest.freeUdpPort();
        int port = LcmsSnmpAgentTest.freeUdpPort();
        ServerSocket rs = new ServerSocket();
        rs.bind(new InetSocketAddress("127.0.0.10", 0));
        int rsPort = rs.getLocalPort();
        LcmsSnmpAgentTest.acceptAndClose(rs); // the health checks' connections
        RecordingDispatchTableDriver driver = new RecordingDispatchTableDriver();
        try (Snmptrapd trapd = new Snmptrapd(Files.createDirectories(dir.resolve("trapd")), trapPort, COMMUNITY);
             LcmsSnmpAgent agent = LcmsSnmpAgent.start(LcmsSnmpAgentTest.config(dir.resolve("agent.cfg"), """
                 listen = 127.0.0.1/%d
                 stateDirectory = %s
                 rolePotential = lb
                 serviceInterface = eth0
                 user.admin.authPassword = admin-auth-1
                 user.admin.privPassword = admin-priv-1
                 user.admin.access = readwrite
                 community.readonly = %s
                 target.nms.address = 127.0.0.1/%d
                 target.nms.community = %s
                 healthCheck = tcp
                 healthCheck.interval = 100
                 healthCheck.rise = 1
                 healthCheck.fall = 1
                 healthCheck.sorryServer = 127.0.0.99
                 """.formatted(port, dir.resolve("state"), COMMUNITY, trapPort, COMMUNITY)),
                 new DryRunHostConfigurator(), driver)) {
            String address = "udp:127.0.0.1:" + port;
            assertTrue(NetSnmp.run("snmpset", ADMIN, address, LoadBalancerAgentTest.VIP_TYPE, "i", "1",
                LoadBalancerAgentTest.VIP, "x", "C000020A", LoadBalancerAgentTest.CLUSTER, "s", "www",
                LoadBalancerAgentTest.ROLE_TYPE, "i", "2").ok(), "load balancer role");
            assertTrue(NetSnmp.run("snmpset", ADMIN, address, createVs(1, "C000020A", rsPort)).ok(), "vs");
            assertTrue(NetSnmp.run("snmpset", ADMIN, address, createRs(1, 1, "7F00000A", rsPort)).ok(), "rs");

            rs.close();
            long closed = System.nanoTime();
            String on = trapd.awaitLine(l -> l.contains("OID: ." + LcmsMib.LCMS_SORRY_SERVER_ON), 5_000,
                "no lcmsSorryServerOn");
            System.out.println("[lcms-itest] sorry server: lcmsSorryServerOn " + (System.nanoTime() - closed)
                / 1_000_000 + " ms after the only real server's port closed (interval 100 ms, fall 1)");
            Map<String, String> vbs = trapVarbinds(on);
            assertTrue(vbs.get(PEER).replace(" ", "").contains("7F000063"), "the sorry server: " + on);
            assertTrue(vbs.get(REASON).startsWith("STRING: \"no real server can take new connections: 1.1 "
                + "127.0.0.10:" + rsPort + " down (failed: TCP connect to 127.0.0.10:" + rsPort), on);
            assertTrue(driver.applied().realServersOf(1).stream().map(RealServer::address)
                .anyMatch(InetAddress.getByName("127.0.0.99")::equals), "the data plane has the sorry server");
            trapd.awaitLine(l -> l.contains("OID: ." + LcmsMib.LCMS_REAL_SERVER_STATE_CHANGE), 1_000,
                "the real server's own change is reported too");

            try (ServerSocket back = new ServerSocket()) {
                back.setReuseAddress(true);
                back.bind(new InetSocketAddress("127.0.0.10", rsPort));
                String off = trapd.awaitLine(l -> l.contains("OID: ." + LcmsMib.LCMS_SORRY_SERVER_OFF), 5_000,
                    "no lcmsSorryServerOff");
                assertTrue(trapVarbinds(off).get(REASON).contains("real servers can take new connections again: 1.1 "
                    + "127.0.0.10:" + rsPort), off);
                assertEquals(1, driver.applied().realServersOf(1).size(), "the sorry server left the data plane");
            }
        }
    }
}
