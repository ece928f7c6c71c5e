package org.lcms.snmp.api;

/** Whether the manager can talk to a host's node agent. */
public enum Reachability {
    /** Not polled yet since the manager started or the host was added. */
    UNKNOWN,
    /** The last poll was answered. */
    REACHABLE,
    /** Several polls in a row went unanswered (or were refused); see {@link HostLiveState#lastError()}. */
    UNREACHABLE
}
