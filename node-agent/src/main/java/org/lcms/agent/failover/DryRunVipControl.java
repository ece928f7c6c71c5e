package org.lcms.agent.failover;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The VIP control of the dry-run configurator: changes nothing on the host, says on the agent's output what it
 * would do (one line per take and release; renewals are silent) and remembers who holds what, for the status.
 */
public final class DryRunVipControl implements FailoverRuntime.VipControl {
    private final Map<String, String> vips;
    private final PrintStream out;
    private final Map<String, Long> holding = new ConcurrentHashMap<>();

    /** @param vips each cluster's VIP */
    public DryRunVipControl(Map<String, String> vips, PrintStream out) {
        this.vips = Map.copyOf(vips);
        this.out = out;
    }

    @Override
    public void take(String cluster, long epoch, long validUntil, String reason) {
        holding.put(cluster, epoch);
        out.printf("lcms-agent: failover %s: takes the VIP %s at epoch %d (dry run: nothing changed): %s%n", cluster,
            vips.get(cluster), epoch, reason);
    }

    @Override
    public void extend(String cluster, long epoch, long validUntil) {
        // renewals every few ms: not worth a line
    }

    @Override
    public void release(String cluster, long epoch, String reason) {
        holding.remove(cluster);
        out.printf("lcms-agent: failover %s: releases the VIP %s (epoch %d, dry run): %s%n", cluster, vips.get(cluster),
            epoch, reason);
    }

    /** The clusters whose VIP this host holds, with the epoch. */
    public Map<String, Long> holding() {
        return Map.copyOf(holding);
    }
}
