package org.lcms.snmp.core;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.lcms.model.api.ModelChange.RecordEvent;
import org.lcms.model.api.ObjectKind;
import org.lcms.snmp.api.LcmsEvent;

/**
 * Events waiting to be written to the directory's history, oldest first. The directory is slower than the
 * network (one LDAP transaction per record) and may be away for a while, so the queue is bounded: beyond
 * {@code capacity} new events are counted instead of queued (they are still in the in-memory event log and
 * were forwarded to the NMS). Events come from agents, so their text is made fit for the history here (one
 * line, bounded) rather than refused by the model. Thread-safe.
 */
public final class HistoryQueue {
    static final int MAX_NAME = 253; // lcmsObjectName is {253} in the LDAP schema
    static final int MAX_DETAIL = 4000;

    private final int capacity;
    private final ArrayDeque<RecordEvent> pending = new ArrayDeque<>();
    private long notQueued;

    public HistoryQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Queues the event's history record; false (and counted) when the queue is full. */
    public synchronized boolean offer(LcmsEvent e) {
        if (pending.size() >= capacity) {
            notQueued++;
            return false;
        }
        pending.addLast(recordOf(e));
        return true;
    }

    /** The oldest waiting record, still queued until {@link #written}: a failed write is tried again. */
    public synchronized Optional<RecordEvent> peek() {
        return Optional.ofNullable(pending.peekFirst());
    }

    /** The record {@link #peek} gave was written (or refused for good): the next one is due. */
    public synchronized void written(RecordEvent r) {
        if (pending.peekFirst() == r) {
            pending.removeFirst();
        }
    }

    public synchronized int size() {
        return pending.size();
    }

    /** Events not queued because the queue was full, since the start. */
    public synchronized long notQueued() {
        return notQueued;
    }

    /**
     * The history record of an event: about its host (or, without one, its cluster), named after its LCMS-MIB
     * notification, the severity first in the detail ("major: ...").
     */
    public static RecordEvent recordOf(LcmsEvent e) {
        String host = oneLine(e.host(), MAX_NAME);
        String cluster = oneLine(e.clusterId(), MAX_NAME);
        ObjectKind kind = !host.isBlank() || cluster.isBlank() ? ObjectKind.HOST : ObjectKind.CLUSTER;
        String name = kind == ObjectKind.CLUSTER ? cluster : host.isBlank() ? "unknown-sender" : host;
        String detail = oneLine(e.severity().name().toLowerCase(Locale.ROOT) + ": " + e.message(), MAX_DETAIL);
        return new RecordEvent(kind, name, e.type().notification(), detail,
            cluster.isBlank() ? Set.of() : Set.of(cluster));
    }

    /** Control characters (an agent may send line breaks) become spaces; too long is cut with an ellipsis. */
    static String oneLine(String text, int max) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (text.length() > max) {
            b.setLength(max - 1);
            b.append('…');
        }
        return b.toString().strip();
    }
}
