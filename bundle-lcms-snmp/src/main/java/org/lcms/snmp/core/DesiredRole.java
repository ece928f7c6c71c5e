package org.lcms.snmp.core;

import java.util.List;
import java.util.Optional;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.Role;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;

/**
 * What the model wants a host's agent to have: its role with the cluster, VIP and backup rank, and, on the load
 * balancer, the dispatch table (one virtual service with its real servers).
 *
 * @param vip empty for role none
 * @param table the load balancer's dispatch table; empty for every other role
 * @param policy the cluster's failover policy for its load balancer and backups (lcmsFailoverPolicySet's words,
 *     {@code ""}: the agents' own); empty for every other role
 */
public record DesiredRole(Role role, String clusterId, Optional<IpAddress> vip, int backupRank,
                          Optional<Table> table, String policy) {

    public static final DesiredRole NONE = new DesiredRole(Role.NONE, "", Optional.empty(), 0, Optional.empty());

    /** Without a failover policy. */
    public DesiredRole(Role role, String clusterId, Optional<IpAddress> vip, int backupRank, Optional<Table> table) {
        this(role, clusterId, vip, backupRank, table, "");
    }

    /** The virtual service and its real servers, as the load balancer must dispatch them. */
    public record Table(IpAddress vip, int port, ServiceProtocol protocol, Scheduler scheduler,
                        List<RealServer> realServers) {
        public Table {
            realServers = List.copyOf(realServers);
        }
    }

    /**
     * A real server's address and port (DR: the VIP's port), the model's weight and whether the operator drained it
     * (lcmsRsStatus draining(3) rather than up(1)).
     */
    public record RealServer(String host, IpAddress address, int port, int weight, boolean drained) {
        public RealServer(String host, IpAddress address, int port, int weight) {
            this(host, address, port, weight, false);
        }

        /** The lcmsRsStatus the model wants for this server. */
        public org.lcms.snmp.api.RealServerStatus status() {
            return drained ? org.lcms.snmp.api.RealServerStatus.DRAINING : org.lcms.snmp.api.RealServerStatus.UP;
        }
    }

    /** "lb of web (VIP 192.0.2.10)", "none". */
    public String describe() {
        if (role == Role.NONE) {
            return "none";
        }
        return role.code() + (backupRank > 0 ? " #" + backupRank : "") + " of " + clusterId
            + vip.map(v -> " (VIP " + v + ")").orElse("");
    }
}
