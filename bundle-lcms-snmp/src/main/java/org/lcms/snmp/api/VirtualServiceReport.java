package org.lcms.snmp.api;

/** A row of a load balancer's lcmsVsTable: a virtual service it dispatches (or, on a standby backup, would). */
public record VirtualServiceReport(int index, String address, int port, String protocol, String scheduler) {
}
