package org.lcms.snmp.api;

/**
 * A row of a load balancer's lcmsRsTable: one real server of a virtual service, as dispatched right now.
 *
 * @param virtualServiceIndex the lcmsVsIndex of its virtual service
 * @param statusChanges how often its status changed since the agent started
 */
public record RealServerReport(int virtualServiceIndex, int index, String address, int port, int weight, RealServerStatus status,
                               long activeConnections, long inactiveConnections, long statusChanges) {
}
