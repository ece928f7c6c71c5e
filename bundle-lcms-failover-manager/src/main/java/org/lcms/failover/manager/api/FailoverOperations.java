package org.lcms.failover.manager.api;

import java.util.List;
import java.util.Optional;
import org.lcms.model.api.LoadCluster;
import org.lcms.snmp.api.ClusterLiveState;
import org.lcms.snmp.api.LcmsEvent;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The operator's failover actions on a cluster, and its status. Drain and enable change the model (the drain is
 * kept in the directory with its history, and the SNMP manager writes lcmsRsStatus to the cluster's load balancer
 * and backups); a switchover is an operational request to the agent that holds the VIP, which hands it over
 * through the cluster's witnesses (the manager never moves the VIP itself).
 *
 * <p>Every method blocks: model writes and SNMP requests take up to a few seconds. A refused action throws
 * {@link FailoverActionException} with a message for the operator (what is wrong, what to do) and changes nothing.
 */
@ProviderType
public interface FailoverOperations {

    /** What an action did, in one line for the operator. */
    record Outcome(String message) {
    }

    /**
     * The cluster as the model wants it and as its agents report it, with its latest events (newest first).
     */
    record ClusterStatus(LoadCluster model, ClusterLiveState live, List<LcmsEvent> events) {
        public ClusterStatus {
            events = List.copyOf(events);
        }
    }

    /** Takes real server {@code realServer} of {@code cluster} out of rotation for new connections. */
    Outcome drain(String actor, String cluster, String realServer);

    /** Puts a drained real server back into rotation. */
    Outcome enable(String actor, String cluster, String realServer);

    /**
     * Moves the VIP of an active cluster from its current holder to {@code target} (empty: the best-ranked other
     * member that is ready), and waits up to {@code waitMillis} for the target's agent to report holding it.
     */
    Outcome switchover(String cluster, Optional<String> target, long waitMillis) throws InterruptedException;

    ClusterStatus status(String cluster, int events);
}
