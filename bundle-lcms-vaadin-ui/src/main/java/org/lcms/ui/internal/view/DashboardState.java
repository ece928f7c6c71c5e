package org.lcms.ui.internal.view;

import java.time.Instant;
import java.util.List;
import org.lcms.ui.core.ClusterSummary;

/**
 * What the dashboard shows at one moment.
 *
 * @param problems what is missing (model, live state), one line each for the administrator; empty if all is there
 */
record DashboardState(Instant computed, List<ClusterSummary> clusters, List<String> problems) {
    DashboardState {
        clusters = List.copyOf(clusters);
        problems = List.copyOf(problems);
    }
}
