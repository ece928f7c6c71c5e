package org.lcms.snmp.api;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which recent events to list: all filters must match; empty filters match everything.
 *
 * @param limit at most this many, newest first (1..10000)
 */
public record EventQuery(Optional<String> host, Optional<String> clusterId, Set<EventType> types,
                         Optional<Severity> minimumSeverity, int limit) {

    public EventQuery {
        host = Objects.requireNonNullElse(host, Optional.empty());
        clusterId = Objects.requireNonNullElse(clusterId, Optional.empty());
        types = Set.copyOf(types);
        minimumSeverity = Objects.requireNonNullElse(minimumSeverity, Optional.empty());
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit " + limit + " is out of range: give 1..10000");
        }
    }

    public static EventQuery newest(int limit) {
        return new EventQuery(Optional.empty(), Optional.empty(), Set.of(), Optional.empty(), limit);
    }

    public boolean matches(LcmsEvent e) {
        return host.map(h -> h.equals(e.host())).orElse(true)
            && clusterId.map(c -> c.equals(e.clusterId())).orElse(true)
            && (types.isEmpty() || types.contains(e.type()))
            && minimumSeverity.map(m -> e.severity().compareTo(m) >= 0).orElse(true);
    }
}
