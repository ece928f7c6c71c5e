package org.lcms.ui.core;

import java.time.Duration;
import java.time.Instant;

/**
 * At most {@code max} permits per {@code period} (fixed periods); what is refused is counted, so that the next
 * permitted report can say how many were left out. Keeps a flood of failed logins from flooding the log and the
 * history. Thread-safe.
 */
public final class RateLimit {
    private final int max;
    private final Duration period;
    private Instant periodStart;
    private int used;
    private long suppressed;

    public RateLimit(int max, Duration period) {
        if (max < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("rate limit needs max >= 1 and a positive period, not " + max + " per "
                + period);
        }
        this.max = max;
        this.period = period;
    }

    /**
     * A permit at {@code now}: -1 if refused (counted), else how many were refused since the last permit (0 usually).
     */
    public synchronized long tryAcquire(Instant now) {
        if (periodStart == null || !now.isBefore(periodStart.plus(period))) {
            periodStart = now;
            used = 0;
        }
        if (used >= max) {
            suppressed++;
            return -1;
        }
        used++;
        long left = suppressed;
        suppressed = 0;
        return left;
    }
}
