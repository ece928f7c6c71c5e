package org.lcms.snmp.api;

/**
 * A row of a load balancer's lcmsRsTable: one real server of a virtual service, as dispatched right now.
 *
 * @param virtualServiceIndex the lcmsVsIndex of its virtual service
 * @param weight the manager's (operator's) weight, lcmsRsWeight
 * @param status the manager's (operator's) status, lcmsRsStatus
 * @param statusChanges how often its status changed since the agent started
 * @param effectiveStatus what the agent's health checks make of {@code status} (lcmsRsEffectiveStatus): down or
 *     draining while its checks fail; {@code status} from an agent that does not report it
 * @param effectiveWeight the weight it is dispatched with (lcmsRsEffectiveWeight): load-aware, 0 unless up
 * @param healthReason why the effective values differ from the operator's, empty when they do not
 */
public record RealServerReport(int virtualServiceIndex, int index, String address, int port, int weight, RealServerStatus status,
                               long activeConnections, long inactiveConnections, long statusChanges,
                               RealServerStatus effectiveStatus, int effectiveWeight, String healthReason) {
    public RealServerReport {
        java.util.Objects.requireNonNull(status, "status");
        java.util.Objects.requireNonNull(effectiveStatus, "effectiveStatus");
        java.util.Objects.requireNonNull(healthReason, "healthReason");
    }

    /** A row whose effective state is the operator's (no health checks, or an agent older than the columns). */
    public RealServerReport(int virtualServiceIndex, int index, String address, int port, int weight,
                            RealServerStatus status, long activeConnections, long inactiveConnections,
                            long statusChanges) {
        this(virtualServiceIndex, index, address, port, weight, status, activeConnections, inactiveConnections,
            statusChanges, status, status == RealServerStatus.UP ? weight : 0, "");
    }

    /** Whether the health checks dispatch it differently from what the operator set. */
    public boolean healthOverrides() {
        return effectiveStatus != status || effectiveWeight != (status == RealServerStatus.UP ? weight : 0);
    }
}
