package org.lcms.ui.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.RealServerMember;
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.snmp.api.HostLiveState;
import org.lcms.snmp.api.RoleAssignment;

/**
 * How far the SNMP manager got in giving the members of a cluster just built their roles, computed from one live
 * state snapshot. A host counts as done only once the manager works from the model revision the build wrote and its
 * assignment is the one of this cluster: before that, an "in sync" is the host's old role. Equal snapshots give equal
 * values, so a view refreshes only when this changes.
 *
 * @param hosts one row per member, in the order LB, backups, real servers
 * @param done every member has its role (nothing left to do)
 * @param summary one or two sentences for the administrator: what is done, who is missing and why, what to do
 */
public record BuildProgress(String cluster, List<HostProgress> hosts, boolean done, String summary) {

    /** Where one member is. */
    public enum State {
        /** The manager has not taken up the change for it yet, or is writing its role. */
        PENDING("pending"),
        /** Its agent reports the role this cluster gives it. */
        IN_SYNC("in sync"),
        /** The manager's last write to it failed; it retries by itself. */
        FAILED("failed"),
        /** Its agent does not answer; the role is written as soon as it does. */
        AGENT_DOWN("waiting for its agent");

        private final String text;

        State(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * @param role what this cluster makes of the host ("lb", "bs #1", "rs weight 10")
     * @param detail the manager's words: what it is writing, or why it failed (the agent's or manager's reason)
     * @param attempts writes tried since the host was last in sync
     */
    public record HostProgress(String host, String role, State state, String detail, int attempts) {
    }

    public BuildProgress {
        hosts = List.copyOf(hosts);
    }

    /**
     * @param appliedRevision the model revision the build wrote (its change record's number)
     * @param live the live state, empty while the manager (lcms-snmp) is not running
     * @param elapsed since the build was applied, for the report once all are in sync
     */
    public static BuildProgress of(LoadCluster cluster, long appliedRevision, Optional<ClusterStateSnapshot> live,
                                   Duration elapsed) {
        List<HostProgress> rows = new ArrayList<>();
        for (String host : cluster.memberHosts()) {
            rows.add(host(cluster, host, appliedRevision, live));
        }
        boolean done = !rows.isEmpty() && rows.stream().allMatch(r -> r.state() == State.IN_SYNC);
        return new BuildProgress(cluster.id(), rows, done, summary(cluster, rows, done, live.isPresent(), elapsed));
    }

    private static HostProgress host(LoadCluster c, String host, long appliedRevision,
                                     Optional<ClusterStateSnapshot> live) {
        String role = role(c, host);
        if (live.isEmpty()) {
            return new HostProgress(host, role, State.PENDING, "the live state (feature lcms-snmp) is not running: "
                + "the roles are written once it runs", 0);
        }
        ClusterStateSnapshot s = live.get();
        if (s.modelRevision() < appliedRevision) {
            return new HostProgress(host, role, State.PENDING, "the manager has not read the new cluster yet", 0);
        }
        Optional<RoleAssignment> a = s.assignment(host).filter(x -> wantedHere(x, c));
        if (a.isEmpty()) {
            return new HostProgress(host, role, State.PENDING, "the manager has not planned its role yet "
                + "(next poll)", 0);
        }
        RoleAssignment r = a.get();
        return switch (r.status()) {
            case IN_SYNC -> new HostProgress(host, role, State.IN_SYNC, "has its role: " + r.wanted(), 0);
            case APPLYING -> new HostProgress(host, role, State.PENDING, "writing its role " + r.wanted()
                + (r.attempts() > 0 ? " (attempt " + r.attempts() + ")" : ""), r.attempts());
            case FAILED -> new HostProgress(host, role, State.FAILED, r.lastError().isEmpty()
                ? "the last write failed" : r.lastError(), r.attempts());
            case WAITING_FOR_HOST -> new HostProgress(host, role, State.AGENT_DOWN, "its agent does not answer"
                + s.host(host).map(HostLiveState::lastError).filter(e -> !e.isEmpty()).map(e -> ": " + e).orElse("")
                + (r.lastError().isEmpty() ? "" : "; last write: " + r.lastError()), r.attempts());
        };
    }

    /** The assignment is the one of this cluster ("lb of web (VIP …)"), not the host's role before the build. */
    private static boolean wantedHere(RoleAssignment a, LoadCluster c) {
        return a.wanted().contains(" of " + c.id() + " ") || a.wanted().endsWith(" of " + c.id());
    }

    static String role(LoadCluster c, String host) {
        if (c.loadBalancer().equalsIgnoreCase(host)) {
            return "lb";
        }
        int rank = c.backupRank(host);
        if (rank > 0) {
            return "bs #" + rank;
        }
        return c.realServer(host).map(RealServerMember::weight).map(w -> "rs weight " + w).orElse("none");
    }

    private static String summary(LoadCluster c, List<HostProgress> rows, boolean done, boolean live,
                                  Duration elapsed) {
        if (done) {
            return "All " + rows.size() + " hosts of " + c.id() + " have their roles (" + seconds(elapsed)
                + " after apply).";
        }
        if (!live) {
            return "Cluster " + c.id() + " is built in the model; nobody assigns its roles while the live state "
                + "(feature lcms-snmp) is not running. Start it (feature:install lcms-snmp); no need to build again.";
        }
        long inSync = rows.stream().filter(r -> r.state() == State.IN_SYNC).count();
        List<String> problems = new ArrayList<>();
        for (HostProgress r : rows) {
            if (r.state() == State.FAILED || r.state() == State.AGENT_DOWN) {
                problems.add(r.host() + " (" + r.role() + ") " + r.state().text() + ": " + r.detail());
            }
        }
        StringBuilder s = new StringBuilder(inSync + " of " + rows.size() + " hosts of " + c.id()
            + " have their roles");
        if (problems.isEmpty()) {
            return s.append("; the manager is assigning the others.").toString();
        }
        s.append(". ").append(String.join(". ", problems)).append(". The cluster is built; the manager retries by "
            + "itself and gives ").append(problems.size() == 1 ? "that host its role" : "those hosts their roles")
            .append(" as soon as ").append(problems.size() == 1 ? "its agent answers" : "their agents answer")
            .append(" and accepts it: check the host and its node agent (lcms:hosts-status); no need to build again.");
        return s.toString();
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
