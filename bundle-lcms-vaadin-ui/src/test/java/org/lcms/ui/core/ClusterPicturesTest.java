package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
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
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.FailoverReport;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.Reachability;
import org.lcms.snmp.api.RealServerLiveState;
import org.lcms.snmp.api.RealServerReport;
import org.lcms.snmp.api.RealServerStatus;
import org.lcms.snmp.api.Severity;

class ClusterPicturesTest {
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final LoadCluster WEB = LoadCluster.of("web",
            new VirtualService(IpAddress.parse("10.0.0.100"), 80, ServiceProtocol.parse("tcp")), Scheduler.parse("wrr"))
        .withLoadBalancer("lb1").withBackups(List.of("bs1"))
        .withRealServers(List.of(new RealServerMember("rs1", 10), new RealServerMember("rs2", 20, true),
            new RealServerMember("rs3", 30), new RealServerMember("rs4", 40)))
        .withActive(true);
    static final Inventory MODEL = new Inventory(7, List.of(host("lb1", 1), host("bs1", 2), host("rs1", 11),
        host("rs2", 12), host("rs3", 13), host("rs4", 14)), List.of(WEB), List.of());

    static Host host(String name, int last) {
        return Host.of(name, IpAddress.parse("10.0.0." + last));
    }

    static ClusterStateSnapshot live(String holder) {
        ClusterLiveState state = new ClusterLiveState("web", "10.0.0.100", 80, "tcp", true, "lb1", List.of("bs1"),
            Optional.of(holder), List.of(), List.of(
                rs("rs1", 11, RealServerStatus.UP, RealServerStatus.UP, 10, ""),
                rs("rs2", 12, RealServerStatus.DRAINING, RealServerStatus.DRAINING, 0, ""),
                rs("rs3", 13, RealServerStatus.UP, RealServerStatus.DOWN, 0, "http: connection refused"),
                rs("rs4", 14, RealServerStatus.UP, RealServerStatus.DRAINING, 0, "tcp: timeout")), 4,
            List.of(new ChainMemberLiveState("lb1", 0, Reachability.REACHABLE, Optional.of(report(holder.equals("lb1")))),
                new ChainMemberLiveState("bs1", 1, Reachability.UNREACHABLE, Optional.empty())));
        return new ClusterStateSnapshot(T0, 7, Map.of(), Map.of("web", state), Map.of());
    }

    static FailoverReport report(boolean holding) {
        return new FailoverReport(1, "web", 0, holding ? FailoverReport.FailoverState.HOLDER
            : FailoverReport.FailoverState.STANDBY, "lb1", 4, 100, 3, 3, List.of("lb1", "bs1"), false);
    }

    static RealServerLiveState rs(String host, int last, RealServerStatus status, RealServerStatus effective,
                                  int effectiveWeight, String reason) {
        String address = "10.0.0." + last;
        return new RealServerLiveState(host, address, 1, Optional.of(new RealServerReport(1, last, address, 80, 10,
            status, 5, 2, 3, effective, effectiveWeight, reason)), Reachability.REACHABLE);
    }

