package org.lcms.agent.host;

import java.util.Objects;

/**
 * One network interface as the kernel describes it under {@code /sys/class/net/NAME}.
 *
 * @param kind what the interface is: {@code ethernet}, {@code loopback}, or the ARPHRD number for others
 * @param driver the kernel driver bound to its device (e.g. {@code virtio_net}), empty for virtual interfaces
 * @param speedMbps link speed in Mbit/s, -1 when the kernel does not know it (down, or virtual)
 */
public record NetworkInterfaceFacts(String name, String kind, String driver, long speedMbps, boolean up) {
    public NetworkInterfaceFacts {
        Objects.requireNonNull(name);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(driver);
    }

    /** What an operator reads as the NIC type, e.g. {@code eth0 ethernet virtio_net 10000Mb/s}. */
    public String describe() {
        return name + " " + kind + (driver.isEmpty() ? "" : " " + driver)
            + (speedMbps > 0 ? " " + speedMbps + "Mb/s" : "");
    }
}
