package org.lcms.agent.role;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host should look like for a role: the role, its VIP (none for {@link AgentRole#NONE}), the
 * interface that serves clients (where a load balancer holds the VIP) and who puts the VIP there.
 *
 * @param vipByFailover true when this agent runs the failover for this VIP (agent.cfg failover.cluster.*, this host
 *     ranked): the failover's VIP control, behind its lease fence, is then the only one to add and remove the VIP,
 *     and the role leaves it alone. Two owners of one address would undo each other, and a VIP the role added
 *     would bypass the fence (a load balancer that lost its lease would keep answering for it: split brain).
 */
public record RoleTarget(AgentRole role, Optional<InetAddress> vip, String serviceInterface, boolean vipByFailover) {
    public static final RoleTarget NONE = new RoleTarget(AgentRole.NONE, Optional.empty(), "");

    /** A target whose VIP, if any, is the role's to add (no failover for it on this host). */
    public RoleTarget(AgentRole role, Optional<InetAddress> vip, String serviceInterface) {
        this(role, vip, serviceInterface, false);
    }

    public RoleTarget {
        Objects.requireNonNull(role);
        Objects.requireNonNull(vip);
        Objects.requireNonNull(serviceInterface);
        if (role != AgentRole.NONE && role != AgentRole.BACKUP_SERVER && vip.isEmpty()) {
            throw new IllegalArgumentException("role " + role + " needs a VIP");
        }
        if (role == AgentRole.LOAD_BALANCER && serviceInterface.isBlank()) {
            throw new IllegalArgumentException("a load balancer needs the interface it serves clients on");
        }
        if (vipByFailover && (vip.isEmpty() || (role != AgentRole.LOAD_BALANCER && role != AgentRole.BACKUP_SERVER))) {
            throw new IllegalArgumentException("only a load balancer or backup server's VIP can be the failover's, not "
                + role + "'s");
        }
    }

    /** {@code 192.0.2.10/32} or {@code 2001:db8::10/128}: a VIP is a host address on every interface. */
    public String vipPrefix() {
        InetAddress a = vip.orElseThrow();
        return a.getHostAddress() + (a instanceof Inet4Address ? "/32" : "/128");
    }

    public boolean ipv4() {
        return vip.map(a -> a instanceof Inet4Address).orElse(false);
    }
}
