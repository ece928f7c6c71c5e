package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(LoginThrottleSettings.DEFAULTS);

    @Test
    void fiveFailuresWithinFiveMinutesLockTheLoginForFiveMinutes() {
        for (int i = 0; i < 4; i++) {
            assertTrue(throttle.recordFailure("ann", "10.0.0.1", T0.plusSeconds(i * 10)).newLock().isEmpty());
        }
        LoginThrottle.Failure fifth = throttle.recordFailure("Ann", "10.0.0.1", T0.plusSeconds(60));
        assertEquals(LoginThrottle.Scope.LOGIN, fifth.newLock().orElseThrow().scope());
        assertEquals(5, fifth.failuresInWindow(), "the locking failure counts itself");
        assertTrue(throttle.lockFor("ANN", "10.9.9.9", T0.plusSeconds(61)).isPresent(),
            "locked from any address, whatever the case of the login");
        assertTrue(throttle.lockFor("bob", "10.0.0.1", T0.plusSeconds(61)).isEmpty(), "only that login");
        assertTrue(throttle.lockFor("ann", "10.0.0.1", T0.plusSeconds(60 + 299)).isPresent());
        assertTrue(throttle.lockFor("ann", "10.0.0.1", T0.plusSeconds(60 + 300)).isEmpty(), "lifted after 5 min");
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("ann", "10.0.0.1", T0.plusSeconds(i));
        }
        assertTrue(throttle.recordFailure("ann", "10.0.0.1", T0.plus(Duration.ofMinutes(6))).newLock().isEmpty());
    }

    @Test
    void aSuccessForgivesTheLoginsFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("ann", "10.0.0.1", T0);
        }
        throttle.recordSuccess("ann");
        assertEquals(1, throttle.recordFailure("ann", "10.0.0.1", T0).failuresInWindow());
    }

    @Test
    void oneAddressGuessingManyLoginsIsLockedAsAnAddress() {
        LoginThrottle.Failure last = null;
        for (int i = 0; i < 20; i++) {
            last = throttle.recordFailure("user" + i, "192.0.2.7", T0.plusSeconds(i));
        }
        assertEquals(LoginThrottle.Scope.ADDRESS, last.newLock().orElseThrow().scope());
        LoginThrottle.Lock lock = throttle.lockFor("someone-else", "192.0.2.7", T0.plusSeconds(30)).orElseThrow();
        assertTrue(lock.message(T0.plusSeconds(30)).contains("from this address"), lock.message(T0));
        assertFalse(throttle.lockFor("someone-else", "192.0.2.8", T0.plusSeconds(30)).isPresent());
    }

    @Test
    void memoryStaysBoundedUnderRandomLogins() {
        LoginThrottle small = new LoginThrottle(new LoginThrottleSettings(5, 1000, Duration.ofMinutes(5),
            Duration.ofMinutes(5), 100));
        for (int i = 0; i < 4; i++) {
            small.recordFailure("victim", "10.0.0.1", T0);
        }
        for (int i = 0; i < 500; i++) {
            small.recordFailure("random" + i, "10.0.0." + (i % 200), T0);
        }
        // the victim's 4 failures were forgotten with the oldest entries: a fifth one does not lock
        assertTrue(small.recordFailure("victim", "10.0.0.1", T0).newLock().isEmpty());
    }

    @Test
    void lockMessageSaysWhenToTryAgain() {
        LoginThrottle.Lock lock = new LoginThrottle.Lock(LoginThrottle.Scope.LOGIN, "ann", T0.plusSeconds(240));
        assertEquals("Too many failed logins for this account. Try again in 4 minutes.", lock.message(T0));
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new LoginThrottleSettings(0, 20, Duration.ofMinutes(5), Duration.ofMinutes(5), 1000));
        assertTrue(e.getMessage().contains("lockout.failures 0 is outside 1..100"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new LoginThrottleSettings(5, 3, Duration.ofMinutes(5), Duration.ofMinutes(5), 1000));
        assertTrue(e.getMessage().contains("lockout.addressFailures 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new UiSettings(Duration.ofSeconds(10), LoginThrottleSettings.DEFAULTS, Duration.ofMillis(250)));
        assertTrue(e.getMessage().contains("sessionTimeoutMinutes 0 is outside 1..1440"), e.getMessage());
    }
}
