package org.lcms.model.api;

import java.util.Optional;

/**
 * Which history records to return, newest first.
 *
 * @param cluster only changes that touched this cluster
 * @param kind only changes of this kind of object
 * @param objectName only changes of the object with this name
 * @param limit at most this many records (1..10000)
 */
public record HistoryQuery(Optional<String> cluster, Optional<ObjectKind> kind, Optional<String> objectName,
                           int limit) {
    public static final int MAX_LIMIT = 10_000;

    public HistoryQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("history limit must be 1.." + MAX_LIMIT + ", not " + limit);
        }
    }

    public static HistoryQuery latest(int limit) {
        return new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), limit);
    }

    public static HistoryQuery ofCluster(String cluster, int limit) {
        return new HistoryQuery(Optional.of(cluster), Optional.empty(), Optional.empty(), limit);
    }

    public boolean accepts(ChangeRecord r) {
        return cluster.map(c -> r.clusters().stream().anyMatch(c::equalsIgnoreCase)).orElse(true)
            && kind.map(k -> r.kind() == k).orElse(true)
            && objectName.map(n -> r.objectName().equalsIgnoreCase(n)).orElse(true);
    }
}
