package org.lcms.agent.host;

import java.util.List;
import java.util.Objects;

/**
 * What the kernel says about the host, read at one moment.
 *
 * @param memoryTotalKiB {@code MemTotal} of /proc/meminfo, in KiB
 * @param memoryAvailableKiB {@code MemAvailable} of /proc/meminfo (memory usable without swapping), in KiB
 * @param load1 load average over 1 minute, in hundredths (1.15 -> 115), likewise {@code load5}, {@code load15}
 * @param uptimeHundredths time since the kernel booted, in hundredths of a second
 */
public record HostFacts(String hostName, String cpuType, int cpuCount, long memoryTotalKiB,
                        long memoryAvailableKiB, int load1, int load5, int load15, long uptimeHundredths,
                        List<NetworkInterfaceFacts> interfaces) {
    public HostFacts {
        Objects.requireNonNull(hostName);
        Objects.requireNonNull(cpuType);
        interfaces = List.copyOf(interfaces);
    }
}
