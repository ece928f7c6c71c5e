package org.lcms.failover.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lcms.failover.core.HealthHysteresis.Change;
import org.lcms.failover.core.HealthHysteresis.Policy;
import org.lcms.failover.core.HealthHysteresis.Status;

class HealthHysteresisTest {
    static final Policy POLICY = new Policy(2, 3, 4, 10_000, 30_000, false);

    @Test
    void aServerGoesDownAfterFallFailuresInARowAndComesBackAfterRiseSuccesses() {
        HealthHysteresis h = new HealthHysteresis(POLICY);
        assertEquals(Status.UP, h.status(), "starts up, as keepalived's checkers do");
        assertEquals(Optional.empty(), h.record(false, "refused", 0));
        assertEquals(Optional.empty(), h.record(false, "refused", 1));
        assertEquals(Optional.empty(), h.record(true, "", 2), "a success in between resets the count");
        h.record(false, "refused", 3);
        h.record(false, "refused", 4);
        assertEquals(Optional.of(new Change(Status.UP, Status.DOWN, "failed: connection refused")),
            h.record(false, "connection refused", 5));
        assertEquals(Optional.empty(), h.record(true, "", 6));
        assertEquals(Optional.of(new Change(Status.DOWN, Status.UP, "recovered")), h.record(true, "", 7));
    }

    @Test
    void startDownNeedsRiseSuccessesFirst() {
        HealthHysteresis h = new HealthHysteresis(new Policy(2, 3, 0, 0, 0, true));
        assertEquals(Status.DOWN, h.status());
        h.record(true, "", 0);
        assertEquals(Status.UP, h.record(true, "", 1).orElseThrow().to());
    }

    @Test
    void aFlappingServerIsHeldOutForTheHoldDownThenNeedsRiseSuccesses() {
        HealthHysteresis h = new HealthHysteresis(new Policy(1, 1, 4, 10_000, 30_000, false));
        assertEquals(Status.DOWN, h.record(false, "timeout", 0).orElseThrow().to());
        assertEquals(Status.UP, h.record(true, "", 1000).orElseThrow().to());
        assertEquals(Status.DOWN, h.record(false, "timeout", 2000).orElseThrow().to());
        Change held = h.record(true, "", 3000).orElseThrow();
        assertEquals(Status.HELD, held.to(), "the fourth change within 10 s");
        assertTrue(held.reason().startsWith("flapping: 4 changes within 10000 ms, held out for 30000 ms"),
            held.reason());
        assertEquals(Optional.empty(), h.record(true, "", 20_000), "held: successes do not count yet");
        assertEquals(Status.HELD, h.status());
        assertEquals(Status.UP, h.record(true, "", 33_001).orElseThrow().to(), "after the hold-down, rise = 1");
        assertEquals(Status.DOWN, h.record(false, "timeout", 34_000).orElseThrow().to(),
            "the flap count started over: a single failure is an ordinary failure");
    }

    @Test
    void changesOutsideTheFlapWindowDoNotCount() {
        HealthHysteresis h = new HealthHysteresis(new Policy(1, 1, 3, 1000, 5000, false));
        h.record(false, "x", 0);
        h.record(true, "", 2000);
        assertEquals(Status.DOWN, h.record(false, "x", 4000).orElseThrow().to());
    }

    @Test
    void nonsensePoliciesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Policy(0, 3, 0, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Policy(2, 101, 0, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Policy(2, 3, 1, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Policy(2, 3, 4, -1, 0, false));
    }
}
