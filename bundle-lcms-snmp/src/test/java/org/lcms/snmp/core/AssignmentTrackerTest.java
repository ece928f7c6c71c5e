package org.lcms.snmp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.Role;
import org.lcms.model.api.RoleState;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.HostLiveState;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.Reachability;
import org.lcms.snmp.api.RoleAssignment;
import org.lcms.snmp.api.RoleReport;

class AssignmentTrackerTest {
    final EventLog log = new EventLog(100);
    final AssignmentTracker tracker = new AssignmentTracker(log);
    final DesiredRole rs = RoleReconciler.desired(RoleReconcilerTest.inventory(RoleReconcilerTest.web(true)))
        .get("rs1");
    final Instant t0 = Instant.parse("2026-11-25T12:00:00Z");

    static HostLiveState host(Reachability r, RoleReport role) {
        return new HostLiveState("rs1", "10.0.1.1/161", r, null, null, 1, 0, "", Optional.empty(), role, List.of(),
            List.of(), List.of());
    }

    final HostLiveState empty = host(Reachability.REACHABLE, RoleReport.NONE);
    final HostLiveState done = host(Reachability.REACHABLE,
        new RoleReport(Role.REAL_SERVER, RoleState.ACTIVE, "web", "192.0.2.10", 0, 0, ""));

    @Test
    void anUnreachableHostWaits() {
        AssignmentTracker.Decision d = tracker.decide("rs1", rs, host(Reachability.UNREACHABLE, RoleReport.NONE), t0);
        assertEquals(List.of(), d.writes());
        assertEquals(RoleAssignment.Status.WAITING_FOR_HOST, tracker.assignment("rs1").status());
    }

    @Test
    void oneWriteAtATimeThenDoneOnceTheAgentReportsIt() {
        assertEquals(1, tracker.decide("rs1", rs, empty, t0).writes().size());
        assertEquals(List.of(), tracker.decide("rs1", rs, empty, t0.plusMillis(10)).writes(), "one under way");
        assertEquals(List.of(), tracker.completed("rs1", rs, null, t0.plusMillis(20)));
        AssignmentTracker.Decision d = tracker.decide("rs1", rs, done, t0.plusMillis(30));
        assertEquals(List.of(), d.writes());
        assertEquals(1, d.raised().size());
        assertEquals(EventType.ROLE_ASSIGNMENT_DONE, d.raised().get(0).type());
        assertEquals(RoleAssignment.Status.IN_SYNC, tracker.assignment("rs1").status());
        assertEquals(List.of(), tracker.decide("rs1", rs, done, t0.plusMillis(40)).raised(), "done only once");
    }

    @Test
    void failuresAreRetriedWithAGrowingPauseAndAnnouncedOnce() {
        tracker.decide("rs1", rs, empty, t0);
        List<LcmsEvent> first = tracker.completed("rs1", rs, "commitFailed", t0);
        assertEquals(EventType.ROLE_ASSIGNMENT_FAILED, first.get(0).type());
        assertTrue(first.get(0).message().contains("commitFailed"), first.get(0).message());
        RoleAssignment a = tracker.assignment("rs1");
        assertEquals(RoleAssignment.Status.FAILED, a.status());
        assertEquals("commitFailed", a.lastError());
        assertEquals(List.of(), tracker.decide("rs1", rs, empty, t0.plusMillis(900)).writes(), "pause of 1 s");
        assertEquals(1, tracker.decide("rs1", rs, empty, t0.plusSeconds(1)).writes().size());
        assertEquals(List.of(), tracker.completed("rs1", rs, "commitFailed", t0.plusSeconds(1)), "announced once");
        assertEquals(List.of(), tracker.decide("rs1", rs, empty, t0.plusSeconds(2)).writes(), "now 2 s");
        assertEquals(1, tracker.decide("rs1", rs, empty, t0.plusSeconds(3)).writes().size());
        assertEquals(2, tracker.assignment("rs1").attempts() - 1);
        tracker.completed("rs1", rs, null, t0.plusSeconds(3));
        assertEquals(EventType.ROLE_ASSIGNMENT_DONE, tracker.decide("rs1", rs, done, t0.plusSeconds(4)).raised()
            .get(0).type());
        assertEquals(Duration.ofSeconds(60), AssignmentTracker.LAST_RETRY);
    }

    @Test
    void aNewWantedRoleStartsOver() {
        tracker.decide("rs1", rs, empty, t0);
        tracker.completed("rs1", rs, "refused", t0);
        AssignmentTracker.Decision d = tracker.decide("rs1", DesiredRole.NONE, done, t0.plusMillis(1));
        assertEquals(1, d.writes().size(), "no pause carried over from the old wish");
        assertEquals("none", tracker.assignment("rs1").wanted());
    }
}
