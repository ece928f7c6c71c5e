package org.lcms.snmp.api;

import java.util.List;
import java.util.Optional;

/**
 * One load cluster of the model as its hosts report it.
 *
 * @param vipHolder the host that holds the VIP: where the agents run the failover, the chain member whose own
 *     lcmsFailoverTable says holder (the newest epoch first); otherwise the host whose agent reports the
 *     load-balancer role (or a backup's) as active. Empty when none does (or none was reachable)
 * @param contestedBy other hosts that also report holding the VIP (should be empty: more than one is a split
 *     brain the failover must resolve)
 * @param loadBalancer the model's load balancer
 * @param backups the model's backups, in rank order
 * @param epoch the newest takeover epoch the chain's agents report (0 if none runs the failover)
 * @param chain the load balancer and backups with each one's own view of the election
 */
public record ClusterLiveState(String clusterId, String vip, int port, String protocol, boolean active,
                               String loadBalancer, List<String> backups, Optional<String> vipHolder,
                               List<String> contestedBy, List<RealServerLiveState> realServers, long epoch,
                               List<ChainMemberLiveState> chain) {

    public ClusterLiveState {
        backups = List.copyOf(backups);
        contestedBy = List.copyOf(contestedBy);
        realServers = List.copyOf(realServers);
        chain = List.copyOf(chain);
    }

    /** Whether any member of the chain reports running the failover for this cluster. */
    public boolean failoverReported() {
        return chain.stream().anyMatch(m -> m.view().isPresent());
    }

    /** Real servers dispatched with status UP. */
    public long realServersUp() {
        return realServers.stream().filter(r -> r.status() == RealServerStatus.UP).count();
    }
}
