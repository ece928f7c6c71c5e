package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.LoadCluster;
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.snmp.api.HostLiveState;
import org.lcms.snmp.api.Reachability;
import org.lcms.snmp.api.RoleAssignment;
import org.lcms.snmp.api.RoleAssignment.Status;
import org.lcms.snmp.api.RoleReport;

class BuildProgressTest {
    private static final Instant T = BuilderFixture.NOW;
    private static final LoadCluster API = DraftCheck.cluster(BuilderFixture.complete());
    private static final long APPLIED = 8;

    private static RoleAssignment a(String host, String wanted, Status status, int attempts, String error) {
        return new RoleAssignment(host, wanted, status, attempts, error, T);
    }

    private static ClusterStateSnapshot snapshot(long revision, List<RoleAssignment> assignments,
                                                 HostLiveState... hosts) {
        Map<String, RoleAssignment> byHost = new HashMap<>();
        assignments.forEach(x -> byHost.put(x.host(), x));
        Map<String, HostLiveState> live = new HashMap<>();
        for (HostLiveState h : hosts) {
            live.put(h.hostName(), h);
        }
        return new ClusterStateSnapshot(T, revision, live, Map.of(), byHost);
    }

    private static List<RoleAssignment> allInSync() {
        return List.of(a("lvs-1", "lb of api (VIP 192.0.2.101)", Status.IN_SYNC, 0, ""),
            a("lvs-2", "bs #1 of api (VIP 192.0.2.101)", Status.IN_SYNC, 0, ""),
            a("web-1", "rs of api (VIP 192.0.2.101)", Status.IN_SYNC, 0, ""),
            a("web-2", "rs of api (VIP 192.0.2.101)", Status.IN_SYNC, 0, ""));
    }

    private static List<BuildProgress.State> states(BuildProgress p) {
        return p.hosts().stream().map(BuildProgress.HostProgress::state).toList();
    }

    @Test
    void everyMemberInItsRoleOrderWithWhatTheClusterMakesOfIt() {
        BuildProgress p = BuildProgress.of(API, APPLIED, Optional.of(snapshot(APPLIED, allInSync())),
            Duration.ofMillis(2345));
        assertEquals(List.of("lvs-1", "lvs-2", "web-1", "web-2"), p.hosts().stream()
            .map(BuildProgress.HostProgress::host).toList());
        assertEquals(List.of("lb", "bs #1", "rs weight 10", "rs weight 20"), p.hosts().stream()
            .map(BuildProgress.HostProgress::role).toList());
        assertTrue(p.done());
        assertEquals("All 4 hosts of api have their roles (2.3 s after apply).", p.summary());
    }

    @Test
    void anInSyncFromBeforeTheBuildDoesNotCount() {
        // The manager still works from the model before the build: every host is "in sync" with role none.
        List<RoleAssignment> old = List.of(a("lvs-1", "none", Status.IN_SYNC, 0, ""),
            a("lvs-2", "none", Status.IN_SYNC, 0, ""), a("web-1", "rs of web (VIP 192.0.2.100)", Status.IN_SYNC, 0,
                ""), a("web-2", "none", Status.IN_SYNC, 0, ""));
        BuildProgress before = BuildProgress.of(API, APPLIED, Optional.of(snapshot(APPLIED - 1, allInSync())),
            Duration.ZERO);
        assertEquals(List.of(BuildProgress.State.PENDING, BuildProgress.State.PENDING, BuildProgress.State.PENDING,
            BuildProgress.State.PENDING), states(before));
        assertEquals("the manager has not read the new cluster yet", before.hosts().get(0).detail());
        BuildProgress notPlanned = BuildProgress.of(API, APPLIED, Optional.of(snapshot(APPLIED, old)), Duration.ZERO);
        assertFalse(notPlanned.done());
        assertTrue(notPlanned.hosts().stream().allMatch(h -> h.state() == BuildProgress.State.PENDING),
            () -> notPlanned.hosts().toString());
        assertEquals("0 of 4 hosts of api have their roles; the manager is assigning the others.",
            notPlanned.summary());
    }

