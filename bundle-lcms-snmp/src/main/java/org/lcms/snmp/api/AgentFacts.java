package org.lcms.snmp.api;

/**
 * The host facts a node agent reports (LCMS-MIB lcmsHost group).
 *
 * @param memoryTotalMiB total memory in MiB
 * @param memoryFreeMiB available memory in MiB
 * @param load1 load average over 1 minute (5, 15 likewise)
 * @param agentUpTimeHundredths time since the agent started, in hundredths of a second
 */
public record AgentFacts(String hostName, String cpuType, int cpuCount, long memoryTotalMiB, long memoryFreeMiB,
                         double load1, double load5, double load15, String agentVersion,
                         long agentUpTimeHundredths) {
}
