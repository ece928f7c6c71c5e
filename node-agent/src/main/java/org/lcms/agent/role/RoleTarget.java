package org.lcms.agent.role;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host should look like for a role: the role, its VIP (none for {@link AgentRole#NONE}) and the
 * interface that serves clients (where a load balancer holds the VIP).
 */
public record RoleTarget(AgentRole role, Optional<InetAddress> vip, String serviceInterface) {
    public static final RoleTarget NONE = new RoleTarget(AgentRole.NONE, Optional.empty(), "");

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
