package org.lcms.snmp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.snmp.api.Reachability;
import org.lcms.snmp.api.RoleReport;

/** A poller's entry into the live state: valid while its host stays at its address, ignored after. */
class LiveStateStoreEntryTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final PollOutcome ANSWER = new PollOutcome.Answered(null, RoleReport.NONE, List.of(), List.of(), List.of(),
        7);

    static LiveStateStore store(Host... hosts) {
        LiveStateStore s = new LiveStateStore(new PollPolicy(Duration.ofSeconds(5), Duration.ofMillis(800), 1, 2,
            Duration.ofSeconds(60)), new EventLog(100));
        s.setInventory(new Inventory(1, List.of(hosts), List.of(), List.of()), h -> h.address() + "/161", T0);
        return s;
    }

    @Test
    void aPollRecordedThroughTheEntryIsTheHostsStateAndTheEntrySurvivesAnUnchangedModel() {
        Host a = Host.of("a", IpAddress.parse("10.0.0.1"));
        Host b = Host.of("b", IpAddress.parse("10.0.0.2"));
        LiveStateStore s = store(a, b);
        LiveStateStore.HostEntry entry = s.entry("a");
        assertNull(s.entry("nope"));
        LiveStateStore.Recorded r = s.record(entry, ANSWER, T0.plusSeconds(1));
        assertEquals(Reachability.REACHABLE, r.state().reachability());
        assertSame(r.state(), s.host("a").orElseThrow());
        assertSame(r.state(), s.snapshot().hosts().get("a"));
        assertEquals(Reachability.UNKNOWN, s.snapshot().hosts().get("b").reachability());

        // a new revision with a host more: a keeps its entry and its state
        Host c = Host.of("c", IpAddress.parse("10.0.0.3"));
        s.setInventory(new Inventory(2, List.of(a, b, c), List.of(), List.of()), h -> h.address() + "/161",
            T0.plusSeconds(2));
        assertSame(entry, s.entry("a"));
        assertEquals(Reachability.REACHABLE, s.host("a").orElseThrow().reachability());
        assertEquals(7, s.record(entry, ANSWER, T0.plusSeconds(3)).state().responseMicros());
    }

    @Test
    void anEntryOfARemovedOrMovedHostRecordsNothing() {
        Host a = Host.of("a", IpAddress.parse("10.0.0.1"));
        Host b = Host.of("b", IpAddress.parse("10.0.0.2"));
        LiveStateStore s = store(a, b);
        LiveStateStore.HostEntry oldA = s.entry("a");
        LiveStateStore.HostEntry oldB = s.entry("b");
        // a moves to a new address (a new agent), b leaves the model
        Host movedA = Host.of("a", IpAddress.parse("10.0.0.9"));
        s.setInventory(new Inventory(2, List.of(movedA), List.of(), List.of()), h -> h.address() + "/161",
            T0.plusSeconds(1));
        // answers of polls sent before the change arrive late: neither lands anywhere
        LiveStateStore.Recorded late = s.record(oldA, ANSWER, T0.plusSeconds(2));
        assertNull(late.state());
        assertFalse(late.visible());
        assertNull(s.record(oldB, ANSWER, T0.plusSeconds(2)).state());
        assertEquals(Reachability.UNKNOWN, s.host("a").orElseThrow().reachability(), "the new agent is not polled yet");
        assertEquals("10.0.0.9/161", s.host("a").orElseThrow().agentAddress());
        assertTrue(s.host("b").isEmpty());
        // the new entry records
        assertEquals(Reachability.REACHABLE, s.record(s.entry("a"), ANSWER, T0.plusSeconds(3)).state()
            .reachability());
    }
}
