package org.lcms.model.api;

import java.util.Objects;

/** The service a load cluster offers: clients connect to {@code address:port} over {@code protocol}. */
public record VirtualService(IpAddress address, int port, ServiceProtocol protocol) {
    public VirtualService {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** {@code 192.0.2.10:80/tcp} or {@code [2001:db8::10]:80/tcp}. */
    @Override
    public String toString() {
        String a = address.isIpv4() ? address.toString() : "[" + address + "]";
        return a + ":" + port + "/" + protocol.code();
    }
}
