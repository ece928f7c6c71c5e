package org.lcms.agent.state;

import java.net.InetAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.lcms.agent.dispatch.DispatchTable;
import org.lcms.agent.role.AgentRole;

/**
 * What the agent keeps across restarts: the role the manager gave the host with its cluster, VIP and rank, the
 * takeover epoch, and the dispatch table. Counters and time stamps are not kept: LCMS-MIB says they start again
 * with the agent.
 */
public record AgentState(AgentRole role, String clusterId, Optional<InetAddress> vip, long backupRank,
                         long takeoverEpoch, DispatchTable dispatchTable, Map<String, String> policies) {
    public static final AgentState INITIAL = new AgentState(AgentRole.NONE, "", Optional.empty(), 0, 0,
        DispatchTable.EMPTY);

    /**
     * @param policies the failover policy the manager wrote, by cluster, as lcmsFailoverPolicySet's words (only
     *     clusters with a policy; kept so that it survives a restart with the manager down)
     */
    public AgentState {
        Objects.requireNonNull(role);
        Objects.requireNonNull(clusterId);
        Objects.requireNonNull(vip);
        Objects.requireNonNull(dispatchTable);
        policies = Collections.unmodifiableMap(new TreeMap<>(policies));
    }

    /** Without failover policies. */
    public AgentState(AgentRole role, String clusterId, Optional<InetAddress> vip, long backupRank,
                      long takeoverEpoch, DispatchTable dispatchTable) {
        this(role, clusterId, vip, backupRank, takeoverEpoch, dispatchTable, Map.of());
    }

    public AgentState withDispatchTable(DispatchTable table) {
        return new AgentState(role, clusterId, vip, backupRank, takeoverEpoch, table, policies);
    }

    public AgentState withPolicies(Map<String, String> value) {
        return new AgentState(role, clusterId, vip, backupRank, takeoverEpoch, dispatchTable, value);
    }
}
