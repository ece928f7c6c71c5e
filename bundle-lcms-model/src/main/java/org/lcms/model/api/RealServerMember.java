package org.lcms.model.api;

import java.util.Objects;

/** A real server of a cluster: the host and the weight it has in this cluster's dispatch table. */
public record RealServerMember(String host, int weight) {
    public RealServerMember {
        Objects.requireNonNull(host, "host");
    }
}
