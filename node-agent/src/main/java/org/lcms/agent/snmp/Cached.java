package org.lcms.agent.snmp;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A value read at most once per {@code maxAgeMillis}: a walk of the whole MIB reads /proc once, not once per
 * varbind. Thread-safe; the read happens under the lock, so concurrent requests wait for one read.
 */
final class Cached<T> {
    private final Supplier<T> source;
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;
    private T value;
    private long readAt;

    Cached(Supplier<T> source, long maxAgeMillis, LongSupplier nanoClock) {
        this.source = source;
        this.maxAgeNanos = maxAgeMillis * 1_000_000L;
        this.nanoClock = nanoClock;
    }

    Cached(Supplier<T> source, long maxAgeMillis) {
        this(source, maxAgeMillis, System::nanoTime);
    }

    synchronized T get() {
        long now = nanoClock.getAsLong();
        if (value == null || now - readAt >= maxAgeNanos) {
            value = source.get();
            readAt = now;
        }
        return value;
    }
}
