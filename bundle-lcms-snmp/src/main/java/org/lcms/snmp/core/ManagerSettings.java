package org.lcms.snmp.core;

import java.time.Duration;
import java.util.Map;

/**
 * The SNMP manager's settings, checked: polling, the session and the credential profiles.
 *
 * @param listen the manager's local UDP "address/port" for polls and role changes (port 0: any)
 * @param receiveBufferBytes UDP receive buffer of that socket
 * @param maxInFlight polls outstanding at once (further due polls wait their turn)
 * @param modelRefresh how often the host list is re-read from the model
 * @param eventLogSize events kept in memory
 * @param trapListen UDP "address/port" the notification receiver listens on; empty: no receiver
 * @param trapCommunity the SNMPv2c community notifications must carry; empty: v2c notifications are refused
 * @param stateDirectory where the manager keeps its SNMP engine ID (agents' informs and the NMS's v3 trap
 *     configuration need it stable); empty: a new one at every start
 * @param nms where LCMS events are forwarded as notifications
 */
public record ManagerSettings(PollPolicy poll, String listen, int receiveBufferBytes, int maxInFlight,
                             Duration modelRefresh, int eventLogSize, Map<String, SnmpProfile> profiles,
                             String trapListen, java.util.Optional<String> trapCommunity,
                             java.util.Optional<java.nio.file.Path> stateDirectory, java.util.List<NmsTarget> nms) {

    /** Without a notification receiver (tests of polling and roles). */
    public ManagerSettings(PollPolicy poll, String listen, int receiveBufferBytes, int maxInFlight,
                           Duration modelRefresh, int eventLogSize, Map<String, SnmpProfile> profiles) {
        this(poll, listen, receiveBufferBytes, maxInFlight, modelRefresh, eventLogSize, profiles, "",
            java.util.Optional.empty(), java.util.Optional.empty(), java.util.List.of());
    }

    public ManagerSettings {
        profiles = Map.copyOf(profiles);
        nms = java.util.List.copyOf(nms);
        if (!trapListen.isEmpty() && !trapListen.matches("[0-9A-Fa-f.:]+/[0-9]{1,5}")) {
            throw new IllegalArgumentException("trapListenAddress = " + trapListen + ": give ADDRESS/PORT, e.g. "
                + "0.0.0.0/10162, or leave it empty for no receiver");
        }
        trapCommunity.ifPresent(c -> {
            if (c.length() < 8 || c.equalsIgnoreCase("public") || c.equalsIgnoreCase("private")) {
                throw new IllegalArgumentException("trapCommunity: give at least 8 characters, not a well-known "
                    + "community ('public', 'private'), or leave it empty to refuse SNMPv2c notifications");
            }
        });
        if (receiveBufferBytes < 65_536 || receiveBufferBytes > 268_435_456) {
            throw new IllegalArgumentException("receiveBufferBytes = " + receiveBufferBytes + ": give 65536.."
                + "268435456 (the kernel caps it at net.core.rmem_max)");
        }
        if (maxInFlight < 1 || maxInFlight > 100_000) {
            throw new IllegalArgumentException("maxInFlight = " + maxInFlight + ": give 1..100000");
        }
        if (modelRefresh.isNegative() || modelRefresh.isZero()) {
            throw new IllegalArgumentException("modelRefresh must be positive, was " + modelRefresh);
        }
        if (eventLogSize < 100 || eventLogSize > 1_000_000) {
            throw new IllegalArgumentException("eventLogSize = " + eventLogSize + ": give 100..1000000");
        }
        if (!listen.matches("[0-9A-Fa-f.:]+/[0-9]{1,5}")) {
            throw new IllegalArgumentException("listenAddress = " + listen + ": give ADDRESS/PORT, e.g. 0.0.0.0/0");
        }
    }
}
