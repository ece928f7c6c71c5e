package org.lcms.ui.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.RealServerMember;
import org.lcms.snmp.api.ChainMemberLiveState;
import org.lcms.snmp.api.ClusterLiveState;
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.FailoverReport;
import org.lcms.snmp.api.HostLiveState;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.Reachability;
import org.lcms.snmp.api.RealServerLiveState;
import org.lcms.snmp.api.RealServerReport;
import org.lcms.snmp.api.RealServerStatus;

/** Builds the {@link ClusterPicture} of a cluster from the model, the live state and the recent events. */
public final class ClusterPictures {
    public static final String UP = "up";
    public static final String DOWN = "down";
    public static final String DRAINING = "draining";
    public static final String HELD_OUT = "held out";
    public static final String UNKNOWN = "unknown";

    private ClusterPictures() {
    }

    /**
     * @param model the whole model (for the hosts' addresses)
     * @param live the live state, empty when the SNMP manager is not there
     * @param events recent events in any order (for each real server's last change)
     * @return empty when the model has no such cluster
     */
    public static Optional<ClusterPicture> of(String clusterId, Inventory model, Optional<ClusterStateSnapshot> live,
                                              List<LcmsEvent> events) {
        Optional<LoadCluster> found = model.cluster(clusterId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        LoadCluster c = found.get();
        Optional<ClusterLiveState> state = live.flatMap(s -> s.cluster(c.id()));
        List<String> problems = new ArrayList<>();
        if (live.isEmpty()) {
            problems.add("No live state (feature lcms-snmp is not running): reachability, roles, the VIP holder and "
                + "the real servers' status are unknown.");
        } else if (c.active() && state.isEmpty()) {
            problems.add("The cluster's agents were not polled yet.");
        }
        String holderText = DashboardSummaries.NO_LIVE_STATE;
        Optional<String> holder = state.flatMap(ClusterLiveState::vipHolder);
        if (live.isPresent()) {
            if (!c.active()) {
                holderText = "none (cluster inactive)";
            } else if (state.isEmpty()) {
                holderText = "unknown: not polled yet";
            } else if (holder.isEmpty()) {
                holderText = "nobody reports holding it";
            } else {
                holderText = holder.get() + (state.get().contestedBy().isEmpty() ? ""
                    : " (also claimed by " + String.join(", ", state.get().contestedBy()) + ")");
            }
        }

        List<ClusterPicture.ChainNode> chain = new ArrayList<>();
        List<String> chainHosts = new ArrayList<>();
        if (c.hasLoadBalancer()) {
            chainHosts.add(c.loadBalancer());
        }
        chainHosts.addAll(c.backups());
        for (int rank = 0; rank < chainHosts.size(); rank++) {
            String host = chainHosts.get(rank);
            Optional<HostLiveState> hostState = live.flatMap(s -> s.host(host));
            Optional<ChainMemberLiveState> member = state.flatMap(s -> s.chain().stream()
                .filter(m -> m.host().equalsIgnoreCase(host)).findFirst());
            Reachability reach = member.map(ChainMemberLiveState::reachability)
                .or(() -> hostState.map(HostLiveState::reachability)).orElse(Reachability.UNKNOWN);
            String roleState = hostState.map(h -> h.role().state().code()).orElse(UNKNOWN);
            String election = member.flatMap(ChainMemberLiveState::view).map(FailoverReport::state)
                .map(s -> s.name().toLowerCase()).orElse("-");
            boolean holds = holder.filter(h -> h.equalsIgnoreCase(host)).isPresent();
            chain.add(new ClusterPicture.ChainNode(host, address(model, host), rank, reach.name().toLowerCase(),
                roleState, election, holds));
        }

        List<ClusterPicture.RealServerNode> servers = new ArrayList<>();
        for (RealServerMember m : c.realServers()) {
            String address = address(model, m.host());
            Optional<RealServerReport> row = state.flatMap(s -> s.realServers().stream()
                .filter(r -> r.host().equalsIgnoreCase(m.host())).findFirst())
                .flatMap(RealServerLiveState::dispatched);
            servers.add(new ClusterPicture.RealServerNode(m.host(), address, status(m, row),
                row.map(RealServerReport::healthReason).orElse(""), m.weight(),
                row.map(RealServerReport::effectiveWeight),
                row.map(r -> r.activeConnections() + " active, " + r.inactiveConnections() + " inactive"),
                m.drained(), lastChange(c.id(), address, events), row.map(RealServerReport::statusChanges)
                .orElse(-1L)));
        }
        return Optional.of(new ClusterPicture(c.id(), c.service().toString(), c.scheduler().code(), c.active(),
            c.revision().number(), holder, holderText, chain, servers, problems));
    }

    /**
     * What the picture says about a real server, from the VIP holder's row: {@value #UP} when it is dispatched up;
     * {@value #DRAINING} when the operator drained it; {@value #DOWN} when it is out of rotation (the health checks
     * failed it, or its status is down); {@value #HELD_OUT} when the health checks keep it draining (onFailure =
     * drain: established connections finish, no new ones) although the operator wants it up; {@value #UNKNOWN} when
     * nobody dispatches it (no holder, not polled, cluster inactive).
     */
    public static String status(RealServerMember member, Optional<RealServerReport> row) {
        if (row.isEmpty()) {
            return UNKNOWN;
        }
        RealServerReport r = row.get();
        if (r.status() == RealServerStatus.DRAINING) {
            return DRAINING;
        }
        return switch (r.effectiveStatus()) {
            case UP -> UP;
            case DOWN -> DOWN;
            case DRAINING -> HELD_OUT;
            case UNKNOWN -> UNKNOWN;
        };
    }

    private static String address(Inventory model, String host) {
        return model.host(host).map(Host::address).map(Object::toString).orElse("?");
    }

    /** The time of the newest lcmsRealServerStateChange of the cluster about this real server's address. */
    static Optional<Instant> lastChange(String cluster, String address, List<LcmsEvent> events) {
        return events.stream()
            .filter(e -> e.type() == EventType.REAL_SERVER_STATE_CHANGE && e.clusterId().equalsIgnoreCase(cluster)
                && address.equals(e.details().get("lcmsRsAddress")))
            .max(Comparator.comparingLong(LcmsEvent::sequence)).map(LcmsEvent::time);
    }
}
