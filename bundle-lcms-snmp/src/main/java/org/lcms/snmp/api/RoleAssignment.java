package org.lcms.snmp.api;

import java.time.Instant;

/**
 * How far the manager got in giving a host the role the model wants (per-host progress of building, changing or
 * dissolving a cluster).
 *
 * @param wanted the wanted role in words ("lb of web (VIP 192.0.2.10)", "none")
 * @param attempts writes tried since the host was last in sync
 * @param lastError why the last attempt failed; empty otherwise
 * @param since when the status last changed
 */
public record RoleAssignment(String host, String wanted, Status status, int attempts, String lastError,
                             Instant since) {

    public enum Status {
        /** The agent reports what the model wants. */
        IN_SYNC,
        /** Writes are under way, or done and waiting for the agent to report them. */
        APPLYING,
        /** The last attempt failed; the manager tries again (with a growing pause). */
        FAILED,
        /** The host's agent does not answer; its role is set as soon as it does. */
        WAITING_FOR_HOST
    }
}
