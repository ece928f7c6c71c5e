package org.lcms.ui.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.Severity;

/**
 * Which problems are still open: a problem event (severity above normal) is an active alarm until a later event
 * about the same thing clears it. "The same thing" is the pair the event belongs to (unreachable/reachable,
 * load balancer lost/recovered, takeover/hand-back, assignment failed/done, sorry server on/off; a real server's or a
 * service's state changes, a host's role changes) and the object it names: host, cluster and, for real servers and
 * services, which one. A clearing event is one of normal severity in the same pair.
 */
public final class ActiveAlarms {
    private ActiveAlarms() {
    }

    /** The active alarms among {@code events} (in any order), newest first. */
    public static List<LcmsEvent> of(List<LcmsEvent> events) {
        List<LcmsEvent> oldestFirst = new ArrayList<>(events);
        oldestFirst.sort(Comparator.comparingLong(LcmsEvent::sequence));
        Map<String, LcmsEvent> latest = new LinkedHashMap<>();
        for (LcmsEvent e : oldestFirst) {
            latest.put(subject(e), e);
        }
        List<LcmsEvent> active = new ArrayList<>();
        for (LcmsEvent e : latest.values()) {
            if (e.severity() != Severity.NORMAL) {
                active.add(e);
            }
        }
        active.sort(Comparator.comparingLong(LcmsEvent::sequence).reversed());
        return active;
    }

    /** What an event is about: its pair and its object. */
    static String subject(LcmsEvent e) {
        String pair = switch (e.type()) {
            case AGENT_UNREACHABLE, AGENT_REACHABLE -> "reach";
            case LOAD_BALANCER_LOST, LOAD_BALANCER_RECOVERED -> "lb";
            case BACKUP_TAKEOVER, BACKUP_HAND_BACK -> "takeover";
            case ROLE_ASSIGNMENT_FAILED, ROLE_ASSIGNMENT_DONE -> "assignment";
            case SORRY_SERVER_ON, SORRY_SERVER_OFF -> "sorry";
            case REAL_SERVER_STATE_CHANGE -> "rs " + e.details().getOrDefault("lcmsRsAddress", "") + ":"
                + e.details().getOrDefault("lcmsRsPort", "");
            case SERVICE_STATE_CHANGE -> "service " + e.details().getOrDefault("lcmsServiceName", "");
            case ROLE_CHANGE, AGENT_START -> "role";
            case REAL_SERVER_WEIGHT_CHANGE -> "weight " + e.details().getOrDefault("lcmsRsAddress", "");
        };
        // Host-level pairs are about the host whatever cluster the event names; cluster-level ones about the cluster.
        boolean hostLevel = switch (e.type()) {
            case AGENT_UNREACHABLE, AGENT_REACHABLE, ROLE_ASSIGNMENT_FAILED, ROLE_ASSIGNMENT_DONE, ROLE_CHANGE,
                AGENT_START, SERVICE_STATE_CHANGE -> true;
            default -> false;
        };
        return pair + "|" + (hostLevel ? e.host() : e.clusterId());
    }
}
