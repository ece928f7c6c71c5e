package org.lcms.ui.core;

import java.util.List;
import java.util.Optional;
import org.lcms.snmp.api.Severity;

/**
 * One load cluster at a glance, as the dashboard shows it.
 *
 * @param service VIP:port/protocol
 * @param vipHolder who holds the VIP, as the agents report it, or why that is not known
 * @param backups the backups in takeover order, each marked when its agent does not answer
 * @param realServersUp real servers dispatched and up; -1 when no live state is available
 * @param alarms the cluster's active alarms (and those of its hosts), newest first
 * @param worstAlarm the most severe of them
 */
public record ClusterSummary(String id, String service, String scheduler, boolean active, String vipHolder,
                             List<String> backups, long realServersUp, int realServersTotal, List<String> alarms,
                             Optional<Severity> worstAlarm) {

    public ClusterSummary {
        backups = List.copyOf(backups);
        alarms = List.copyOf(alarms);
    }

    /** "2 / 3", or "? / 3" without live state. */
    public String realServersText() {
        return (realServersUp < 0 ? "?" : String.valueOf(realServersUp)) + " / " + realServersTotal;
    }

    /** "none", or the count with the worst severity: "2 (major)". */
    public String alarmsText() {
        return alarms.isEmpty() ? "none"
            : alarms.size() + " (" + worstAlarm.map(s -> s.name().toLowerCase()).orElse("") + ")";
    }
}
