package org.lcms.agent.failover;

import java.util.Map;

/**
 * Passes every take and release on to the VIP control that does it and tells the agent (its MIB, its data plane and
 * notifications), on the failover thread; the agent only queues a notification, so the failover is not held up
 * by it.
 *
 * <p>A <b>take is reported before</b> the VIP control does it: the agent then loads the dispatch table of a
 * backup that becomes active, and only after that does the VIP control arm the switch, add the address and
 * announce it. Reported after (as before), the announcement raced the table's load: on the bed the first packets
 * after a takeover reached the host's own stack — which holds the VIP but serves nothing on the port — and
 * were answered with RSTs (2 of 6 held connections reset, 25 new connections refused). A <b>release is
 * reported after</b> the VIP control has closed the switch: the table goes only when nothing reaches it.
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
        report.changed(cluster, ranks.getOrDefault(cluster, 0), epoch, true, reason);
        inner.take(cluster, epoch, validUntil, reason);
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
