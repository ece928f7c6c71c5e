package org.lcms.snmp.core;

import org.lcms.model.api.IpAddress;
import org.lcms.model.api.Role;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;

/** One change the manager makes on an agent (an SNMP SET of LCMS-MIB objects); the adapter encodes it. */
public sealed interface AgentWrite {

    /** lcmsRoleType with cluster id, VIP and rank, in one request (the agent applies the role at commit). */
    record SetRole(Role role, String clusterId, IpAddress vip, int backupRank) implements AgentWrite {
    }

    /** createAndGo of a lcmsVsTable row. */
    record CreateVirtualService(int index, IpAddress vip, int port, ServiceProtocol protocol, Scheduler scheduler)
        implements AgentWrite {
    }

    record SetScheduler(int index, Scheduler scheduler) implements AgentWrite {
    }

    /** destroy of a lcmsVsTable row (the agent destroys its real servers with it). */
    record DestroyVirtualService(int index) implements AgentWrite {
    }

    /** createAndGo of a lcmsRsTable row; {@code drained}: with lcmsRsStatus draining(3), else up(1). */
    record CreateRealServer(int vsIndex, int index, IpAddress address, int port, int weight, boolean drained)
        implements AgentWrite {
        public CreateRealServer(int vsIndex, int index, IpAddress address, int port, int weight) {
            this(vsIndex, index, address, port, weight, false);
        }
    }

    /** lcmsRsStatus of a row: draining(3) when the operator drained the server, up(1) when enabled. */
    record SetDrained(int vsIndex, int index, boolean drained) implements AgentWrite {
    }

    record SetWeight(int vsIndex, int index, int weight) implements AgentWrite {
    }

    record DestroyRealServer(int vsIndex, int index) implements AgentWrite {
    }

    /**
     * lcmsFailoverPolicySet of the agent's lcmsFailoverTable row {@code failoverIndex} (the cluster's): the model's
     * policy as NAME=VALUE words, {@code ""} to give every setting back to the agent's file.
     */
    record SetFailoverPolicy(int failoverIndex, String cluster, String policy) implements AgentWrite {
    }
}
