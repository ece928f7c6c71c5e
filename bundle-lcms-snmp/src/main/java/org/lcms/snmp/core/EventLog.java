package org.lcms.snmp.core;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.lcms.snmp.api.EventQuery;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.Severity;

/** The newest events in memory, numbered in order; the oldest fall out beyond {@code capacity}. Thread-safe. */
public final class EventLog {
    private final int capacity;
    private final ArrayDeque<LcmsEvent> events = new ArrayDeque<>();
    private long lastSequence;

    public EventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Numbers and keeps a new event. */
    public synchronized LcmsEvent append(Instant time, EventType type, Severity severity, String host,
                                         String clusterId, String message, Map<String, String> details,
                                         boolean fromAgent) {
        LcmsEvent e = new LcmsEvent(++lastSequence, time, type, severity, host, clusterId, message, details,
            fromAgent);
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(e);
        return e;
    }

    /** Matching events, newest first. */
    public synchronized List<LcmsEvent> query(EventQuery query) {
        List<LcmsEvent> out = new ArrayList<>();
        for (Iterator<LcmsEvent> it = events.descendingIterator(); it.hasNext() && out.size() < query.limit(); ) {
            LcmsEvent e = it.next();
            if (query.matches(e)) {
                out.add(e);
            }
        }
        return out;
    }
}
