package org.lcms.model.api;

import java.util.List;

/** The role a host has by the cluster definitions, and the clusters that give it (several only for RS). */
public record HostRole(Role role, List<String> clusters) {
    public static final HostRole NONE = new HostRole(Role.NONE, List.of());

    public HostRole {
        clusters = List.copyOf(clusters);
    }
}
