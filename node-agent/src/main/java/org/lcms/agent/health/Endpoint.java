package org.lcms.agent.health;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import org.lcms.agent.dispatch.RealServer;

/**
 * What a health check probes: a real server's own address and port. With direct routing a real server answers on
 * its own address as well as on the VIP, so the load balancer can reach it there. One check per endpoint, not per
 * row: a real server in two virtual services with the same port is probed once.
 */
public record Endpoint(InetAddress address, int port) {
    public Endpoint {
        Objects.requireNonNull(address, "address");
    }

    public static Endpoint of(RealServer rs) {
        return new Endpoint(rs.address(), rs.port());
    }

    @Override
    public String toString() {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]:" + port
            : address.getHostAddress() + ":" + port;
    }
}
