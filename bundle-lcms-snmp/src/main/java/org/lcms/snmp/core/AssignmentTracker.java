package org.lcms.snmp.core;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.HostLiveState;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.RoleAssignment;
import org.lcms.snmp.api.Severity;

/**
 * Decides, after each poll of a host, whether to write to its agent now: not while a write is under way, not
 * while the host does not answer, and after a failure only once its retry pause is over (1 s doubling to 60 s).
 * Keeps each host's {@link RoleAssignment} and raises lcmsRoleAssignmentFailed once per streak of failures and
 * lcmsRoleAssignmentDone when a host that was being changed reports the wanted role. Thread-safe; no I/O.
 */
public final class AssignmentTracker {
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofSeconds(60);

    private final EventLog events;
    private final Map<String, Entry> hosts = new HashMap<>();

    private static final class Entry {
        RoleAssignment state;
        boolean inFlight;
        boolean failedAnnounced;
        Instant retryAt = Instant.MIN;
        /** The desired role the state was made for (identity: the reconciler's map changes with the model). */
        DesiredRole want;
    }

    /** The writes to send now (possibly none) and the events this decision raised. */
    public record Decision(List<AgentWrite> writes, List<LcmsEvent> raised) {
    }

    private static final Decision NOTHING = new Decision(List.of(), List.of());

    /** True if {@code d} is the in-sync decision that changed nothing (the host's assignment is as it was). */
    public static boolean unchanged(Decision d) {
        return d == NOTHING;
    }

    public AssignmentTracker(EventLog events) {
        this.events = events;
    }

    public synchronized Decision decide(String host, DesiredRole want, HostLiveState seen, Instant now) {
        Entry e = hosts.get(host);
        if (e == null) {
            e = new Entry();
            hosts.put(host, e);
        }
        if (e.want != want) {
            String wanted = want.describe();
            if (e.state == null || !e.state.wanted().equals(wanted)) {
                e.state = new RoleAssignment(host, wanted, RoleAssignment.Status.APPLYING, 0, "", now);
                e.failedAnnounced = false;
                e.retryAt = Instant.MIN;
            }
            e.want = want;
        }
        String wanted = e.state.wanted();
        if (!seen.reachable()) {
            if (e.state.status() != RoleAssignment.Status.IN_SYNC || !RoleReconciler.roleMatches(want, seen.role())) {
                set(e, RoleAssignment.Status.WAITING_FOR_HOST, e.state.lastError(), now);
            }
            return new Decision(List.of(), List.of());
        }
        List<AgentWrite> writes = RoleReconciler.plan(want, seen);
        if (writes.isEmpty() && e.state.status() == RoleAssignment.Status.IN_SYNC) {
            return NOTHING; // the common case, every poll of a host in sync: no new state, nothing to publish
        }
        if (writes.isEmpty()) {
            List<LcmsEvent> raised = List.of();
            if (e.state.status() != RoleAssignment.Status.IN_SYNC && e.state.attempts() > 0) {
                raised = List.of(events.append(now, EventType.ROLE_ASSIGNMENT_DONE, Severity.NORMAL, host,
                    want.clusterId(), host + " has its role: " + wanted + " (after " + e.state.attempts()
                        + " attempt" + (e.state.attempts() == 1 ? "" : "s") + ")", Map.of(), false));
            }
            e.state = new RoleAssignment(host, wanted, RoleAssignment.Status.IN_SYNC, 0, "",
                e.state.status() == RoleAssignment.Status.IN_SYNC ? e.state.since() : now);
            e.failedAnnounced = false;
            return new Decision(List.of(), raised);
        }
        if (e.inFlight || now.isBefore(e.retryAt)) {
            return new Decision(List.of(), List.of());
        }
        e.inFlight = true;
        e.state = new RoleAssignment(host, wanted, e.state.status() == RoleAssignment.Status.FAILED
            ? RoleAssignment.Status.FAILED : RoleAssignment.Status.APPLYING, e.state.attempts() + 1,
            e.state.lastError(), e.state.status() == RoleAssignment.Status.APPLYING ? e.state.since() : now);
        return new Decision(writes, List.of());
    }

    /** The writes of the last decision finished: all accepted, or refused/unanswered with {@code error}. */
    public synchronized List<LcmsEvent> completed(String host, DesiredRole want, String error, Instant now) {
        Entry e = hosts.get(host);
        if (e == null) {
            return List.of();
        }
        e.inFlight = false;
        if (error == null || error.isEmpty()) {
            set(e, RoleAssignment.Status.APPLYING, "", now);
            return List.of();
        }
        int attempts = Math.max(1, e.state.attempts());
        Duration pause = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 6));
        e.retryAt = now.plus(pause.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : pause);
        set(e, RoleAssignment.Status.FAILED, error, now);
        if (e.failedAnnounced) {
            return List.of();
        }
        e.failedAnnounced = true;
        return List.of(events.append(now, EventType.ROLE_ASSIGNMENT_FAILED, Severity.MAJOR, host, want.clusterId(),
            "could not give " + host + " its role " + want.describe() + ": " + error + " (retrying)",
            Map.of("lcmsNotifReason", error), false));
    }

    /** Forgets hosts no longer in the model. */
    public synchronized void retain(java.util.Set<String> names) {
        hosts.keySet().retainAll(names);
    }

    private static void set(Entry e, RoleAssignment.Status status, String error, Instant now) {
        RoleAssignment s = e.state;
        e.state = new RoleAssignment(s.host(), s.wanted(), status, s.attempts(), error,
            s.status() == status ? s.since() : now);
    }

    /** One host's assignment; null if it was never decided. */
    public synchronized RoleAssignment assignment(String host) {
        Entry e = hosts.get(host);
        return e == null ? null : e.state;
    }
}
