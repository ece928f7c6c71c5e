package org.lcms.ui.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Paces live updates: the first change after a quiet spell goes out at once, changes within {@code minInterval} of
 * the last update are gathered into one update at the end of that interval. So a flood of events costs the browser
 * at most one update per interval, and the latest state is never more than one interval late.
 *
 * <p>Thread-safe. The caller schedules: {@link #request} says after how long to send, {@link #sending} is called
 * when the scheduled update starts (it then reads the newest state).
 */
public final class UpdatePacer {
    private final Duration minInterval;
    private Instant lastSent;
    private boolean scheduled;

    public UpdatePacer(Duration minInterval) {
        this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
    }

    /** Something changed at {@code now}: the delay to send the update after, or empty if one is already due. */
    public synchronized Optional<Duration> request(Instant now) {
        if (scheduled) {
            return Optional.empty();
        }
        scheduled = true;
        if (lastSent == null) {
            return Optional.of(Duration.ZERO);
        }
        Duration wait = Duration.between(now, lastSent.plus(minInterval));
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }

    /** The scheduled update is being sent at {@code now}; changes from here on need a new one. */
    public synchronized void sending(Instant now) {
        scheduled = false;
        lastSent = now;
    }
}
