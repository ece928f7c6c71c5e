package org.lcms.snmp.api;

/** A row of a host's lcmsServiceTable: a local service its agent probes. */
public record ServiceReport(int index, String name, int port, String protocol, ServiceStatus status,
                            long currentConnections) {
}
