package org.lcms.agent.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lcms.agent.snmp.LcmsSnmpAgentTest.ADMIN;
import static org.lcms.agent.snmp.LoadBalancerAgentTest.CLUSTER;
import static org.lcms.agent.snmp.LoadBalancerAgentTest.ROLE_STATE;
import static org.lcms.agent.snmp.LoadBalancerAgentTest.ROLE_TYPE;
import static org.lcms.agent.snmp.LoadBalancerAgentTest.VIP;
import static org.lcms.agent.snmp.LoadBalancerAgentTest.VIP_TYPE;
import static org.lcms.agent.snmp.LoadBalancerAgentTest.createRs;
import static org.lcms.agent.snmp.LoadBalancerAgentTest.createVs;
import static org.lcms.agent.snmp.LoadBalancerAgentTest.rs;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.dispatch.RealServerStatus;
import org.lcms.agent.dispatch.RecordingDispatchTableDriver;
import org.lcms.agent.role.DryRunHostConfigurator;

/**
 * A load balancer whose agent runs the failover for its VIP (agent.cfg failover.cluster.*), driven over SNMP with
 * net-snmp as the manager drives it: the role leaves the VIP to the failover, lcmsRoleState follows the failover's
 * holding, and the table written while it stands by (after a switchover) is what it dispatches when it takes the
 * VIP back. The failover's reports are made by hand (the runtime itself is FailoverRuntimeTest's and the netns
 * ITs').
 */
@Timeout(30)
class LoadBalancerFailoverAgentTest {
    static final InetAddress WEB_VIP = address("192.0.2.10");

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void theRoleLeavesTheVipToTheFailoverAndAStandbyLoadBalancerTakesTheTableItDispatchesWhenItHoldsTheVip(
        @TempDir Path dir) throws Exception {
        NetSnmp.requireTools();
        int port = LcmsSnmpAgentTest.freeUdpPort();
        var config = withFailover(dir, port, "www", "192.0.2.10");
        DryRunHostConfigurator host = new DryRunHostConfigurator();
        RecordingDispatchTableDriver driver = new RecordingDispatchTableDriver();
        String agentAddress = "udp:127.0.0.1:" + port;
        try (LcmsSnmpAgent agent = LcmsSnmpAgent.start(config, host, driver)) {
            Snmp snmp = new Snmp(agentAddress);
            assertTrue(snmp.set(VIP_TYPE, "i", "1", VIP, "x", "C000020A", CLUSTER, "s", "www", ROLE_TYPE, "i", "2")
                .ok());
            assertEquals(List.of(), host.record(), "the failover owns 192.0.2.10: the role adds no address");
            assertEquals("INTEGER: 3", snmp.get(ROLE_STATE), "standby(3) until the failover holds the VIP");

            // a standby load balancer takes the table (the manager writes every member of the chain)
            assertTrue(snmp.set(createVs(1, "C000020A", 80)).ok());
            NetSnmp.Result row = snmp.set(createRs(1, 1, "0A000001", 80, rs(5, 1, 1), "u", "10"));
            assertTrue(row.ok(), row.toString());
            assertTrue(driver.applied().isEmpty(), "standby: nothing dispatched yet " + driver.applied());

            agent.failoverChanged("www", WEB_VIP, 0, 1, true, "lease granted (test)");
            assertEquals("INTEGER: 4", snmp.get(ROLE_STATE), "active(4) while the failover holds the VIP");
            assertEquals(10, driver.applied().realServers().get(0).weight(), driver.applied().toString());

            // switchover to bs1: the former load balancer stands by ...
            agent.failoverChanged("www", WEB_VIP, 0, 2, false, "handed over to bs1 (test)");
            assertEquals("INTEGER: 3", snmp.get(ROLE_STATE));
            assertTrue(driver.applied().isEmpty(), "a standby dispatches nothing: " + driver.applied());
            // ... and still takes the operator's drain and a new weight
            NetSnmp.Result drain = snmp.set(rs(5, 1, 1), "u", "33", rs(6, 1, 1), "i", "3");
            assertTrue(drain.ok(), "a standby load balancer must take table writes: " + drain);

            // the VIP comes back: it dispatches the table as written while it stood by, not a stale one
            agent.failoverChanged("www", WEB_VIP, 0, 3, true, "handed back (test)");
            assertEquals("INTEGER: 4", snmp.get(ROLE_STATE));
            var dispatched = driver.applied().realServers().get(0);
            assertEquals(33, dispatched.weight(), driver.applied().toString());
            assertEquals(RealServerStatus.DRAINING, dispatched.status(), driver.applied().toString());
            assertEquals(List.of(), host.record(), "and the role never touched the VIP");

            // leaving the role does not remove an address the failover may hold
            assertTrue(snmp.set(ROLE_TYPE, "i", "1").ok());
            assertEquals(List.of(), host.record());
        }
    }

