package org.lcms.agent.state;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import org.lcms.agent.dispatch.DispatchTable;
import org.lcms.agent.role.AgentRole;

/**
 * What the agent keeps across restarts: the role the manager gave the host with its cluster, VIP and rank, the
 * takeover epoch, and the dispatch table. Counters and time stamps are not kept: LCMS-MIB says they start again
 * with the agent.
 */
public record AgentState(AgentRole role, String clusterId, Optional<InetAddress> vip, long backupRank,
                         long takeoverEpoch, DispatchTable dispatchTable) {
    public static final AgentState INITIAL = new AgentState(AgentRole.NONE, "", Optional.empty(), 0, 0,
        DispatchTable.EMPTY);

    public AgentState {
        Objects.requireNonNull(role);
        Objects.requireNonNull(clusterId);
        Objects.requireNonNull(vip);
        Objects.requireNonNull(dispatchTable);
    }

    public AgentState withDispatchTable(DispatchTable table) {
        return new AgentState(role, clusterId, vip, backupRank, takeoverEpoch, table);
    }
}
