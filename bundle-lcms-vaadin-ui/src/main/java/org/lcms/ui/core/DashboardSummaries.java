package org.lcms.ui.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.snmp.api.ChainMemberLiveState;
import org.lcms.snmp.api.ClusterLiveState;
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.Reachability;

/**
 * Builds the dashboard's rows: the model says which clusters exist and how they are meant to be, the live state
 * (when the SNMP manager runs) says who holds each VIP and how many real servers are up, the recent events say
 * which alarms are open.
 */
public final class DashboardSummaries {
    /** Shown instead of a VIP holder when the SNMP manager (feature lcms-snmp) is not there. */
    public static final String NO_LIVE_STATE = "unknown: no live state (is lcms-snmp running?)";

    private DashboardSummaries() {
    }

    /**
     * @param live the live state, empty when the SNMP manager is not available
     * @param recentEvents recent events in any order (for the active alarms); empty without the SNMP manager
     */
    public static List<ClusterSummary> of(Inventory model, Optional<ClusterStateSnapshot> live,
                                          List<LcmsEvent> recentEvents) {
        List<LcmsEvent> alarms = ActiveAlarms.of(recentEvents);
        List<ClusterSummary> rows = new ArrayList<>();
        for (LoadCluster c : model.clusters()) {
            Optional<ClusterLiveState> state = live.flatMap(s -> s.cluster(c.id()));
            List<LcmsEvent> own = alarms.stream().filter(a -> concerns(a, c)).toList();
            rows.add(new ClusterSummary(c.id(), c.service().toString(), c.scheduler().code(), c.active(),
                vipHolder(c, live.isPresent(), state), backups(c, state),
                state.map(ClusterLiveState::realServersUp).orElse(-1L), c.realServers().size(),
                own.stream().map(a -> a.severity().name().toLowerCase() + ": " + a.message()).toList(),
                own.stream().map(LcmsEvent::severity).max(Comparator.naturalOrder())));
        }
        return rows;
    }

    private static boolean concerns(LcmsEvent alarm, LoadCluster c) {
        return alarm.clusterId().equalsIgnoreCase(c.id())
            || alarm.clusterId().isEmpty() && !alarm.host().isEmpty() && c.memberHosts().stream()
            .anyMatch(h -> h.equalsIgnoreCase(alarm.host()));
    }

    private static String vipHolder(LoadCluster c, boolean liveAvailable, Optional<ClusterLiveState> state) {
        if (!liveAvailable) {
            return NO_LIVE_STATE;
        }
        if (!c.active()) {
            return "none (cluster inactive)";
        }
        if (state.isEmpty()) {
            return "unknown: not polled yet";
        }
        ClusterLiveState s = state.get();
        if (s.vipHolder().isEmpty()) {
            return "nobody reports holding it";
        }
        return s.vipHolder().get() + (s.contestedBy().isEmpty() ? ""
            : " (also claimed by " + String.join(", ", s.contestedBy()) + ")");
    }

    private static List<String> backups(LoadCluster c, Optional<ClusterLiveState> state) {
        List<String> out = new ArrayList<>();
        for (String b : c.backups()) {
            Optional<Reachability> reach = state.flatMap(s -> s.chain().stream()
                .filter(m -> m.host().equalsIgnoreCase(b)).map(ChainMemberLiveState::reachability).findFirst());
            out.add(reach.filter(r -> r == Reachability.UNREACHABLE).isPresent() ? b + " (unreachable)" : b);
        }
        return out;
    }

}