    @Test
    void aHostWhoseAgentDoesNotAnswerIsNamedWithTheReasonAndWhatHappensNext() {
        List<RoleAssignment> list = new java.util.ArrayList<>(allInSync());
        list.set(3, a("web-2", "rs of api (VIP 192.0.2.101)", Status.WAITING_FOR_HOST, 1, ""));
        HostLiveState down = new HostLiveState("web-2", "192.0.2.22/1161", Reachability.UNREACHABLE, T, null, 0, 3,
            "no answer within 300 ms", Optional.empty(), RoleReport.NONE, List.of(), List.of(), List.of());
        BuildProgress p = BuildProgress.of(API, APPLIED, Optional.of(snapshot(APPLIED, list, down)), Duration.ZERO);
        assertFalse(p.done());
        assertEquals(BuildProgress.State.AGENT_DOWN, p.hosts().get(3).state());
        assertEquals("its agent does not answer: no answer within 300 ms", p.hosts().get(3).detail());
        assertTrue(p.summary().startsWith("3 of 4 hosts of api have their roles. web-2 (rs weight 20) waiting for "
            + "its agent: its agent does not answer: no answer within 300 ms. The cluster is built; the manager "
            + "retries by itself"), p.summary());
        assertTrue(p.summary().contains("no need to build again"), p.summary());
    }

    @Test
    void aFailedWriteShowsTheAgentsReason() {
        List<RoleAssignment> list = new java.util.ArrayList<>(allInSync());
        list.set(0, a("lvs-1", "lb of api (VIP 192.0.2.101)", Status.FAILED, 2, "agent refused lcmsRoleSet: "
            + "inconsistentValue (VIP in use)"));
        list.set(1, a("lvs-2", "bs #1 of api (VIP 192.0.2.101)", Status.APPLYING, 1, ""));
        BuildProgress p = BuildProgress.of(API, APPLIED, Optional.of(snapshot(APPLIED, list)), Duration.ZERO);
        assertEquals(List.of(BuildProgress.State.FAILED, BuildProgress.State.PENDING, BuildProgress.State.IN_SYNC,
            BuildProgress.State.IN_SYNC), states(p));
        assertEquals("agent refused lcmsRoleSet: inconsistentValue (VIP in use)", p.hosts().get(0).detail());
        assertEquals(2, p.hosts().get(0).attempts());
        assertEquals("writing its role bs #1 of api (VIP 192.0.2.101) (attempt 1)", p.hosts().get(1).detail());
        assertTrue(p.summary().contains("lvs-1 (lb) failed: agent refused"), p.summary());
    }

    @Test
    void withoutTheLiveStateNothingIsAssignedAndTheReportSaysSo() {
        BuildProgress p = BuildProgress.of(API, APPLIED, Optional.empty(), Duration.ZERO);
        assertFalse(p.done());
        assertTrue(p.summary().contains("feature lcms-snmp"), p.summary());
    }

    @Test
    void theSameSnapshotGivesTheSameProgressSoTheViewRefreshesOnlyOnChange() {
        ClusterStateSnapshot s = snapshot(APPLIED, allInSync());
        assertEquals(BuildProgress.of(API, APPLIED, Optional.of(s), Duration.ZERO).hosts(),
            BuildProgress.of(API, APPLIED, Optional.of(s), Duration.ofSeconds(3)).hosts());
    }

    @Test
    void anAssignmentOfAnotherClusterWithASimilarNameIsNotThisOne() {
        List<RoleAssignment> list = List.of(a("lvs-1", "lb of api-2 (VIP 192.0.2.102)", Status.IN_SYNC, 0, ""));
        BuildProgress p = BuildProgress.of(API, APPLIED, Optional.of(snapshot(APPLIED, list)), Duration.ZERO);
        assertEquals(BuildProgress.State.PENDING, p.hosts().get(0).state());
    }
}
