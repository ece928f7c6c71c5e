package org.lcms.failover.manager.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lcms.failover.manager.api.FailoverActionException;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.RealServerMember;
import org.lcms.snmp.api.ChainMemberLiveState;
import org.lcms.snmp.api.ClusterLiveState;
import org.lcms.snmp.api.FailoverReport;
import org.lcms.snmp.api.Reachability;

/**
 * What the operator's failover actions mean, decided on the model and the live state (no OSGi, SNMP or LDAP):
 * which cluster change a drain or enable is, and whom a switchover asks to hand the VIP to whom. Every refusal is
 * a {@link FailoverActionException} naming the object and what to do.
 */
public final class ManualActions {
    private ManualActions() {
    }

    /** The switchover to carry out: ask {@code holder} to hand the VIP to {@code target}. */
    public record Switchover(String cluster, String holder, String target, long epoch) {
    }

    public static LoadCluster cluster(Inventory inventory, String id) {
        return inventory.cluster(id).orElseThrow(() -> new FailoverActionException("there is no cluster '" + id
            + "'; lcms:cluster-list shows the clusters"));
    }

    /**
     * The cluster with {@code realServer} drained (or enabled); empty if it is so already (nothing to change).
     */
    public static Optional<LoadCluster> drain(Inventory inventory, String clusterId, String realServer,
                                              boolean drained) {
        LoadCluster c = cluster(inventory, clusterId);
        RealServerMember m = c.realServer(realServer).orElseThrow(() -> new FailoverActionException(realServer
            + " is not a real server of cluster " + c.id() + " (its real servers: " + (c.realServers().isEmpty()
            ? "none" : String.join(", ", c.realServers().stream().map(RealServerMember::host).toList()))
            + "); lcms:cluster-show " + c.id()));
        if (m.drained() == drained) {
            return Optional.empty();
        }
        return Optional.of(c.withRealServerDrained(m.host(), drained));
    }

    /** True if draining {@code realServer} leaves the cluster no enabled real server. */
    public static boolean lastEnabled(LoadCluster c, String realServer) {
        return c.realServers().stream().filter(r -> !r.drained() && !r.host().equalsIgnoreCase(realServer))
            .findAny().isEmpty();
    }

    /**
     * Whom to ask: the chain member whose own report says it holds the VIP, and the target — the one named, or
     * else the best-ranked other member the holder sees ready.
     */
    public static Switchover switchover(LoadCluster c, ClusterLiveState live, Optional<String> wanted) {
        if (!c.active()) {
            throw new FailoverActionException("cluster " + c.id() + " is inactive: its roles are not applied and no "
                + "agent serves its VIP; activate it first (lcms:cluster-activate " + c.id() + ")");
        }
        List<String> chain = new ArrayList<>();
        if (c.hasLoadBalancer()) {
            chain.add(c.loadBalancer());
        }
        chain.addAll(c.backups());
        if (c.backups().isEmpty()) {
            throw new FailoverActionException("cluster " + c.id() + " has no backup server: there is no other member "
                + "to hand its VIP to; add one (lcms:cluster-add-backup " + c.id() + " HOST)");
        }
        Optional<String> target = wanted.map(w -> chain.stream().filter(m -> m.equalsIgnoreCase(w)).findFirst()
            .orElseThrow(() -> new FailoverActionException(w + " is not the load balancer or a backup of cluster "
                + c.id() + " (its failover chain: " + String.join(", ", chain) + ")")));
        if (!live.failoverReported()) {
            throw new FailoverActionException("no agent of cluster " + c.id() + " reports a failover for it (empty "
                + "lcmsFailoverTable on " + String.join(", ", chain) + ", or not polled yet): check failover.cluster."
                + c.id() + ".* in their agent.cfg and lcms:hosts-status");
        }
        ChainMemberLiveState holder = live.chain().stream()
            .filter(m -> m.reachability() == Reachability.REACHABLE && m.view().map(FailoverReport::holding)
                .orElse(false))
            .max(java.util.Comparator.comparingLong(m -> m.view().get().epoch()))
            .orElseThrow(() -> new FailoverActionException("no member of cluster " + c.id() + " reports holding its "
                + "VIP (" + describe(live) + "); lcms:cluster-status " + c.id() + " shows what each agent sees"));
        FailoverReport view = holder.view().orElseThrow();
        String to = target.orElseGet(() -> view.ready().stream()
            .filter(m -> !m.equalsIgnoreCase(holder.host()) && chain.contains(m)).findFirst()
            .orElseThrow(() -> new FailoverActionException("no other member of cluster " + c.id() + " is ready to "
                + "take the VIP in " + holder.host() + "'s view (ready: " + String.join(", ", view.ready())
                + "); check the backups' node agents")));
        if (to.equalsIgnoreCase(holder.host())) {
            throw new FailoverActionException(holder.host() + " holds the VIP of cluster " + c.id() + " already "
                + "(epoch " + view.epoch() + "); nothing to switch");
        }
        ChainMemberLiveState targetState = live.chain().stream().filter(m -> m.host().equalsIgnoreCase(to))
            .findFirst().orElseThrow();
        if (targetState.reachability() == Reachability.UNREACHABLE) {
            throw new FailoverActionException(to + "'s node agent does not answer the manager; it cannot be "
                + "trusted to take the VIP of " + c.id() + ": check it (lcms:poll " + to + ")");
        }
        if (view.ready().stream().noneMatch(m -> m.equalsIgnoreCase(to))) {
            throw new FailoverActionException(to + " is not ready to take the VIP of cluster " + c.id() + " in "
                + holder.host() + "'s view (ready: " + String.join(", ", view.ready()) + "): it is not heard or "
                + "does not reach a majority of the witnesses; check its node agent");
        }
        return new Switchover(c.id(), holder.host(), targetState.host(), view.epoch());
    }

    /** "lb: standby, holder ?, epoch 3; bs1: unreachable" for an error message. */
    static String describe(ClusterLiveState live) {
        List<String> parts = new ArrayList<>();
        for (ChainMemberLiveState m : live.chain()) {
            parts.add(m.host() + ": " + (m.reachability() != Reachability.REACHABLE
                ? m.reachability().name().toLowerCase(java.util.Locale.ROOT)
                : m.view().map(v -> v.state().name().toLowerCase(java.util.Locale.ROOT) + ", epoch " + v.epoch())
                    .orElse("no failover")));
        }
        return String.join("; ", parts);
    }
}
