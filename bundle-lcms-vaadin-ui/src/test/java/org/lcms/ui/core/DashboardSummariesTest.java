package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.Reachability;
import org.lcms.snmp.api.RealServerLiveState;
import org.lcms.snmp.api.RealServerReport;
import org.lcms.snmp.api.RealServerStatus;
import org.lcms.snmp.api.Severity;

class DashboardSummariesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final LoadCluster WEB = LoadCluster.of("web",
            new VirtualService(IpAddress.parse("10.0.0.100"), 80, ServiceProtocol.parse("tcp")), Scheduler.parse("wrr"))
        .withLoadBalancer("lb1").withBackups(List.of("bs1", "bs2"))
        .withRealServers(List.of(new RealServerMember("rs1", 1), new RealServerMember("rs2", 2))).withActive(true);
    private static final Inventory MODEL = new Inventory(7, List.of(Host.of("lb1", IpAddress.parse("10.0.0.1"))),
        List.of(WEB), List.of());

    @Test
    void withoutLiveStateTheModelIsShownAndTheGapNamed() {
        ClusterSummary row = DashboardSummaries.of(MODEL, Optional.empty(), List.of()).get(0);
        assertEquals("web", row.id());
        assertEquals("10.0.0.100:80/tcp", row.service());
        assertEquals("wrr", row.scheduler());
        assertEquals(DashboardSummaries.NO_LIVE_STATE, row.vipHolder());
        assertEquals(List.of("bs1", "bs2"), row.backups());
        assertEquals("? / 2", row.realServersText());
        assertEquals("none", row.alarmsText());
    }

    @Test
    void liveStateGivesHolderBackupsRealServersAndAlarms() {
        ClusterLiveState live = new ClusterLiveState("web", "10.0.0.100", 80, "tcp", true, "lb1", List.of("bs1", "bs2"),
            Optional.of("bs1"), List.of(), List.of(
                rs("rs1", RealServerStatus.UP), rs("rs2", RealServerStatus.DOWN)), 3,
            List.of(new ChainMemberLiveState("lb1", 0, Reachability.UNREACHABLE, Optional.empty()),
                new ChainMemberLiveState("bs1", 1, Reachability.REACHABLE, Optional.empty()),
                new ChainMemberLiveState("bs2", 2, Reachability.UNREACHABLE, Optional.empty())));
        ClusterStateSnapshot snapshot = new ClusterStateSnapshot(T0, 7, Map.of(), Map.of("web", live), Map.of());
        List<LcmsEvent> events = List.of(
            event(1, EventType.LOAD_BALANCER_LOST, Severity.CRITICAL, "lb1", "web", Map.of()),
            event(2, EventType.REAL_SERVER_STATE_CHANGE, Severity.MINOR, "lb1", "web",
                Map.of("lcmsRsAddress", "10.0.0.12", "lcmsRsPort", "80")),
            event(3, EventType.AGENT_UNREACHABLE, Severity.MAJOR, "bs2", "", Map.of()),
            event(4, EventType.AGENT_UNREACHABLE, Severity.MAJOR, "elsewhere", "", Map.of()));
        ClusterSummary row = DashboardSummaries.of(MODEL, Optional.of(snapshot), events).get(0);
        assertEquals("bs1", row.vipHolder());
        assertEquals(List.of("bs1", "bs2 (unreachable)"), row.backups());
        assertEquals("1 / 2", row.realServersText());
        assertEquals("3 (critical)", row.alarmsText(), "the host elsewhere is none of this cluster's: " + row.alarms());
    }

    @Test
    void aLaterClearEndsTheAlarmAndOnlyTheSameSubjectClearsIt() {
        List<LcmsEvent> events = List.of(
            event(5, EventType.REAL_SERVER_STATE_CHANGE, Severity.NORMAL, "lb1", "web",
                Map.of("lcmsRsAddress", "10.0.0.12", "lcmsRsPort", "80")),
            event(2, EventType.REAL_SERVER_STATE_CHANGE, Severity.MINOR, "lb1", "web",
                Map.of("lcmsRsAddress", "10.0.0.12", "lcmsRsPort", "80")),
            event(3, EventType.REAL_SERVER_STATE_CHANGE, Severity.MINOR, "lb1", "web",
                Map.of("lcmsRsAddress", "10.0.0.13", "lcmsRsPort", "80")),
            event(1, EventType.AGENT_UNREACHABLE, Severity.MAJOR, "rs1", "", Map.of()),
            event(4, EventType.AGENT_REACHABLE, Severity.NORMAL, "rs1", "", Map.of()));
        List<LcmsEvent> active = ActiveAlarms.of(events);
        assertEquals(1, active.size(), active.toString());
        assertEquals(3, active.get(0).sequence());
    }

    @Test
    void anInactiveClusterHasNoHolder() {
        Inventory model = new Inventory(1, List.of(), List.of(WEB.withActive(false)), List.of());
        ClusterStateSnapshot empty = new ClusterStateSnapshot(T0, 1, Map.of(), Map.of(), Map.of());
        assertEquals("none (cluster inactive)",
            DashboardSummaries.of(model, Optional.of(empty), List.of()).get(0).vipHolder());
    }

    private static RealServerLiveState rs(String host, RealServerStatus status) {
        return new RealServerLiveState(host, "10.0.0.1" + host.charAt(2), 1, Optional.of(new RealServerReport(1, 1,
            "10.0.0.1" + host.charAt(2), 80, 1, status, 0, 0, 0)), Reachability.REACHABLE);
    }

    private static LcmsEvent event(long seq, EventType type, Severity severity, String host, String cluster,
                                   Map<String, String> details) {
        return new LcmsEvent(seq, T0.plusSeconds(seq), type, severity, host, cluster, type.notification() + " " + seq,
            details, true);
    }
}
