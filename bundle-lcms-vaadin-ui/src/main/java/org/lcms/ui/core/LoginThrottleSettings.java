package org.lcms.ui.core;

import java.time.Duration;

/**
 * How login guessing is bounded (see {@link LoginThrottle}).
 *
 * @param maxFailuresPerLogin failed attempts for one login within {@code window} that lock it (1..100)
 * @param maxFailuresPerAddress failed attempts from one client address within {@code window} that lock it
 *     (at least {@code maxFailuresPerLogin}: one user mistyping must not lock out the whole office)
 * @param window how far back failures count (1 s .. 1 day)
 * @param lockout how long a lock lasts (1 s .. 1 day)
 * @param maxTracked logins and addresses remembered at most, each (100..1,000,000)
 */
public record LoginThrottleSettings(int maxFailuresPerLogin, int maxFailuresPerAddress, Duration window,
                                    Duration lockout, int maxTracked) {

    public static final LoginThrottleSettings DEFAULTS =
        new LoginThrottleSettings(5, 20, Duration.ofMinutes(5), Duration.ofMinutes(5), 10_000);

    public LoginThrottleSettings {
        Settings.require(maxFailuresPerLogin >= 1 && maxFailuresPerLogin <= 100,
            "lockout.failures " + maxFailuresPerLogin + " is outside 1..100");
        Settings.require(maxFailuresPerAddress >= maxFailuresPerLogin && maxFailuresPerAddress <= 10_000,
            "lockout.addressFailures " + maxFailuresPerAddress + " must be between lockout.failures ("
                + maxFailuresPerLogin + ") and 10000");
        Settings.require(window != null && inRange(window), "lockout.windowSeconds " + seconds(window)
            + " is outside 1..86400");
        Settings.require(lockout != null && inRange(lockout), "lockout.durationSeconds " + seconds(lockout)
            + " is outside 1..86400");
        Settings.require(maxTracked >= 100 && maxTracked <= 1_000_000, "maxTracked " + maxTracked
            + " is outside 100..1000000");
    }

    private static boolean inRange(Duration d) {
        return d.getSeconds() >= 1 && d.getSeconds() <= 86_400;
    }

    private static String seconds(Duration d) {
        return d == null ? "(none)" : String.valueOf(d.getSeconds());
    }
}
