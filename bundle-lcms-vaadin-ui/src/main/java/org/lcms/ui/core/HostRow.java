package org.lcms.ui.core;

/**
 * One line of the Hosts view: the host as the model keeps it, and what the SNMP manager last found out about it.
 * Texts are ready to show; {@code rttMicros} and {@code addressKey} are for sorting.
 *
 * @param potential the roles the host may take, as codes ("lb, bs, rs")
 * @param modelRole the role the cluster definitions give it ("rs of www", "none")
 * @param reachable "reachable", "unreachable", "not polled yet" or {@link HostRows#NO_LIVE_STATE}
 * @param rttMicros round-trip time of the last answered poll in microseconds, -1 if none
 * @param liveRole the role the agent reports, with its state ("lb active"); empty if unknown
 * @param assignment how far the manager got in giving the host its role ("in sync", "failed (3 attempts): ...")
 * @param problem why the last poll or role write failed; empty if none
 * @param revision the model revision of the host, for changes based on what is shown
 */
public record HostRow(String name, String address, String addressKey, String potential, String snmpProfile,
                      int weight, String description, String modelRole, String reachable, long rttMicros,
                      String liveRole, String assignment, String problem, long revision) {

    /** "0.4 ms", or "" when no poll was answered. */
    public String rttText() {
        return rttMicros < 0 ? "" : String.format(java.util.Locale.ROOT, "%.1f ms", rttMicros / 1000.0);
    }
}
