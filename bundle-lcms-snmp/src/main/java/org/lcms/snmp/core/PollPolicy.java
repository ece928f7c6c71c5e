package org.lcms.snmp.core;

import java.time.Duration;

/**
 * How hosts are polled.
 *
 * @param interval time between two polls of a reachable host
 * @param timeout how long one request waits for its answer
 * @param retries how often an unanswered request is sent again before the poll fails
 * @param unreachableAfter failed polls in a row after which a host counts as unreachable (its event is raised)
 * @param maxBackoff the longest wait between polls of an unreachable host (the wait doubles from
 *     {@code interval} on each further failure up to this)
 */
public record PollPolicy(Duration interval, Duration timeout, int retries, int unreachableAfter,
                         Duration maxBackoff) {

    public PollPolicy {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive, was " + interval);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the poll timeout must be positive, was " + timeout);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, was " + retries);
        }
        if (unreachableAfter < 1) {
            throw new IllegalArgumentException("unreachableAfter must be 1 or more, was " + unreachableAfter);
        }
        if (maxBackoff.compareTo(interval) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than the interval "
                + interval);
        }
    }

    /** The longest a failing poll takes: the first request and every retry time out. */
    public Duration worstPollTime() {
        return timeout.multipliedBy(retries + 1L);
    }

    /**
     * The wait before the next poll of a host with {@code consecutiveFailures} failed polls in a row: the
     * interval while it is reachable (so a failure is confirmed at the normal pace), then doubling for each
     * further failure up to {@link #maxBackoff()}, so dead hosts cost little.
     */
    public Duration delayAfter(int consecutiveFailures) {
        int beyond = consecutiveFailures - unreachableAfter;
        if (beyond < 0) {
            return interval;
        }
        Duration d = interval;
        for (int i = 0; i <= beyond && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
