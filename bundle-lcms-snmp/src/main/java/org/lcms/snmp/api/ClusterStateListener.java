package org.lcms.snmp.api;

/**
 * Told about changes of the live state. Called on the manager's own threads: return quickly (hand work to your
 * own executor) and do not call back into the manager from it. A listener that throws is logged and kept.
 */
public interface ClusterStateListener {
    /** A host's live state changed (reachability, role, tables or facts); {@code snapshot} is the new whole. */
    default void stateChanged(ClusterStateSnapshot snapshot) {
    }

    /** An event happened (already in {@link ClusterState#events}). */
    default void eventRaised(LcmsEvent event) {
    }
}
