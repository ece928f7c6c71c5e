package org.lcms.agent.failover;

import java.util.Map;

/**
 * Passes every take and release on to the VIP control that does it, then tells the agent (its MIB and
 * notifications) what happened. The report comes after the real work, on the failover thread: the agent only
 * queues a notification, so the failover is not held up.
 */
public final class ReportingVipControl implements FailoverRuntime.VipControl, AutoCloseable {
    /** What the agent learns of a take or release. */
    public interface Report {
        void changed(String cluster, int rank, long epoch, boolean holding, String reason);
    }

    private final FailoverRuntime.VipControl inner;
    private final Map<String, Integer> ranks;
    private final Report report;

    /** @param ranks this host's rank in each cluster it may hold the VIP of (0 = load balancer) */
    public ReportingVipControl(FailoverRuntime.VipControl inner, Map<String, Integer> ranks, Report report) {
        this.inner = inner;
        this.ranks = Map.copyOf(ranks);
        this.report = report;
    }

    @Override
    public void take(String cluster, long epoch, long validUntil, String reason) {
        inner.take(cluster, epoch, validUntil, reason);
        report.changed(cluster, ranks.getOrDefault(cluster, 0), epoch, true, reason);
    }

    @Override
    public void extend(String cluster, long epoch, long validUntil) {
        inner.extend(cluster, epoch, validUntil);
    }

    @Override
    public void release(String cluster, long epoch, String reason) {
        inner.release(cluster, epoch, reason);
        report.changed(cluster, ranks.getOrDefault(cluster, 0), epoch, false, reason);
    }

    /** The control that does the work. */
    public FailoverRuntime.VipControl inner() {
        return inner;
    }

    @Override
    public void close() throws Exception {
        if (inner instanceof AutoCloseable c) {
            c.close();
        }
    }
}
