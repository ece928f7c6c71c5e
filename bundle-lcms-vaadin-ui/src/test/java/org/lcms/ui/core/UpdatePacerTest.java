package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpdatePacerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void aFloodOfChangesMakesOneUpdatePerInterval() {
        UpdatePacer pacer = new UpdatePacer(Duration.ofMillis(250));
        assertEquals(Optional.of(Duration.ZERO), pacer.request(T0), "the first change goes out at once");
        pacer.sending(T0);
        assertEquals(Optional.of(Duration.ofMillis(240)), pacer.request(T0.plusMillis(10)));
        int scheduled = 0;
        for (int i = 11; i < 250; i++) {
            if (pacer.request(T0.plusMillis(i)).isPresent()) {
                scheduled++;
            }
        }
        assertEquals(0, scheduled, "239 more changes within the interval join the update already due");
        pacer.sending(T0.plusMillis(250));
        assertEquals(Optional.of(Duration.ZERO), pacer.request(T0.plusMillis(900)), "after a quiet spell: at once");
    }

    @Test
    void aChangeDuringSendingIsNotLost() {
        UpdatePacer pacer = new UpdatePacer(Duration.ofMillis(100));
        pacer.request(T0);
        pacer.sending(T0);
        assertTrue(pacer.request(T0.plusMillis(1)).isPresent(), "a change after the update started needs another");
    }
}