    @Test
    void withoutAFailoverForItsVipTheLoadBalancerRoleAddsTheVipAndServesAtOnce(@TempDir Path dir) throws Exception {
        NetSnmp.requireTools();
        int port = LcmsSnmpAgentTest.freeUdpPort();
        var config = withFailover(dir, port, "other", "192.0.2.99");
        DryRunHostConfigurator host = new DryRunHostConfigurator();
        try (LcmsSnmpAgent agent = LcmsSnmpAgent.start(config, host, new RecordingDispatchTableDriver())) {
            Snmp snmp = new Snmp("udp:127.0.0.1:" + port);
            assertTrue(snmp.set(VIP_TYPE, "i", "1", VIP, "x", "C000020A", CLUSTER, "s", "www", ROLE_TYPE, "i", "2")
                .ok());
            assertEquals(List.of("ip addr add 192.0.2.10/32 dev eth0"), host.record(),
                "another cluster's failover: this VIP is the role's");
            assertEquals("INTEGER: 4", snmp.get(ROLE_STATE));
            agent.failoverChanged("other", address("192.0.2.99"), 0, 1, false, "lease lapsed (test)");
            assertEquals("INTEGER: 4", snmp.get(ROLE_STATE), "another VIP's failover does not move this role");
        }
    }

    /**
     * A load balancer's agent.cfg with the failover of {@code cluster} for {@code vip}, this host (lb) ranked first.
     * The failover runtime itself is not started (NodeAgent starts it): the tests report its holding by hand.
     */
    static org.lcms.agent.config.AgentConfig withFailover(Path dir, int port, String cluster, String vip)
        throws Exception {
        return LcmsSnmpAgentTest.config(dir.resolve("agent.cfg"), """
            listen = 127.0.0.1/%1$d
            stateDirectory = %2$s
            rolePotential = lb,bs
            serviceInterface = eth0
            user.admin.authPassword = admin-auth-1
            user.admin.privPassword = admin-priv-1
            user.admin.access = readwrite
            failover.self = lb
            failover.listen = 127.0.0.1/%3$d
            failover.cluster.%4$s.key = a-cluster-key-of-16+
            failover.cluster.%4$s.vip = %5$s
            failover.cluster.%4$s.members = lb@127.0.0.1/%3$d, bs1@127.0.0.2/%3$d
            failover.cluster.%4$s.witnesses = rs1@127.0.0.3/%3$d
            """.formatted(port, dir.resolve("state"), port + 1, cluster, vip));
    }

    /** net-snmp against one agent with the v3 readwrite user. */
    private record Snmp(String address) {
        NetSnmp.Result set(String... args) throws Exception {
            return NetSnmp.run("snmpset", ADMIN, address, args);
        }

        String get(String oid) throws Exception {
            NetSnmp.Result r = NetSnmp.run("snmpget", ADMIN, address, oid);
            assertTrue(r.ok(), r.toString());
            String line = r.out().trim();
            return line.substring(line.indexOf(" = ") + 3);
        }
    }
}
