package org.lcms.snmp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Role;
import org.lcms.model.api.RoleState;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;
import org.lcms.snmp.api.FailoverReport;
import org.lcms.snmp.api.HostLiveState;
import org.lcms.snmp.api.Reachability;
import org.lcms.snmp.api.RealServerReport;
import org.lcms.snmp.api.RealServerStatus;
import org.lcms.snmp.api.RoleReport;
import org.lcms.snmp.api.VirtualServiceReport;

class RoleReconcilerTest {
    static final IpAddress VIP = IpAddress.parse("192.0.2.10");

    static Host host(String name, String address) {
        return Host.of(name, IpAddress.parse(address));
    }

    static LoadCluster web(boolean active) {
        return LoadCluster.of("web", new VirtualService(VIP, 80, ServiceProtocol.TCP), Scheduler.WLC)
            .withLoadBalancer("lb").withBackups(List.of("bs1", "bs2"))
            .withRealServers(List.of(new RealServerMember("rs1", 3), new RealServerMember("rs2", 1))).withActive(active);
    }

    static Inventory inventory(LoadCluster... clusters) {
        return new Inventory(1, List.of(host("lb", "10.0.0.1"), host("bs1", "10.0.0.2"), host("bs2", "10.0.0.3"),
            host("rs1", "10.0.1.1"), host("rs2", "10.0.1.2"), host("spare", "10.0.2.1")), List.of(clusters), List.of());
    }

    static HostLiveState seen(RoleReport role, List<VirtualServiceReport> vs, List<RealServerReport> rs) {
        return new HostLiveState("lb", "10.0.0.1/161", Reachability.REACHABLE, null, null, 1, 0, "", Optional.empty(),
            role, vs, rs, List.of());
    }

    static final RoleReport LB_ACTIVE = new RoleReport(Role.LOAD_BALANCER, RoleState.ACTIVE, "web", "192.0.2.10", 0, 1,
        "");

    @Test
    void anActiveClusterGivesEveryMemberItsRoleAndTheRestNone() {
        Map<String, DesiredRole> d = RoleReconciler.desired(inventory(web(true)));
        assertEquals("lb of web (VIP 192.0.2.10)", d.get("lb").describe());
        assertEquals("bs #1 of web (VIP 192.0.2.10)", d.get("bs1").describe());
        assertEquals(2, d.get("bs2").backupRank());
        assertEquals(Role.REAL_SERVER, d.get("rs2").role());
        assertEquals(DesiredRole.NONE, d.get("spare"));
        DesiredRole.Table t = d.get("lb").table().orElseThrow();
        assertEquals(List.of(new DesiredRole.RealServer("rs1", IpAddress.parse("10.0.1.1"), 80, 3),
            new DesiredRole.RealServer("rs2", IpAddress.parse("10.0.1.2"), 80, 1)), t.realServers());
    }

    @Test
    void theBackupsGetTheLoadBalancersTableAndAStandbyBackupIsWrittenIt() {
        Map<String, DesiredRole> d = RoleReconciler.desired(inventory(web(true)));
        assertEquals(d.get("lb").table(), d.get("bs1").table(), "the failover must find it there with the manager down");
        assertEquals(d.get("lb").table(), d.get("bs2").table());
        RoleReport standby = new RoleReport(Role.BACKUP_SERVER, RoleState.STANDBY, "web", "192.0.2.10", 1, 0, "");
        List<AgentWrite> w = RoleReconciler.plan(d.get("bs1"), seen(standby, List.of(), List.of()));
        assertTrue(!w.isEmpty() && w.stream().noneMatch(x -> x instanceof AgentWrite.SetRole),
            "a standby backup with the right role gets the table: " + w);
        RoleReport applying = new RoleReport(Role.BACKUP_SERVER, RoleState.APPLYING, "web", "192.0.2.10", 1, 0, "");
        assertEquals(List.of(), RoleReconciler.plan(d.get("bs1"), seen(applying, List.of(), List.of())),
            "not while the role is being applied");
    }

