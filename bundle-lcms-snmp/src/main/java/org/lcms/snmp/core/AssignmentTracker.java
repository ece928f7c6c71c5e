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
 * from a poll that may have read the agent before its last writes were applied, not while the host does not
 * answer, and after a failure only once its retry pause is over (1 s doubling to 60 s). Keeps each host's
 * {@link RoleAssignment} and raises lcmsRoleAssignmentFailed once per streak of failures and
 * lcmsRoleAssignmentDone when a host that was being changed reports the wanted role. A write the agent refuses
 * as a conflict with what it has is re-planned from a fresh poll at once and raises nothing unless the new plan
 * fails too. Thread-safe; no I/O.
 *
 * <p>Why polls are stamped: a poll takes several requests and overlaps the writes (an interval poll, one a
 * notification asked for, a model change re-deciding from the last recorded poll). A poll sent before the writes
 * finished may report the agent as it was before them; planning from it repeats the writes, and the agent
 * refuses the repeated creations ("virtual service 1 exists already"). {@link #pollStamp()} numbers the finished
 * batches, so a result can be told apart from one that may predate the host's last batch.
 */
public final class AssignmentTracker {
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofSeconds(60);

    private final EventLog events;
    private final Map<String, Entry> hosts = new HashMap<>();
    /** Batches of writes finished so far, to any host; what {@link #pollStamp()} gives a poll being sent. */
    private long batchesFinished;

    private static final class Entry {
        RoleAssignment state;
        boolean inFlight;
        boolean failedAnnounced;
        Instant retryAt = Instant.MIN;
        /** The desired role the state was made for (identity: the reconciler's map changes with the model). */
        DesiredRole want;
        /** {@link #batchesFinished} once this host's last batch finished: a poll stamped lower may predate it. */
        long lastBatchFinished;
        /** The streak's last refusal was a conflict and the host is being re-read (it was not announced). */
        boolean conflictBeingReread;
    }

    /**
     * The writes to send now (possibly none) and the events this decision raised.
     *
     * @param outdated true if the poll was sent before the host's last writes finished: nothing was decided from
     *     it (not even that the host is in sync); poll the host again
     */
    public record Decision(List<AgentWrite> writes, List<LcmsEvent> raised, boolean outdated) {
        public Decision(List<AgentWrite> writes, List<LcmsEvent> raised) {
            this(writes, raised, false);
        }
    }

    private static final Decision NOTHING = new Decision(List.of(), List.of());
    private static final Decision OUTDATED = new Decision(List.of(), List.of(), true);

    /** True if {@code d} is the in-sync decision that changed nothing (the host's assignment is as it was). */
    public static boolean unchanged(Decision d) {
        return d == NOTHING;
    }

    public AssignmentTracker(EventLog events) {
        this.events = events;
    }

    /**
     * The stamp of a poll about to be sent (take it before the first request): {@link #decide} plans nothing from
     * the poll's result if writes to its host finished after this.
     */
    public synchronized long pollStamp() {
        return batchesFinished;
    }

    /**
     * What to do about {@code host} after a poll found {@code seen}.
     *
     * @param pollStamp {@link #pollStamp()} as the poll was sent; 0 for a state of unknown age
     */
    public synchronized Decision decide(String host, DesiredRole want, HostLiveState seen, long pollStamp,
                                        Instant now) {
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
                e.conflictBeingReread = false;
                e.retryAt = Instant.MIN;
            }
            e.want = want;
        }
        if (pollStamp < e.lastBatchFinished) {
            return OUTDATED;
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
            e.conflictBeingReread = false;
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

    /**
     * The writes of the last decision finished: all accepted ({@code failure} null), or stopped by {@code failure}.
     * Polls sent before this call are outdated for {@code host} from now on.
     *
     * <p>A first conflict is not announced and has no retry pause: the plan was made from a view the agent has
     * moved on from (a hand-made change, another writer), so the next fresh poll decides again at once. Only if the
     * plan made from that poll fails too is the streak a failure: lcmsRoleAssignmentFailed (major), with pauses.
     */
    public synchronized List<LcmsEvent> completed(String host, DesiredRole want, WriteFailure failure, Instant now) {
        Entry e = hosts.get(host);
        if (e == null) {
            return List.of();
        }
        e.inFlight = false;
        e.lastBatchFinished = ++batchesFinished;
        if (failure == null) {
            e.conflictBeingReread = false;
            set(e, RoleAssignment.Status.APPLYING, "", now);
            return List.of();
        }
        if (failure.conflict() && !e.conflictBeingReread) {
            e.conflictBeingReread = true;
            e.retryAt = now;
            set(e, e.state.status() == RoleAssignment.Status.FAILED ? RoleAssignment.Status.FAILED
                : RoleAssignment.Status.APPLYING, failure.reason(), now);
            return List.of();
        }
        String error = failure.reason();
        int attempts = Math.max(1, e.state.attempts());
        Duration pause = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 6));
        e.retryAt = now.plus(pause.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : pause);
        set(e, RoleAssignment.Status.FAILED, error, now);
        if (e.failedAnnounced) {
            return List.of();
        }
        e.failedAnnounced = true;
        String after = e.conflictBeingReread ? " (also after re-reading the agent; retrying)" : " (retrying)";
        return List.of(events.append(now, EventType.ROLE_ASSIGNMENT_FAILED, Severity.MAJOR, host, want.clusterId(),
            "could not give " + host + " its role " + want.describe() + ": " + error + after,
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
