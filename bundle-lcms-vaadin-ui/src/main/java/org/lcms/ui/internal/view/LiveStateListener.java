package org.lcms.ui.internal.view;

import org.lcms.snmp.api.ClusterStateListener;
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.snmp.api.LcmsEvent;

/**
 * Hands every live state change and event to the feed. Returns at once, as the manager requires: the feed only
 * schedules a refresh. A class of its own so that the optional lcms-snmp package is only loaded when its service is
 * there.
 */
final class LiveStateListener implements ClusterStateListener {
    private final Runnable changed;

    LiveStateListener(Runnable changed) {
        this.changed = changed;
    }

    @Override
    public void stateChanged(ClusterStateSnapshot snapshot) {
        changed.run();
    }

    @Override
    public void eventRaised(LcmsEvent event) {
        changed.run();
    }
}
