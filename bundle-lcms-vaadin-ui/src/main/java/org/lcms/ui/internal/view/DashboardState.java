package org.lcms.ui.internal.view;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.lcms.ui.core.ClusterSummary;

/**
 * What the dashboard shows at one moment.
 *
 * @param problems what is missing (model, live state), one line each for the administrator; empty if all is there
 * @param latestEvent the newest live event, if any: when it happened and one line about it
 * @param model the model it was computed from (empty if the model is not there), for the other live views
 * @param live the live state it was computed from, empty without the SNMP manager
 */
record DashboardState(Instant computed, List<ClusterSummary> clusters, List<String> problems,
                      Optional<LatestEvent> latestEvent, org.lcms.model.api.Inventory model,
                      Optional<org.lcms.snmp.api.ClusterStateSnapshot> live) {

    record LatestEvent(Instant time, String text) {
    }

    DashboardState {
        clusters = List.copyOf(clusters);
        problems = List.copyOf(problems);
    }
}
