package org.lcms.snmp.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The live cluster state service of the SNMP manager: the latest poll results of every host in the model and
 * the recent events. Reading is cheap (an immutable snapshot); nothing here blocks on the network except
 * {@link #pollNow}.
 */
@ProviderType
public interface ClusterState {

    ClusterStateSnapshot snapshot();

    /** Recent events (kept in memory, bounded; the directory's history keeps them for good), newest first. */
    List<LcmsEvent> events(EventQuery query);

    void addListener(ClusterStateListener listener);

    void removeListener(ClusterStateListener listener);

    /**
     * Polls {@code host} now, outside its schedule, and returns its state afterwards (waits at most the poll's
     * timeouts and retries).
     *
     * @throws IllegalArgumentException if the model has no such host
     */
    HostLiveState pollNow(String host) throws InterruptedException;

    /** The notification receiver's counters. */
    NotificationCounters notificationCounters();
}
