package org.lcms.agent.dispatch;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One real server of a virtual service (a row of lcmsRsTable).
 *
 * @param vsIndex the virtual service it belongs to
 * @param index its number within the virtual service, 1..65535
 * @param weight the IPVS weight, 0..65535
 * @param inService false while the manager keeps the row out of service (RowStatus notInService)
 */
public record RealServer(int vsIndex, int index, InetAddress address, int port, int weight, RealServerStatus status,
                         boolean inService) {
    public static final int DEFAULT_WEIGHT = 100;

    public RealServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(status, "status");
    }

    public String endpoint() {
        return DispatchTable.endpoint(address, port);
    }

    public RealServer withWeight(int newWeight) {
        return new RealServer(vsIndex, index, address, port, newWeight, status, inService);
    }

    public RealServer withStatus(RealServerStatus newStatus) {
        return new RealServer(vsIndex, index, address, port, weight, newStatus, inService);
    }

    @Override
    public String toString() {
        return "real server " + vsIndex + "." + index + " (" + endpoint() + ")";
    }

    boolean ipv6() {
        return address instanceof Inet6Address;
    }
}
