package org.lcms.snmp.api;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Operational requests the SNMP manager passes to one node agent on an operator's behalf (not model changes:
 * those go through the model and the manager's reconciliation). Registered with {@link ClusterState} by the same
 * manager.
 */
@ProviderType
public interface AgentOperations {

    /**
     * Asks the agent of {@code host}, which must hold {@code cluster}'s VIP, to hand it to {@code target}
     * (lcmsFailoverHandOverTo). Returns once the agent accepted or refused the request, not once the VIP has
     * moved (watch {@link ClusterLiveState#vipHolder()}). Blocks at most the manager's poll timeout and retries.
     *
     * @return empty when the agent accepted; otherwise why not, for the operator: the agent's own reason
     *     (lcmsFailoverHandOverResult) when it refused, or why it could not be asked (unreachable, no failover)
     * @throws IllegalArgumentException if the model has no such host
     */
    Optional<String> requestHandOver(String host, String cluster, String target) throws InterruptedException;
}
