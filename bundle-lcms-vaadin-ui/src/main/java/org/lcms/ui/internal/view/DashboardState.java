package org.lcms.ui.internal.view;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.lcms.model.api.Inventory;
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.ui.core.ClusterSummary;

/**
 * What the dashboard shows at one moment, and what it was computed from (the cluster view draws its picture from
 * the same model, live state and events).
 *
 * @param problems what is missing (model, live state), one line each for the administrator; empty if all is there
 * @param latestEvent the newest live event, if any: when it happened and one line about it
 * @param live the live state, empty without the SNMP manager
 * @param events the recent events, newest first
 */
record DashboardState(Instant computed, List<ClusterSummary> clusters, List<String> problems,
                      Optional<LatestEvent> latestEvent, Inventory model, Optional<ClusterStateSnapshot> live,
                      List<LcmsEvent> events) {

    record LatestEvent(Instant time, String text) {
    }

    DashboardState {
        clusters = List.copyOf(clusters);
        problems = List.copyOf(problems);
        events = List.copyOf(events);
    }
}
