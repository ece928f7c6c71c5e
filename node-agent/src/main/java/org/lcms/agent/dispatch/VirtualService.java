package org.lcms.agent.dispatch;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One virtual service (a row of lcmsVsTable): what clients connect to and how connections are spread.
 *
 * @param index the manager's number for it, 1..65535
 * @param inService false while the manager keeps the row out of service (RowStatus notInService): it is kept,
 *     but not in the data plane
 */
public record VirtualService(int index, InetAddress address, int port, Protocol protocol, Scheduler scheduler,
                             boolean inService) {
    public VirtualService {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(scheduler, "scheduler");
    }

    /** {@code 192.0.2.10:80} or {@code [2001:db8::10]:80}, as ipvsadm writes a service address. */
    public String endpoint() {
        return DispatchTable.endpoint(address, port);
    }

    /** How operators and ipvsadm name it: {@code tcp 192.0.2.10:80}. */
    @Override
    public String toString() {
        return "virtual service " + index + " (" + protocol.name().toLowerCase(java.util.Locale.ROOT) + " "
            + endpoint() + (inService ? "" : ", not in service") + ")";
    }

    boolean ipv6() {
        return address instanceof Inet6Address;
    }
}
