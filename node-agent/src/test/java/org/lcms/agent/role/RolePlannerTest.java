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
