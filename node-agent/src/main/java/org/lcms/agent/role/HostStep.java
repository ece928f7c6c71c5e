package org.lcms.agent.role;

import java.util.List;

/** One change to the host's network configuration. Steps are data: planned purely, then carried out. */
public sealed interface HostStep {
    /** {@code ip addr add PREFIX dev DEVICE} (a no-op when already present). */
    record AddAddress(String prefix, String device) implements HostStep {
    }

    /** {@code ip addr del PREFIX dev DEVICE} (a no-op when already absent). */
    record RemoveAddress(String prefix, String device) implements HostStep {
    }

    /**
     * Writes {@code value} to {@code /proc/sys/KEY} (key with slashes, e.g. net/ipv4/conf/all/arp_ignore).
     */
    record SetSysctl(String key, String value) implements HostStep {
    }

    /** The command line an operator would type for this step (for logs and the dry-run record). */
    default List<String> commandLine() {
        if (this instanceof AddAddress a) {
            return List.of("ip", "addr", "add", a.prefix(), "dev", a.device());
        } else if (this instanceof RemoveAddress r) {
            return List.of("ip", "addr", "del", r.prefix(), "dev", r.device());
        }
        SetSysctl s = (SetSysctl) this;
        return List.of("sysctl", "-w", s.key().replace('/', '.') + "=" + s.value());
    }
}
