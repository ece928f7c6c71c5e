package org.lcms.failover.manager.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lcms.failover.manager.api.FailoverActionException;
import org.lcms.failover.manager.api.FailoverOperations;
import org.lcms.failover.manager.core.ManualActions;
import org.lcms.model.api.Applied;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.ModelException;
import org.lcms.snmp.api.AgentOperations;
import org.lcms.snmp.api.ClusterLiveState;
import org.lcms.snmp.api.ClusterState;
import org.lcms.snmp.api.EventQuery;
import org.lcms.snmp.api.FailoverReport;
import org.lcms.snmp.api.HostLiveState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link FailoverOperations} over the model ({@link ClusterDirectory}) and the SNMP manager ({@link ClusterState},
 * {@link AgentOperations}): {@link ManualActions} decides, this adapter reads and acts once.
 */
@Component(service = FailoverOperations.class)
public final class FailoverOperationsComponent implements FailoverOperations {
    private final ClusterDirectory directory;
    private final ClusterState state;
    private final AgentOperations agents;

    @Activate
    public FailoverOperationsComponent(@Reference ClusterDirectory directory, @Reference ClusterState state,
                                       @Reference AgentOperations agents) {
        this.directory = directory;
        this.state = state;
        this.agents = agents;
    }

    @Override
    public Outcome drain(String actor, String cluster, String realServer) {
        return setDrained(actor, cluster, realServer, true);
    }

    @Override
    public Outcome enable(String actor, String cluster, String realServer) {
        return setDrained(actor, cluster, realServer, false);
    }

    private Outcome setDrained(String actor, String clusterId, String realServer, boolean drained) {
        var inventory = directory.inventory();
        LoadCluster before = ManualActions.cluster(inventory, clusterId);
        Optional<LoadCluster> next = ManualActions.drain(inventory, clusterId, realServer, drained);
        String what = "real server " + realServer + " of cluster " + before.id();
        if (next.isEmpty()) {
            return new Outcome(what + " is " + (drained ? "drained" : "enabled") + " already; nothing changed");
        }
        Applied applied;
        try {
            applied = directory.apply(actor, new ModelChange.UpdateCluster(next.get(), before.revision().number()));
        } catch (ModelException e) {
            throw new FailoverActionException(e.getMessage());
        }
        String change = applied.record().map(r -> " (change " + r.number() + ")").orElse("");
        String where = String.join(", ", directors(before));
        if (!before.active()) {
            return new Outcome(what + (drained ? " drained" : " enabled") + change + "; the cluster is inactive, so "
                + "no agent is told until it is activated");
        }
        return new Outcome(what + (drained ? " drained: it takes no new connections" : " enabled: back in rotation")
            + change + "; the manager writes lcmsRsStatus " + (drained ? "draining" : "up") + " to " + where
            + (drained && ManualActions.lastEnabled(before, realServer) ? ". Warning: no enabled real server is left"
                + " in " + before.id() + ", it serves no new connection" : ""));
    }

    private static List<String> directors(LoadCluster c) {
        List<String> all = new java.util.ArrayList<>();
        if (c.hasLoadBalancer()) {
            all.add(c.loadBalancer());
        }
        all.addAll(c.backups());
        return all;
    }

    @Override
    public Outcome switchover(String clusterId, Optional<String> target, long waitMillis) throws InterruptedException {
        LoadCluster c = ManualActions.cluster(directory.inventory(), clusterId);
        // fresh reports of the chain, not the last scheduled poll's
        for (String m : directors(c)) {
            state.pollNow(m);
        }
        ClusterLiveState live = live(c.id());
        ManualActions.Switchover s = ManualActions.switchover(c, live, target);
        long started = System.nanoTime();
        Optional<String> refused = agents.requestHandOver(s.holder(), s.cluster(), s.target());
        if (refused.isPresent()) {
            throw new FailoverActionException("switchover of " + c.id() + " from " + s.holder() + " to " + s.target()
                + " refused: " + refused.get());
        }
        long deadline = started + waitMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            HostLiveState t = state.pollNow(s.target());
            Optional<FailoverReport> v = t.failover(c.id());
            if (v.isPresent() && v.get().holding() && v.get().epoch() > s.epoch()) {
                state.pollNow(s.holder()); // the former holder's fresh report too, so the cluster state is current
                return new Outcome("VIP of cluster " + c.id() + " handed from " + s.holder() + " to " + s.target()
                    + " at epoch " + v.get().epoch() + " (" + (System.nanoTime() - started) / 1_000_000 + " ms)"
                    + (v.get().pinned() ? "; " + s.target() + " keeps it (no fail-back) until the next switchover "
                        + "or a failure" : ""));
            }
            Thread.sleep(50);
        }
        throw new FailoverActionException(s.holder() + " accepted the hand-over of " + c.id() + " to " + s.target()
            + " but " + s.target() + " did not report holding the VIP within " + waitMillis + " ms; see "
            + "lcms:cluster-status " + c.id() + " (a hand-over not done within a second lapses, " + s.holder()
            + " keeps the VIP)");
    }

    private ClusterLiveState live(String clusterId) {
        return Optional.ofNullable(state.snapshot().clusters().get(clusterId)).orElseThrow(() -> new FailoverActionException("the SNMP manager does not know cluster " + clusterId
                + " yet (it reads the model every few seconds); try again"));
    }

    @Override
    public ClusterStatus status(String clusterId, int events) {
        LoadCluster c = ManualActions.cluster(directory.inventory(), clusterId);
        return new ClusterStatus(c, live(c.id()), state.events(new EventQuery(Optional.empty(), Optional.of(c.id()),
            Set.of(), Optional.empty(), events)));
    }
}
