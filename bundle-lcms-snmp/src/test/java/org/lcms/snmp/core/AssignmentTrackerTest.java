package org.lcms.snmp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.Role;
import org.lcms.model.api.RoleState;
import org.lcms.snmp.api.EventQuery;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.HostLiveState;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.Reachability;
import org.lcms.snmp.api.RealServerReport;
import org.lcms.snmp.api.RealServerStatus;
import org.lcms.snmp.api.RoleAssignment;
import org.lcms.snmp.api.RoleReport;
import org.lcms.snmp.api.Severity;
import org.lcms.snmp.api.VirtualServiceReport;

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

    /** rs1's poll, sent after every write so far had finished, answered at {@code at}. */
    AssignmentTracker.Decision polled(DesiredRole want, HostLiveState seen, Instant at) {
        return tracker.decide("rs1", want, seen, tracker.pollStamp(), at);
    }

    @Test
    void anUnreachableHostWaits() {
        AssignmentTracker.Decision d = polled(rs, host(Reachability.UNREACHABLE, RoleReport.NONE), t0);
        assertEquals(List.of(), d.writes());
        assertEquals(RoleAssignment.Status.WAITING_FOR_HOST, tracker.assignment("rs1").status());
    }

    @Test
    void oneWriteAtATimeThenDoneOnceTheAgentReportsIt() {
        assertEquals(1, polled(rs, empty, t0).writes().size());
        assertEquals(List.of(), polled(rs, empty, t0.plusMillis(10)).writes(), "one under way");
        assertEquals(List.of(), tracker.completed("rs1", rs, null, t0.plusMillis(20)));
        AssignmentTracker.Decision d = polled(rs, done, t0.plusMillis(30));
        assertEquals(List.of(), d.writes());
        assertEquals(1, d.raised().size());
        assertEquals(EventType.ROLE_ASSIGNMENT_DONE, d.raised().get(0).type());
        assertEquals(RoleAssignment.Status.IN_SYNC, tracker.assignment("rs1").status());
        assertEquals(List.of(), polled(rs, done, t0.plusMillis(40)).raised(), "done only once");
    }

    @Test
    void failuresAreRetriedWithAGrowingPauseAndAnnouncedOnce() {
        polled(rs, empty, t0);
        List<LcmsEvent> first = tracker.completed("rs1", rs, WriteFailure.of("commitFailed"), t0);
        assertEquals(EventType.ROLE_ASSIGNMENT_FAILED, first.get(0).type());
        assertTrue(first.get(0).message().contains("commitFailed"), first.get(0).message());
        RoleAssignment a = tracker.assignment("rs1");
        assertEquals(RoleAssignment.Status.FAILED, a.status());
        assertEquals("commitFailed", a.lastError());
        assertEquals(List.of(), polled(rs, empty, t0.plusMillis(900)).writes(), "pause of 1 s");
        assertEquals(1, polled(rs, empty, t0.plusSeconds(1)).writes().size());
        assertEquals(List.of(), tracker.completed("rs1", rs, WriteFailure.of("commitFailed"), t0.plusSeconds(1)), "announced once");
        assertEquals(List.of(), polled(rs, empty, t0.plusSeconds(2)).writes(), "now 2 s");
        assertEquals(1, polled(rs, empty, t0.plusSeconds(3)).writes().size());
        assertEquals(2, tracker.assignment("rs1").attempts() - 1);
        tracker.completed("rs1", rs, null, t0.plusSeconds(3));
        assertEquals(EventType.ROLE_ASSIGNMENT_DONE, polled(rs, done, t0.plusSeconds(4)).raised()
            .get(0).type());
        assertEquals(Duration.ofSeconds(60), AssignmentTracker.LAST_RETRY);
    }

    @Test
    void aNewWantedRoleStartsOver() {
        polled(rs, empty, t0);
        tracker.completed("rs1", rs, WriteFailure.of("refused"), t0);
        AssignmentTracker.Decision d = polled(DesiredRole.NONE, done, t0.plusMillis(1));
        assertEquals(1, d.writes().size(), "no pause carried over from the old wish");
        assertEquals("none", tracker.assignment("rs1").wanted());
    }

    // The load balancer of RoleReconcilerTest's cluster web: its role in effect, then its dispatch table.
    final DesiredRole lb = RoleReconciler.desired(RoleReconcilerTest.inventory(RoleReconcilerTest.web(true)))
        .get("lb");
    final HostLiveState lbWithoutTable = RoleReconcilerTest.seen(RoleReconcilerTest.LB_ACTIVE, List.of(), List.of());
    final HostLiveState lbWithTable = RoleReconcilerTest.seen(RoleReconcilerTest.LB_ACTIVE,
        List.of(new VirtualServiceReport(1, "192.0.2.10", 80, "tcp", "wlc")),
        List.of(new RealServerReport(1, 1, "10.0.1.1", 80, 3, RealServerStatus.UP, 0, 0, 0),
            new RealServerReport(1, 2, "10.0.1.2", 80, 1, RealServerStatus.UP, 0, 0, 0)));
    static final WriteFailure EXISTS_ALREADY = new WriteFailure("create virtual service 192.0.2.10:80: the agent "
        + "answered Inconsistent value at varbind 6", true);

    List<LcmsEvent> failuresLogged() {
        return log.query(new EventQuery(Optional.empty(), Optional.empty(), Set.of(EventType.ROLE_ASSIGNMENT_FAILED),
            Optional.empty(), 100));
    }

    /** The LB's poll, sent after every write so far had finished, answered at {@code at}. */
    AssignmentTracker.Decision lbPolled(HostLiveState seen, Instant at) {
        return tracker.decide("lb", lb, seen, tracker.pollStamp(), at);
    }

    void assertDoneWithoutAFailure(AssignmentTracker.Decision d) {
        assertEquals(List.of(), d.writes());
        assertEquals(List.of(EventType.ROLE_ASSIGNMENT_DONE), d.raised().stream().map(LcmsEvent::type).toList());
        assertEquals(List.of(), failuresLogged(), "no lcmsRoleAssignmentFailed on the way");
    }

    static boolean createsTheVirtualService(List<AgentWrite> writes) {
        return writes.stream().anyMatch(w -> w instanceof AgentWrite.CreateVirtualService);
    }

    /**
     * The demo's race: a poll is sent while the table's writes are under way (or before them), reads the agent
     * without the table and answers after they finished. Planning from it created the virtual service again, the
     * agent refused ("virtual service 1 exists already") and a major role-assignment-failed was raised.
     */
    @Test
    void aPollSentBeforeTheWritesFinishedPlansNothing() {
        AssignmentTracker.Decision table = lbPolled(lbWithoutTable, t0);
        assertTrue(createsTheVirtualService(table.writes()), table.toString());
        long overlapping = tracker.pollStamp(); // the interval poll goes out while the writes are under way
        assertEquals(List.of(), tracker.completed("lb", lb, null, t0.plusMillis(8)));

        AssignmentTracker.Decision stale = tracker.decide("lb", lb, lbWithoutTable, overlapping, t0.plusMillis(12));
        assertEquals(List.of(), stale.writes(), "nothing planned again from a poll that predates the writes");
        assertTrue(stale.outdated(), "the runtime is told to poll again");
        assertEquals(RoleAssignment.Status.APPLYING, tracker.assignment("lb").status());

        assertDoneWithoutAFailure(lbPolled(lbWithTable, t0.plusMillis(40)));
    }

    @Test
    void aPollSentAfterTheWritesStillMendsATableTheAgentLost() {
        lbPolled(lbWithoutTable, t0);
        tracker.completed("lb", lb, null, t0.plusMillis(8));
        AssignmentTracker.Decision d = lbPolled(lbWithoutTable, t0.plusSeconds(2));
        assertTrue(createsTheVirtualService(d.writes()), "a restarted agent gets its table again: " + d);
    }

    @Test
    void writesToOneHostDoNotOutdateAnotherHostsPoll() {
        long rs1Poll = tracker.pollStamp();
        lbPolled(lbWithoutTable, t0);
        tracker.completed("lb", lb, null, t0.plusMillis(8));
        AssignmentTracker.Decision d = tracker.decide("rs1", rs, empty, rs1Poll, t0.plusMillis(10));
        assertEquals(1, d.writes().size(), d.toString());
    }

    @Test
    void aConflictIsReReadAndNotAnnouncedWhenTheFreshPlanHasNothingLeftToDo() {
        lbPolled(lbWithoutTable, t0);
        assertEquals(List.of(), tracker.completed("lb", lb, EXISTS_ALREADY, t0.plusMillis(8)), "no event yet");
        RoleAssignment a = tracker.assignment("lb");
        assertEquals(RoleAssignment.Status.APPLYING, a.status());
        assertEquals(EXISTS_ALREADY.reason(), a.lastError());

        assertDoneWithoutAFailure(lbPolled(lbWithTable, t0.plusMillis(40)));
    }

    @Test
    void aConflictIsPlannedAgainWithoutAPauseAndAnnouncedAsMajorOnlyIfItPersists() {
        lbPolled(lbWithoutTable, t0);
        assertEquals(List.of(), tracker.completed("lb", lb, EXISTS_ALREADY, t0.plusMillis(8)));
        AssignmentTracker.Decision again = lbPolled(lbWithoutTable, t0.plusMillis(40));
        assertTrue(createsTheVirtualService(again.writes()), "re-planned at once from the fresh poll: " + again);

        List<LcmsEvent> raised = tracker.completed("lb", lb, EXISTS_ALREADY, t0.plusMillis(48));
        assertEquals(1, raised.size(), raised.toString());
        assertEquals(EventType.ROLE_ASSIGNMENT_FAILED, raised.get(0).type());
        assertEquals(Severity.MAJOR, raised.get(0).severity());
        assertTrue(raised.get(0).message().contains("also after re-reading the agent"), raised.get(0).message());
        assertEquals(RoleAssignment.Status.FAILED, tracker.assignment("lb").status());
        assertEquals(List.of(), lbPolled(lbWithoutTable, t0.plusMillis(500)).writes(),
            "a persisting conflict waits its retry pause like any failure");
    }

    @Test
    void aRefusalThatIsNoConflictIsAnnouncedAtOnce() {
        lbPolled(lbWithoutTable, t0);
        List<LcmsEvent> raised = tracker.completed("lb", lb, WriteFailure.of("create virtual service "
            + "192.0.2.10:80: no answer within 500 ms (2 tries)"), t0.plusMillis(8));
        assertEquals(List.of(Severity.MAJOR), raised.stream().map(LcmsEvent::severity).toList());
    }
}
