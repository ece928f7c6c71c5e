package org.lcms.agent.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lcms.agent.snmp.LcmsSnmpAgentTest.ADMIN;
import static org.lcms.agent.snmp.LoadBalancerAgentTest.createRs;
import static org.lcms.agent.snmp.LoadBalancerAgentTest.createVs;
import static org.lcms.agent.snmp.LoadBalancerAgentTest.rs;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.dispatch.RecordingDispatchTableDriver;
import org.lcms.agent.role.DryRunHostConfigurator;
import org.lcms.mib.LcmsMib;

/**
 * lcmsRsEffectiveStatus, lcmsRsEffectiveWeight and lcmsRsHealthReason read with net-snmp's snmpget from a real agent
 * whose TCP health check fails for one of two real servers: the operator's lcmsRsStatus/lcmsRsWeight stay as set,
 * the effective columns say how the data plane dispatches the server and why.
 */
@Timeout(30)
class EffectiveRealServerStateTest {
    static final int EFFECTIVE_STATUS = LcmsMib.LCMS_RS_EFFECTIVE_STATUS.last();
    static final int EFFECTIVE_WEIGHT = LcmsMib.LCMS_RS_EFFECTIVE_WEIGHT.last();
    static final int HEALTH_REASON = LcmsMib.LCMS_RS_HEALTH_REASON.last();

    @Test
    void aRealServerFailingItsCheckReadsDrainingWithItsReasonWhileTheOperatorsValuesStay(@TempDir Path dir)
        throws Exception {
        NetSnmp.requireTools();
        int port = LcmsSnmpAgentTest.freeUdpPort();
        try (ServerSocket healthy = new ServerSocket()) {
            healthy.bind(new InetSocketAddress("127.0.0.11", 0));
            int servicePort = healthy.getLocalPort();
            LcmsSnmpAgentTest.acceptAndClose(healthy); // the health checks' connections
            // 127.0.0.12 listens on nothing: its check fails with "connection refused"
            RecordingDispatchTableDriver driver = new RecordingDispatchTableDriver();
            try (LcmsSnmpAgent agent = LcmsSnmpAgent.start(LcmsSnmpAgentTest.config(dir.resolve("agent.cfg"), """
                listen = 127.0.0.1/%d
                stateDirectory = %s
                rolePotential = lb
                serviceInterface = eth0
                user.admin.authPassword = admin-auth-1
                user.admin.privPassword = admin-priv-1
                user.admin.access = readwrite
                healthCheck = tcp
                healthCheck.interval = 100
                healthCheck.rise = 1
                healthCheck.fall = 1
                healthCheck.onFailure = drain
                """.formatted(port, dir.resolve("state"))), new DryRunHostConfigurator(), driver)) {
                String address = "udp:127.0.0.1:" + port;
                assertTrue(NetSnmp.run("snmpset", ADMIN, address, LoadBalancerAgentTest.VIP_TYPE, "i", "1",
                    LoadBalancerAgentTest.VIP, "x", "C000020A", LoadBalancerAgentTest.CLUSTER, "s", "www",
                    LoadBalancerAgentTest.ROLE_TYPE, "i", "2").ok(), "load balancer role");
                assertTrue(NetSnmp.run("snmpset", ADMIN, address, createVs(1, "C000020A", servicePort)).ok(), "vs");
                assertTrue(NetSnmp.run("snmpset", ADMIN, address, createRs(1, 1, "7F00000B", servicePort,
                    rs(5, 1, 1), "u", "40")).ok(), "rs 1");
                assertTrue(NetSnmp.run("snmpset", ADMIN, address, createRs(1, 2, "7F00000C", servicePort,
                    rs(5, 1, 2), "u", "60")).ok(), "rs 2");

                String failed = "";
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (System.nanoTime() < deadline && !failed.contains("INTEGER: 3")) {
                    Thread.sleep(100);
                    failed = get(address, rs(EFFECTIVE_STATUS, 1, 2));
                }
                assertEquals("INTEGER: 3", failed, "rs 2 draining(3) in the data plane (onFailure = drain)");
                assertEquals("Gauge32: 0", get(address, rs(EFFECTIVE_WEIGHT, 1, 2)));
                String reason = get(address, rs(HEALTH_REASON, 1, 2));
                assertTrue(reason.startsWith("STRING: \"health down: failed: TCP connect to 127.0.0.12:" + servicePort),
                    reason);
                assertEquals("INTEGER: 1", get(address, rs(6, 1, 2)), "lcmsRsStatus keeps the operator's up(1)");
                assertEquals("Gauge32: 60", get(address, rs(5, 1, 2)), "lcmsRsWeight keeps the operator's 60");

                assertEquals("INTEGER: 1", get(address, rs(EFFECTIVE_STATUS, 1, 1)), "rs 1 passes: up(1)");
                assertEquals("Gauge32: 40", get(address, rs(EFFECTIVE_WEIGHT, 1, 1)));
                assertEquals("\"\"", get(address, rs(HEALTH_REASON, 1, 1)), "no reason: as set");
                NetSnmp.Result write = NetSnmp.run("snmpset", ADMIN, address, rs(EFFECTIVE_STATUS, 1, 1), "i", "2");
                assertTrue(!write.ok() && write.all().contains("notWritable"), "read-only: " + write);

                // the operator drains rs 1: effective draining too, weight 0, and no health reason (it is as set)
                assertTrue(NetSnmp.run("snmpset", ADMIN, address, rs(6, 1, 1), "i", "3").ok());
                assertEquals("INTEGER: 3", get(address, rs(EFFECTIVE_STATUS, 1, 1)));
                assertEquals("Gauge32: 0", get(address, rs(EFFECTIVE_WEIGHT, 1, 1)));
                assertEquals("\"\"", get(address, rs(HEALTH_REASON, 1, 1)));
            }
        }
    }

    private static String get(String address, String oid) throws Exception {
        NetSnmp.Result r = NetSnmp.run("snmpget", ADMIN, address, oid);
        assertTrue(r.ok(), r.toString());
        String line = r.out().trim();
        return line.substring(line.indexOf(" = ") + 3);
    }
}
