package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.ChangeRecord;
import org.lcms.model.api.ObjectKind;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.Severity;

class EventRowsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static ChangeRecord change(long n, int second, String actor, String action, String object, String detail) {
        return new ChangeRecord(n, T0.plusSeconds(second), actor, ObjectKind.HOST, object, action, detail, Set.of());
    }

    private static LcmsEvent event(long seq, int second, EventType type, Severity severity, String host, String msg) {
        return new LcmsEvent(seq, T0.plusSeconds(second), type, severity, host, "", msg, Map.of(), false);
    }

    @Test
    void historyAndLiveEventsAreMergedNewestFirstAndARecordedEventShowsOnce() {
        List<ChangeRecord> history = List.of(
            change(12, 30, "lcms-snmp", "lcmsAgentUnreachable", "web-1", "major: web-1 does not answer"),
            change(11, 20, "ui-admin", "add", "web-1", "address 10.0.0.9"),
            change(10, 20, "admin", "add", "lb-1", "address 10.0.0.10"));
        List<LcmsEvent> live = List.of(
            // recorded 1 s later as history 12: shown once, as the history's record
            event(7, 29, EventType.AGENT_UNREACHABLE, Severity.MAJOR, "web-1", "web-1 does not answer"),
            // not recorded yet: a live row
            event(8, 40, EventType.AGENT_REACHABLE, Severity.NORMAL, "web-1", "web-1 answers again"));
        List<EventRow> rows = EventRows.merge(history, live);
        assertEquals(List.of("l8", "h12", "h11", "h10"), rows.stream().map(EventRow::key).toList(),
            "newest first; equal times by number");
        EventRow add = rows.get(2);
        assertEquals("ui-admin", add.actor());
        assertEquals("add", add.type());
        assertEquals("host web-1", add.object());
        assertEquals("normal", add.severity(), "a change is normal");
        assertEquals("major", rows.get(1).severity(), "a recorded event keeps its severity");
        EventRow fresh = rows.get(0);
        assertTrue(fresh.live());
        assertEquals("lcmsAgentReachable", fresh.type());
        assertEquals("normal: web-1 answers again", fresh.detail());
    }

    @Test
    void aLiveEventIsNotTakenForAnOlderRecordOfTheSameText() {
        List<ChangeRecord> history = List.of(
            change(5, 0, "lcms-snmp", "lcmsAgentUnreachable", "web-1", "major: web-1 does not answer"));
        List<LcmsEvent> live = List.of(
            event(9, 600, EventType.AGENT_UNREACHABLE, Severity.MAJOR, "web-1", "web-1 does not answer"));
        assertEquals(List.of("l9", "h5"), EventRows.merge(history, live).stream().map(EventRow::key).toList());
    }

    @Test
    void filtersByObjectTypeMinimumSeverityAndEveryWordOfTheText() {
        List<EventRow> rows = EventRows.merge(List.of(
            change(3, 3, "lcms-snmp", "lcmsAgentUnreachable", "web-1", "major: web-1 does not answer"),
            change(2, 2, "ui-admin", "update", "web-1", "weight 5"),
            change(1, 1, "ui-admin", "add", "lb-1", "address 10.0.0.10")), List.of());
        assertEquals(List.of("h3", "h2"), keys(rows, new EventRows.Filter("WEB", "", "", "")));
        assertEquals(List.of("h1"), keys(rows, new EventRows.Filter("", "add", "", "")));
        assertEquals(List.of("h3"), keys(rows, new EventRows.Filter("", "", "minor", "")));
        assertEquals(List.of("h3", "h2", "h1"), keys(rows, new EventRows.Filter("", "", "normal", "")));
        assertEquals(List.of("h2"), keys(rows, new EventRows.Filter("", "", "", "ui-admin weight")));
        assertEquals(List.of("h3", "h2", "h1"), keys(rows, EventRows.Filter.NONE));
        assertEquals(List.of(), keys(rows, new EventRows.Filter("lb", "update", "", "")));
    }

    @Test
    void thousandsOfRecordsMergeAndFilterQuickly() {
        List<ChangeRecord> history = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            history.add(change(i, i, "admin", i % 2 == 0 ? "add" : "update", "host-" + i, "detail " + i));
        }
        List<LcmsEvent> live = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            live.add(event(i, i, EventType.AGENT_REACHABLE, Severity.NORMAL, "host-" + (i % 1000), "answers"));
        }
        long t0 = System.nanoTime();
        List<EventRow> rows = EventRows.merge(history, live);
        long shown = rows.stream().filter(new EventRows.Filter("host-99", "", "", "")::matches).count();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(15_000, rows.size());
        assertTrue(shown > 0);
        assertTrue(millis < 1000, "merge and filter of 15,000 rows took " + millis + " ms");
    }

    private static List<String> keys(List<EventRow> rows, EventRows.Filter f) {
        return rows.stream().filter(f::matches).map(EventRow::key).toList();
    }
}