    @Test
    void everyChainMemberGetsTheSameTableWhetherActiveOrStandby() {
        // After a switchover (lb -> bs1) the former load balancer reports standby and bs1 active: a drain made then
        // must reach both, or lb dispatches the stale table when the VIP comes back.
        LoadCluster drained = web(true).withRealServerDrained("rs1", true);
        Map<String, DesiredRole> d = RoleReconciler.desired(inventory(drained));
        VirtualServiceReport vs = new VirtualServiceReport(1, "192.0.2.10", 80, "tcp", "wlc");
        List<RealServerReport> up = List.of(
            new RealServerReport(1, 1, "10.0.1.1", 80, 3, RealServerStatus.UP, 0, 0, 0),
            new RealServerReport(1, 2, "10.0.1.2", 80, 1, RealServerStatus.UP, 0, 0, 0));
        List<AgentWrite> drain = List.of(new AgentWrite.SetDrained(1, 1, true));
        for (RoleState state : List.of(RoleState.ACTIVE, RoleState.STANDBY)) {
            assertEquals(drain, RoleReconciler.plan(d.get("lb"), seen(new RoleReport(Role.LOAD_BALANCER, state, "web",
                "192.0.2.10", 0, 2, ""), List.of(vs), up)), "load balancer " + state);
            for (String bs : List.of("bs1", "bs2")) {
                int rank = d.get(bs).backupRank();
                assertEquals(drain, RoleReconciler.plan(d.get(bs), seen(new RoleReport(Role.BACKUP_SERVER, state,
                    "web", "192.0.2.10", rank, 2, ""), List.of(vs), up)), bs + " " + state);
            }
        }
        // not while the role is not in effect: the agent refuses table writes then
        for (RoleState state : List.of(RoleState.UNKNOWN, RoleState.APPLYING, RoleState.FAILED)) {
            assertEquals(List.of(), RoleReconciler.plan(d.get("lb"), seen(new RoleReport(Role.LOAD_BALANCER, state,
                "web", "192.0.2.10", 0, 2, ""), List.of(vs), up)), "load balancer " + state);
        }
    }

    @Test
    void anInactiveClusterIsNotDeployed() {
        Map<String, DesiredRole> d = RoleReconciler.desired(inventory(web(false)));
        assertTrue(d.values().stream().allMatch(r -> r.equals(DesiredRole.NONE)), d.toString());
    }

    @Test
    void theRoleComesFirstAndAlone() {
        DesiredRole want = RoleReconciler.desired(inventory(web(true))).get("lb");
        List<AgentWrite> w = RoleReconciler.plan(want, seen(RoleReport.NONE, List.of(), List.of()));
        assertEquals(List.of(new AgentWrite.SetRole(Role.LOAD_BALANCER, "web", VIP, 0)), w);
        RoleReport applying = new RoleReport(Role.LOAD_BALANCER, RoleState.APPLYING, "web", "192.0.2.10", 0, 0, "");
        assertEquals(List.of(), RoleReconciler.plan(want, seen(applying, List.of(), List.of())),
            "the table waits until the role is active");
    }

    @Test
    void anEmptyTableIsFilledInOneGo() {
        DesiredRole want = RoleReconciler.desired(inventory(web(true))).get("lb");
        List<AgentWrite> w = RoleReconciler.plan(want, seen(LB_ACTIVE, List.of(), List.of()));
        assertEquals(List.of(new AgentWrite.CreateVirtualService(1, VIP, 80, ServiceProtocol.TCP, Scheduler.WLC),
            new AgentWrite.CreateRealServer(1, 1, IpAddress.parse("10.0.1.1"), 80, 3),
            new AgentWrite.CreateRealServer(1, 2, IpAddress.parse("10.0.1.2"), 80, 1)), w);
    }

