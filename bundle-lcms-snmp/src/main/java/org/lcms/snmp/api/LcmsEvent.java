package org.lcms.snmp.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to a host or cluster: a notification an agent sent, or a finding of the manager.
 *
 * @param sequence increasing number within this manager's run (newest is highest)
 * @param host the host it concerns, as named in the model (empty if the sender is not in the inventory)
 * @param clusterId the cluster it concerns, empty if none
 * @param message one line for an operator: what happened and, for failures, what it means
 * @param details the notification's values by LCMS-MIB object name (e.g. lcmsRsStatus), for receivers that
 *     need more than the message
 * @param fromAgent true for a notification an agent sent, false for an event the manager raised
 */
public record LcmsEvent(long sequence, Instant time, EventType type, Severity severity, String host,
                        String clusterId, String message, Map<String, String> details, boolean fromAgent) {

    public LcmsEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        host = Objects.requireNonNullElse(host, "");
        clusterId = Objects.requireNonNullElse(clusterId, "");
        message = Objects.requireNonNullElse(message, "");
        details = Map.copyOf(details);
    }
}
