package org.lcms.ui.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a login attempt may be checked at all, and locks out guessing: {@code maxFailuresPerLogin} failed
 * attempts for one login within {@code window} lock that login for {@code lockout}; {@code maxFailuresPerAddress}
 * failures from one client address (over any logins) within the same window lock that address. Locked attempts are
 * refused before the password is checked, so a locked account cannot be probed.
 *
 * <p>Thread-safe. Memory is bounded: at most {@code maxTracked} logins and addresses are remembered (the least
 * recently failing ones are forgotten first), so guessing with random login names cannot exhaust the heap.
 */
public final class LoginThrottle {

    /** Why an attempt is refused before its password is checked. */
    public record Lock(Scope scope, String key, Instant until) {
        /** A message for the person at the login form; says when to try again, not which check failed. */
        public String message(Instant now) {
            long minutes = Math.max(1, (Duration.between(now, until).getSeconds() + 59) / 60);
            return "Too many failed logins" + (scope == Scope.ADDRESS ? " from this address" : " for this account")
                + ". Try again in " + minutes + (minutes == 1 ? " minute." : " minutes.");
        }
    }

    public enum Scope { LOGIN, ADDRESS }

    /**
     * What a failed attempt led to.
     *
     * @param failuresInWindow failures of this login within the window, this one included
     * @param newLock the lock this failure started, if it started one (report it once)
     */
    public record Failure(int failuresInWindow, Optional<Lock> newLock) {
    }

    private final LoginThrottleSettings settings;
    private final Map<String, Tracker> logins;
    private final Map<String, Tracker> addresses;

    public LoginThrottle(LoginThrottleSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.logins = boundedMap(settings.maxTracked());
        this.addresses = boundedMap(settings.maxTracked());
    }

    public LoginThrottleSettings settings() {
        return settings;
    }

    /** The lock that refuses an attempt for {@code login} from {@code address} now, if any. */
    public synchronized Optional<Lock> lockFor(String login, String address, Instant now) {
        Optional<Lock> byAddress = lockOf(addresses, Scope.ADDRESS, address, now);
        return byAddress.isPresent() ? byAddress : lockOf(logins, Scope.LOGIN, normalize(login), now);
    }

    /** Counts a wrong password (or unknown login) for {@code login} from {@code address}. */
    public synchronized Failure recordFailure(String login, String address, Instant now) {
        String key = normalize(login);
        Tracker forLogin = track(logins, key);
        Optional<Lock> loginLock = forLogin.fail(now, settings.maxFailuresPerLogin(), Scope.LOGIN, key);
        Optional<Lock> addressLock = track(addresses, address)
            .fail(now, settings.maxFailuresPerAddress(), Scope.ADDRESS, address);
        return new Failure(forLogin.counted, loginLock.isPresent() ? loginLock : addressLock);
    }

    /** A correct password: the login's failures are forgiven (the address's are not: it may be guessing others). */
    public synchronized void recordSuccess(String login) {
        logins.remove(normalize(login));
    }

    private Optional<Lock> lockOf(Map<String, Tracker> map, Scope scope, String key, Instant now) {
        Tracker t = map.get(key);
        if (t == null || t.lockedUntil == null || !now.isBefore(t.lockedUntil)) {
            return Optional.empty();
        }
        return Optional.of(new Lock(scope, key, t.lockedUntil));
    }

    private Tracker track(Map<String, Tracker> map, String key) {
        // Re-inserted so that the access order (and so what is forgotten first) follows the latest failure.
        Tracker t = map.remove(key);
        map.put(key, t == null ? new Tracker() : t);
        return map.get(key);
    }

    private static String normalize(String login) {
        return login == null ? "" : login.strip().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Tracker> boundedMap(int max) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Tracker> eldest) {
                return size() > max;
            }
        };
    }

    /** Failure times within the window, and the end of the current lock. */
    private final class Tracker {
        private final Deque<Instant> failures = new ArrayDeque<>();
        private Instant lockedUntil;
        /** Failures within the window up to and including the latest one (before a lock cleared them). */
        private int counted;

        Optional<Lock> fail(Instant now, int max, Scope scope, String key) {
            Instant oldest = now.minus(settings.window());
            for (Iterator<Instant> it = failures.iterator(); it.hasNext(); ) {
                if (it.next().isBefore(oldest)) {
                    it.remove();
                }
            }
            failures.addLast(now);
            counted = failures.size();
            boolean locked = lockedUntil != null && now.isBefore(lockedUntil);
            if (!locked && failures.size() >= max) {
                lockedUntil = now.plus(settings.lockout());
                failures.clear();
                return Optional.of(new Lock(scope, key, lockedUntil));
            }
            return Optional.empty();
        }
    }
}