    @Test
    void aTableIsMendedRowByRowNeverTornDown() {
        DesiredRole want = RoleReconciler.desired(inventory(web(true))).get("lb");
        VirtualServiceReport vs = new VirtualServiceReport(1, "192.0.2.10", 80, "tcp", "rr");
        List<RealServerReport> rs = List.of(
            new RealServerReport(1, 1, "10.0.1.1", 80, 7, RealServerStatus.UP, 0, 0, 0),
            new RealServerReport(1, 4, "10.0.9.9", 80, 1, RealServerStatus.UP, 0, 0, 0));
        List<AgentWrite> w = RoleReconciler.plan(want, seen(LB_ACTIVE, List.of(vs), rs));
        assertEquals(List.of(new AgentWrite.SetScheduler(1, Scheduler.WLC), new AgentWrite.SetWeight(1, 1, 3),
            new AgentWrite.CreateRealServer(1, 5, IpAddress.parse("10.0.1.2"), 80, 1),
            new AgentWrite.DestroyRealServer(1, 4)), w);
    }

    @Test
    void lcmsRsStatusFollowsTheOperatorsDrainInTheModel() {
        LoadCluster drained = web(true).withRealServerDrained("rs1", true);
        Map<String, DesiredRole> d = RoleReconciler.desired(inventory(drained));
        VirtualServiceReport vs = new VirtualServiceReport(1, "192.0.2.10", 80, "tcp", "wlc");
        List<RealServerReport> up = List.of(
            new RealServerReport(1, 1, "10.0.1.1", 80, 3, RealServerStatus.UP, 5, 0, 1),
            new RealServerReport(1, 2, "10.0.1.2", 80, 1, RealServerStatus.UP, 0, 0, 1));
        assertEquals(List.of(new AgentWrite.SetDrained(1, 1, true)),
            RoleReconciler.plan(d.get("lb"), seen(LB_ACTIVE, List.of(vs), up)));
        // the backups keep the same table, drained rows included (they dispatch it after a takeover)
        RoleReport bsStandby = new RoleReport(Role.BACKUP_SERVER, RoleState.STANDBY, "web", "192.0.2.10", 1, 1, "");
        assertEquals(List.of(new AgentWrite.SetDrained(1, 1, true)),
            RoleReconciler.plan(d.get("bs1"), seen(bsStandby, List.of(vs), up)));
        // a new table carries the drain from the first write
        assertEquals(new AgentWrite.CreateRealServer(1, 1, IpAddress.parse("10.0.1.1"), 80, 3, true),
            RoleReconciler.plan(d.get("lb"), seen(LB_ACTIVE, List.of(), List.of())).get(1));
        // drained and so reported: nothing to write
        List<RealServerReport> asWanted = List.of(
            new RealServerReport(1, 1, "10.0.1.1", 80, 3, RealServerStatus.DRAINING, 5, 0, 1),
            new RealServerReport(1, 2, "10.0.1.2", 80, 1, RealServerStatus.UP, 0, 0, 1));
        assertEquals(List.of(), RoleReconciler.plan(d.get("lb"), seen(LB_ACTIVE, List.of(vs), asWanted)));
    }

    @Test
    void anEnabledRealServerIsPutBackUpWithItsWeight() {
        DesiredRole want = RoleReconciler.desired(inventory(web(true))).get("lb");
        VirtualServiceReport vs = new VirtualServiceReport(1, "192.0.2.10", 80, "tcp", "wlc");
        List<RealServerReport> rs = List.of(
            new RealServerReport(1, 1, "10.0.1.1", 80, 0, RealServerStatus.DRAINING, 5, 0, 1),
            new RealServerReport(1, 2, "10.0.1.2", 80, 1, RealServerStatus.DOWN, 0, 0, 1));
        assertEquals(List.of(new AgentWrite.SetWeight(1, 1, 3), new AgentWrite.SetDrained(1, 1, false),
            new AgentWrite.SetDrained(1, 2, false)), RoleReconciler.plan(want, seen(LB_ACTIVE, List.of(vs), rs)));
    }

    @Test
    void aMovedServiceIsReplaced() {
        DesiredRole want = RoleReconciler.desired(inventory(web(true))).get("lb");
        VirtualServiceReport old = new VirtualServiceReport(1, "192.0.2.10", 8080, "tcp", "wlc");
        List<AgentWrite> w = RoleReconciler.plan(want, seen(LB_ACTIVE, List.of(old), List.of()));
        assertEquals(new AgentWrite.DestroyVirtualService(1), w.get(0));
        assertEquals(new AgentWrite.CreateVirtualService(1, VIP, 80, ServiceProtocol.TCP, Scheduler.WLC), w.get(1));
        assertEquals(4, w.size());
    }

