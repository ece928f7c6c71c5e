package org.lcms.snmp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollPolicyTest {
    final PollPolicy policy = new PollPolicy(Duration.ofSeconds(5), Duration.ofMillis(800), 1, 2,
        Duration.ofSeconds(60));

    @Test
    void aReachableOrNotYetConfirmedHostIsPolledAtTheInterval() {
        assertEquals(Duration.ofSeconds(5), policy.delayAfter(0));
        assertEquals(Duration.ofSeconds(5), policy.delayAfter(1), "the failure is confirmed at the normal pace");
    }

    @Test
    void anUnreachableHostBacksOffByDoublingUpToTheCap() {
        assertEquals(Duration.ofSeconds(10), policy.delayAfter(2));
        assertEquals(Duration.ofSeconds(20), policy.delayAfter(3));
        assertEquals(Duration.ofSeconds(40), policy.delayAfter(4));
        assertEquals(Duration.ofSeconds(60), policy.delayAfter(5));
        assertEquals(Duration.ofSeconds(60), policy.delayAfter(500));
    }

    @Test
    void worstPollTimeCountsEveryTry() {
        assertEquals(Duration.ofMillis(1600), policy.worstPollTime());
    }

    @Test
    void nonsenseIsRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PollPolicy(
            Duration.ofSeconds(5), Duration.ofMillis(800), 1, 2, Duration.ofSeconds(1)));
        assertEquals("maxBackoff PT1S is shorter than the interval PT5S", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PollPolicy(Duration.ZERO, Duration.ofMillis(1), 0, 1,
            Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new PollPolicy(Duration.ofSeconds(1),
            Duration.ofMillis(1), -1, 1, Duration.ofSeconds(1)));
    }
}
