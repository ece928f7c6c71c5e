package org.lcms.agent.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolePlannerTest {
    static RoleTarget rs(String vip) throws Exception {
        return new RoleTarget(AgentRole.REAL_SERVER, Optional.of(InetAddress.getByName(vip)), "");
    }

    static RoleTarget lb(String vip, String dev) throws Exception {
        return new RoleTarget(AgentRole.LOAD_BALANCER, Optional.of(InetAddress.getByName(vip)), dev);
    }

    static List<String> commands(List<HostStep> steps) {
        return steps.stream().map(s -> String.join(" ", s.commandLine())).toList();
    }

    @Test
    void aRealServerGetsTheVipOnLoopbackAndSilentArp() throws Exception {
        assertEquals(List.of(
            "sysctl -w net.ipv4.conf.all.arp_ignore=1", "sysctl -w net.ipv4.conf.all.arp_announce=2",
            "sysctl -w net.ipv4.conf.lo.arp_ignore=1", "sysctl -w net.ipv4.conf.lo.arp_announce=2",
            "ip addr add 192.0.2.10/32 dev lo"),
            commands(RolePlanner.plan(RoleTarget.NONE, rs("192.0.2.10"), SavedSysctls.NONE)));
    }

    @Test
    void leavingTheRealServerRoleRestoresTheSavedSysctls() throws Exception {
        SavedSysctls saved = new SavedSysctls(Map.of("net/ipv4/conf/all/arp_ignore", "2"));
        assertEquals(List.of("ip addr del 192.0.2.10/32 dev lo",
            "sysctl -w net.ipv4.conf.all.arp_ignore=2", "sysctl -w net.ipv4.conf.all.arp_announce=0",
            "sysctl -w net.ipv4.conf.lo.arp_ignore=0", "sysctl -w net.ipv4.conf.lo.arp_announce=0"),
            commands(RolePlanner.plan(rs("192.0.2.10"), RoleTarget.NONE, saved)));
    }

    @Test
    void aLoadBalancerHoldsTheVipOnItsServiceInterfaceAndAnIpv6RealServerNeedsNoArpSysctls() throws Exception {
        assertEquals(List.of("ip addr add 192.0.2.10/32 dev eth0"),
            commands(RolePlanner.plan(RoleTarget.NONE, lb("192.0.2.10", "eth0"), SavedSysctls.NONE)));
        assertEquals(List.of("ip addr del 192.0.2.10/32 dev eth0", "ip addr add 2001:db8:0:0:0:0:0:10/128 dev lo"),
            commands(RolePlanner.plan(lb("192.0.2.10", "eth0"), rs("2001:db8::10"), SavedSysctls.NONE)));
    }

    static RoleTarget lbWithFailover(String vip, String dev) throws Exception {
        return new RoleTarget(AgentRole.LOAD_BALANCER, Optional.of(InetAddress.getByName(vip)), dev, true);
    }

    @Test
    void aLoadBalancerWhoseVipIsTheFailoversLeavesItToTheFailover() throws Exception {
        // the failover adds it behind its fence while it holds the lease; the role adding it too would bypass that
        assertEquals(List.of(), RolePlanner.plan(RoleTarget.NONE, lbWithFailover("192.0.2.10", "eth0"),
            SavedSysctls.NONE));
        assertEquals(List.of(), RolePlanner.plan(lbWithFailover("192.0.2.10", "eth0"), RoleTarget.NONE,
            SavedSysctls.NONE), "nor does leaving the role remove what the failover may hold");
        RoleTarget bs = new RoleTarget(AgentRole.BACKUP_SERVER, Optional.of(InetAddress.getByName("192.0.2.10")), "eth0",
            true);
        assertEquals(List.of(), RolePlanner.plan(lbWithFailover("192.0.2.10", "eth0"), bs, SavedSysctls.NONE),
            "lb -> bs of the same failover: nothing to do on the host");
        // the role added the VIP before the failover was configured for it: it is the failover's now, left in place
        assertEquals(List.of(), RolePlanner.plan(lb("192.0.2.10", "eth0"), lbWithFailover("192.0.2.10", "eth0"),
            SavedSysctls.NONE));
        // ... but a VIP of another cluster that the role added goes
        assertEquals(List.of("ip addr del 192.0.2.99/32 dev eth0"), commands(RolePlanner.plan(lb("192.0.2.99", "eth0"),
            lbWithFailover("192.0.2.10", "eth0"), SavedSysctls.NONE)));
        // without a failover for the VIP the role owns it, as before
        assertEquals(List.of("ip addr add 192.0.2.10/32 dev eth0"),
            commands(RolePlanner.plan(lbWithFailover("192.0.2.10", "eth0"), lb("192.0.2.10", "eth0"),
                SavedSysctls.NONE)));
        assertThrows(IllegalArgumentException.class, () -> new RoleTarget(AgentRole.REAL_SERVER,
            Optional.of(InetAddress.getByName("192.0.2.10")), "", true), "a real server's VIP is never the failover's");
    }

    @Test
    void theSameTargetPlansOnlyItsSetUpWhichExecutorsFindDone() throws Exception {
        assertEquals(RolePlanner.setUp(rs("192.0.2.10")),
            RolePlanner.plan(rs("192.0.2.10"), rs("192.0.2.10"), SavedSysctls.NONE));
    }

    @Test
    void rolesThatServeNeedTheirVipAndALoadBalancerItsInterface() throws Exception {
        assertThrows(IllegalArgumentException.class,
            () -> new RoleTarget(AgentRole.REAL_SERVER, Optional.empty(), ""));
        assertThrows(IllegalArgumentException.class,
            () -> new RoleTarget(AgentRole.LOAD_BALANCER, Optional.of(InetAddress.getByName("192.0.2.1")), " "));
    }
}