    @Test
    void noneOnlyNeedsTheRoleGone() {
        assertEquals(List.of(new AgentWrite.SetRole(Role.NONE, "", null, 0)),
            RoleReconciler.plan(DesiredRole.NONE, seen(LB_ACTIVE, List.of(), List.of())));
        assertEquals(List.of(), RoleReconciler.plan(DesiredRole.NONE, seen(
            new RoleReport(Role.NONE, RoleState.STANDBY, "old", "192.0.2.99", 0, 0, ""), List.of(), List.of())));
    }

    static HostLiveState seenWithFailover(RoleReport role, List<VirtualServiceReport> vs, List<RealServerReport> rs,
                                          FailoverReport failover) {
        return new HostLiveState("lb", "10.0.0.1/161", Reachability.REACHABLE, null, null, 1, 0, "", Optional.empty(),
            role, vs, rs, List.of(), List.of(failover));
    }

    static FailoverReport row(int index, String set, String inForce) {
        return new FailoverReport(index, "web", 0, FailoverReport.FailoverState.HOLDER, "lb", 1, 100, 3, 3,
            List.of("lb", "bs1"), false, set, inForce);
    }

    static final String IN_FORCE = "failbackDelay=10000 healthCheck=tcp interval=1000 timeout=500 rise=2 fall=2 "
        + "onFailure=remove";

    @Test
    void theModelsPolicyGoesToTheLoadBalancerAndEveryBackupWhenTheyReportAnother() {
        LoadCluster c = web(true).withPolicy(org.lcms.model.api.FailoverPolicy.parse("failbackDelay=never rise=3"));
        Map<String, DesiredRole> d = RoleReconciler.desired(inventory(c));
        assertEquals("failbackDelay=never rise=3", d.get("lb").policy());
        assertEquals("failbackDelay=never rise=3", d.get("bs2").policy());
        assertEquals("", d.get("rs1").policy(), "a real server is only a witness: no policy");
        VirtualServiceReport vs = new VirtualServiceReport(1, "192.0.2.10", 80, "tcp", "wlc");
        List<RealServerReport> rs = List.of(
            new RealServerReport(1, 1, "10.0.1.1", 80, 3, RealServerStatus.UP, 0, 0, 0),
            new RealServerReport(1, 2, "10.0.1.2", 80, 1, RealServerStatus.UP, 0, 0, 0));
        assertEquals(List.of(new AgentWrite.SetFailoverPolicy(2, "web", "failbackDelay=never rise=3")),
            RoleReconciler.plan(d.get("lb"), seenWithFailover(LB_ACTIVE, List.of(vs), rs, row(2, "", IN_FORCE))),
            "the row's own index");
        assertEquals(List.of(), RoleReconciler.plan(d.get("lb"), seenWithFailover(LB_ACTIVE, List.of(vs), rs,
            row(2, "failbackDelay=never rise=3", IN_FORCE))), "level-triggered: nothing once it reports the policy");
        // a standby backup gets it too (its table as well), and an agent without the policy table gets nothing
        RoleReport bsStandby = new RoleReport(Role.BACKUP_SERVER, RoleState.STANDBY, "web", "192.0.2.10", 2, 1, "");
        assertEquals(List.of(new AgentWrite.SetFailoverPolicy(1, "web", "failbackDelay=never rise=3")),
            RoleReconciler.plan(d.get("bs2"), seenWithFailover(bsStandby, List.of(vs), rs, row(1, "rise=9",
                IN_FORCE))));
        assertEquals(List.of(), RoleReconciler.plan(d.get("bs2"), seenWithFailover(bsStandby, List.of(vs), rs,
            row(1, "", ""))));
        // the model's policy cleared: the agents get "" (their files' values again)
        DesiredRole cleared = RoleReconciler.desired(inventory(web(true))).get("lb");
        assertEquals(List.of(new AgentWrite.SetFailoverPolicy(2, "web", "")), RoleReconciler.plan(cleared,
            seenWithFailover(LB_ACTIVE, List.of(vs), rs, row(2, "rise=3", IN_FORCE))));
    }
}
