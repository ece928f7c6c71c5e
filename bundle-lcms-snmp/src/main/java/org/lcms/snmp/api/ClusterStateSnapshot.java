package org.lcms.snmp.api;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A consistent view of the live state of every host and cluster of the model, as of {@link #taken()}.
 *
 * @param modelRevision the model revision the host and cluster lists come from
 * @param assignments per host, how far the manager got in giving it the role the model wants
 */
public record ClusterStateSnapshot(Instant taken, long modelRevision, Map<String, HostLiveState> hosts,
                                   Map<String, ClusterLiveState> clusters, Map<String, RoleAssignment> assignments) {

    public ClusterStateSnapshot {
        hosts = Map.copyOf(hosts);
        clusters = Map.copyOf(clusters);
        assignments = Map.copyOf(assignments);
    }

    public Optional<RoleAssignment> assignment(String host) {
        return Optional.ofNullable(assignments.get(host));
    }

    public Optional<HostLiveState> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    public Optional<ClusterLiveState> cluster(String id) {
        return Optional.ofNullable(clusters.get(id));
    }
}
