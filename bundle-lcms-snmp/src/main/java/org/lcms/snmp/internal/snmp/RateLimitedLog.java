package org.lcms.snmp.internal.snmp;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Logs at most one line per {@code periodMillis}, then says how many were left out: a flood of bad packets
 * must not flood the log.
 */
public final class RateLimitedLog {
    private final long periodMillis;
    private final LongSupplier clockMillis;
    private final Consumer<String> out;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(long periodMillis, LongSupplier clockMillis, Consumer<String> out) {
        this.periodMillis = periodMillis;
        this.clockMillis = clockMillis;
        this.out = out;
    }

    public void log(String line) {
        long now = clockMillis.getAsLong();
        long allowed = nextAllowed.get();
        if (now >= allowed && nextAllowed.compareAndSet(allowed, now + periodMillis)) {
            long left = suppressed.getAndSet(0);
            out.accept(line + (left > 0 ? " (and " + left + " more like it since the last such line)" : ""));
        } else {
            suppressed.incrementAndGet();
        }
    }
}
