package org.lcms.model.api;

import java.util.Objects;

/**
 * A real server of a cluster: the host, the weight it has in this cluster's dispatch table, and whether the
 * operator drained it ({@code lcms:drain}): a drained server takes no new connections (its established ones finish)
 * until it is enabled again; the model keeps it, so it stays drained across manager restarts and role changes.
 */
public record RealServerMember(String host, int weight, boolean drained) {
    public RealServerMember {
        Objects.requireNonNull(host, "host");
    }

    /** An enabled (not drained) member. */
    public RealServerMember(String host, int weight) {
        this(host, weight, false);
    }

    public RealServerMember withDrained(boolean value) {
        return new RealServerMember(host, weight, value);
    }
}
