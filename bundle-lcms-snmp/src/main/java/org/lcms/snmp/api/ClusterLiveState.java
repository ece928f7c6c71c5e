package org.lcms.snmp.api;

import java.util.List;
import java.util.Optional;

/**
 * One load cluster of the model as its hosts report it.
 *
 * @param vipHolder the host whose agent reports the cluster's load-balancer role (or a backup's) as active; empty
 *     when none does (no host serves the VIP, or none was reachable)
 * @param contestedBy other hosts that also report holding the VIP (should be empty: more than one is a split
 *     brain the failover must resolve)
 * @param loadBalancer the model's load balancer
 * @param backups the model's backups, in rank order
 */
public record ClusterLiveState(String clusterId, String vip, int port, String protocol, boolean active,
                               String loadBalancer, List<String> backups, Optional<String> vipHolder,
                               List<String> contestedBy, List<RealServerLiveState> realServers) {

    public ClusterLiveState {
        backups = List.copyOf(backups);
        contestedBy = List.copyOf(contestedBy);
        realServers = List.copyOf(realServers);
    }

    /** Real servers dispatched with status UP. */
    public long realServersUp() {
        return realServers.stream().filter(r -> r.status() == RealServerStatus.UP).count();
    }
}
