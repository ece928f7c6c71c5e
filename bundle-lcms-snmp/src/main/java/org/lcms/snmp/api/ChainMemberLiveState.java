package org.lcms.snmp.api;

import java.util.Optional;

/**
 * A load balancer or backup of a cluster (its failover chain) as the manager last saw it.
 *
 * @param rank 0 the load balancer, 1 the primary backup, ...
 * @param view the member's own report of the cluster's election; empty if its agent runs no failover for the
 *     cluster or was not polled yet
 */
public record ChainMemberLiveState(String host, int rank, Reachability reachability, Optional<FailoverReport> view) {
}