    @Test
    void thePictureHasTheChainInOrderAndEachRealServersStatusWithItsReason() {
        LcmsEvent older = new LcmsEvent(1, T0.plusSeconds(1), EventType.REAL_SERVER_STATE_CHANGE, Severity.MINOR, "lb1",
            "web", "rs3 down", Map.of("lcmsRsAddress", "10.0.0.13"), true);
        LcmsEvent newer = new LcmsEvent(2, T0.plusSeconds(2), EventType.REAL_SERVER_STATE_CHANGE, Severity.MINOR, "lb1",
            "web", "rs3 down again", Map.of("lcmsRsAddress", "10.0.0.13"), true);
        LcmsEvent otherCluster = new LcmsEvent(3, T0.plusSeconds(3), EventType.REAL_SERVER_STATE_CHANGE,
            Severity.MINOR, "lbx", "mail", "", Map.of("lcmsRsAddress", "10.0.0.13"), true);
        ClusterPicture p = ClusterPictures.of("web", MODEL, Optional.of(live("lb1")), List.of(newer, older,
            otherCluster)).orElseThrow();
        assertEquals("10.0.0.100:80/tcp", p.service());
        assertEquals(List.of("lb1", "bs1"), p.chain().stream().map(ClusterPicture.ChainNode::host).toList());
        ClusterPicture.ChainNode lb = p.chainNode("lb1").orElseThrow();
        assertEquals("load balancer", lb.roleLabel());
        assertEquals("reachable", lb.reach());
        assertEquals("holder", lb.election());
        assertTrue(lb.holdsVip());
        assertEquals("10.0.0.1", lb.address());
        ClusterPicture.ChainNode bs = p.chainNode("bs1").orElseThrow();
        assertEquals("backup 1", bs.roleLabel());
        assertEquals("unreachable", bs.reach());
        assertFalse(bs.holdsVip());
        assertEquals("lb1", p.vipHolderText());

        assertEquals(ClusterPictures.UP, p.realServer("rs1").orElseThrow().status());
        assertEquals(ClusterPictures.DRAINING, p.realServer("rs2").orElseThrow().status());
        assertTrue(p.realServer("rs2").orElseThrow().drained());
        ClusterPicture.RealServerNode rs3 = p.realServer("rs3").orElseThrow();
        assertEquals(ClusterPictures.DOWN, rs3.status());
        assertEquals("http: connection refused", rs3.healthReason());
        assertEquals(30, rs3.weight(), "the configured weight is the model's");
        assertEquals(Optional.of(0), rs3.effectiveWeight());
        assertEquals(Optional.of("5 active, 2 inactive"), rs3.connections());
        assertEquals(Optional.of(T0.plusSeconds(2)), rs3.lastChange(), "the newest change of this cluster's rs3");
        assertEquals(ClusterPictures.HELD_OUT, p.realServer("rs4").orElseThrow().status());
        assertEquals(Optional.empty(), p.realServer("rs1").orElseThrow().lastChange());
        assertEquals(List.of(), p.problems());
    }

    @Test
    void withoutLiveStateEverythingLiveIsUnknownAndTheGapIsNamed() {
        ClusterPicture p = ClusterPictures.of("WEB", MODEL, Optional.empty(), List.of()).orElseThrow();
        assertEquals("unknown", p.chainNode("lb1").orElseThrow().reach());
        assertEquals("unknown", p.chainNode("lb1").orElseThrow().roleState());
        assertEquals(ClusterPictures.UNKNOWN, p.realServer("rs1").orElseThrow().status());
        assertEquals(Optional.empty(), p.realServer("rs1").orElseThrow().effectiveWeight());
        assertEquals(DashboardSummaries.NO_LIVE_STATE, p.vipHolderText());
        assertEquals(1, p.problems().size());
        assertTrue(p.problems().get(0).contains("lcms-snmp"), p.problems().toString());
    }

    @Test
    void aClusterNotInTheModelHasNoPicture() {
        assertTrue(ClusterPictures.of("gone", MODEL, Optional.empty(), List.of()).isEmpty());
    }

    @Test
    void theShapeChangesOnlyWithTheMembers() {
        ClusterPicture a = ClusterPictures.of("web", MODEL, Optional.of(live("lb1")), List.of()).orElseThrow();
        ClusterPicture b = ClusterPictures.of("web", MODEL, Optional.of(live("bs1")), List.of()).orElseThrow();
        assertTrue(a.sameShape(b), "a new VIP holder changes states, not the shape");
        Inventory fewer = new Inventory(8, MODEL.hosts(), List.of(WEB.withoutRealServer("rs4")), List.of());
        ClusterPicture c = ClusterPictures.of("web", fewer, Optional.of(live("lb1")), List.of()).orElseThrow();
        assertFalse(a.sameShape(c));
    }
}
