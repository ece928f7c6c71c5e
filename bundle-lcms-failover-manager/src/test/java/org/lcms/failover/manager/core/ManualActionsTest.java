package org.lcms.failover.manager.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lcms.failover.manager.api.FailoverActionException;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;
import org.lcms.snmp.api.ChainMemberLiveState;
import org.lcms.snmp.api.ClusterLiveState;
import org.lcms.snmp.api.FailoverReport;
import org.lcms.snmp.api.FailoverReport.FailoverState;
import org.lcms.snmp.api.Reachability;

class ManualActionsTest {
    static LoadCluster web(boolean active) {
        return LoadCluster.of("web", new VirtualService(IpAddress.parse("192.0.2.10"), 80, ServiceProtocol.TCP),
                Scheduler.WRR).withLoadBalancer("lb").withBackups(List.of("bs1", "bs2"))
            .withRealServers(List.of(new RealServerMember("rs1", 3), new RealServerMember("rs2", 1)))
            .withActive(active);
    }

    static Inventory inventory(LoadCluster c) {
        return new Inventory(1, List.of(Host.of("lb", IpAddress.parse("10.0.0.1"))), List.of(c), List.of());
    }

    static FailoverReport report(int rank, FailoverState state, String holder, long epoch, List<String> ready) {
        return new FailoverReport(1, "web", rank, state, holder, epoch, state == FailoverState.HOLDER ? 90 : 0, 5, 5,
            ready, false);
    }

    static ClusterLiveState live(ChainMemberLiveState... chain) {
        return new ClusterLiveState("web", "192.0.2.10", 80, "tcp", true, "lb", List.of("bs1", "bs2"),
            Optional.empty(), List.of(), List.of(), 0, List.of(chain));
    }

    static final List<String> ALL_READY = List.of("lb", "bs1", "bs2");

    static ClusterLiveState lbHolds(List<String> ready, Reachability bs2) {
        return live(
            new ChainMemberLiveState("lb", 0, Reachability.REACHABLE, Optional.of(report(0, FailoverState.HOLDER, "lb",
                4, ready))),
            new ChainMemberLiveState("bs1", 1, Reachability.REACHABLE, Optional.of(report(1, FailoverState.STANDBY,
                "lb", 4, ready))),
            new ChainMemberLiveState("bs2", 2, bs2, Optional.of(report(2, FailoverState.STANDBY, "lb", 4, ready))));
    }

    @Test
    void drainAndEnableChangeOnlyThatMemberAndSayWhenThereIsNothingToDo() {
        LoadCluster drained = ManualActions.drain(inventory(web(true)), "web", "RS1", true).orElseThrow();
        assertEquals(new RealServerMember("rs1", 3, true), drained.realServer("rs1").orElseThrow());
        assertEquals(new RealServerMember("rs2", 1, false), drained.realServer("rs2").orElseThrow());
        assertEquals(Optional.empty(), ManualActions.drain(inventory(drained), "web", "rs1", true));
        assertEquals(Optional.empty(), ManualActions.drain(inventory(web(true)), "web", "rs1", false));
        assertTrue(ManualActions.lastEnabled(drained, "rs2"));
    }

    @Test
    void drainRefusesUnknownClustersAndRealServersWithWhatToDo() {
        assertEquals("there is no cluster 'www'; lcms:cluster-list shows the clusters", assertThrows(
            FailoverActionException.class, () -> ManualActions.drain(inventory(web(true)), "www", "rs1", true))
            .getMessage());
        assertEquals("bs1 is not a real server of cluster web (its real servers: rs1, rs2); lcms:cluster-show web",
            assertThrows(FailoverActionException.class,
                () -> ManualActions.drain(inventory(web(true)), "web", "bs1", true)).getMessage());
    }

    @Test
    void aSwitchoverAsksTheHolderForTheNamedOrTheBestReadyMember() {
        assertEquals(new ManualActions.Switchover("web", "lb", "bs2", 4),
            ManualActions.switchover(web(true), lbHolds(ALL_READY, Reachability.REACHABLE), Optional.of("BS2")));
        assertEquals(new ManualActions.Switchover("web", "lb", "bs1", 4),
            ManualActions.switchover(web(true), lbHolds(ALL_READY, Reachability.REACHABLE), Optional.empty()));
    }

    @Test
    void aSwitchoverThatCannotWorkIsRefusedWithTheReason() {
        assertEquals("cluster web is inactive: its roles are not applied and no agent serves its VIP; activate it "
            + "first (lcms:cluster-activate web)", refusal(web(false), lbHolds(ALL_READY, Reachability.REACHABLE),
            "bs1"));
        assertEquals("cluster web has no backup server: there is no other member to hand its VIP to; add one "
            + "(lcms:cluster-add-backup web HOST)", refusal(web(true).withBackups(List.of()),
            lbHolds(ALL_READY, Reachability.REACHABLE), "bs1"));
        assertEquals("rs1 is not the load balancer or a backup of cluster web (its failover chain: lb, bs1, bs2)",
            refusal(web(true), lbHolds(ALL_READY, Reachability.REACHABLE), "rs1"));
        assertEquals("lb holds the VIP of cluster web already (epoch 4); nothing to switch",
            refusal(web(true), lbHolds(ALL_READY, Reachability.REACHABLE), "lb"));
        assertEquals("bs2's node agent does not answer the manager; it cannot be trusted to take the VIP of web: "
            + "check it (lcms:poll bs2)", refusal(web(true), lbHolds(ALL_READY, Reachability.UNREACHABLE), "bs2"));
        assertEquals("bs2 is not ready to take the VIP of cluster web in lb's view (ready: lb, bs1): it is not "
            + "heard or does not reach a majority of the witnesses; check its node agent",
            refusal(web(true), lbHolds(List.of("lb", "bs1"), Reachability.REACHABLE), "bs2"));
        assertTrue(refusal(web(true), live(new ChainMemberLiveState("lb", 0, Reachability.REACHABLE,
            Optional.empty())), "bs1").startsWith("no agent of cluster web reports a failover for it"));
        assertEquals("no member of cluster web reports holding its VIP (lb: standby, epoch 4; bs1: unreachable); "
            + "lcms:cluster-status web shows what each agent sees", refusal(web(true), live(
            new ChainMemberLiveState("lb", 0, Reachability.REACHABLE, Optional.of(report(0, FailoverState.STANDBY, "",
                4, List.of()))),
            new ChainMemberLiveState("bs1", 1, Reachability.UNREACHABLE, Optional.of(report(1, FailoverState.HOLDER,
                "bs1", 4, List.of())))), "bs1"));
    }

    private static String refusal(LoadCluster c, ClusterLiveState live, String target) {
        return assertThrows(FailoverActionException.class,
            () -> ManualActions.switchover(c, live, Optional.ofNullable(target))).getMessage();
    }
}
