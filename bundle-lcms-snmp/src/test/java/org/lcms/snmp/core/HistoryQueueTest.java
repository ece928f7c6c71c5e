package org.lcms.snmp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.ModelChange.RecordEvent;
import org.lcms.model.api.ObjectKind;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.Severity;

class HistoryQueueTest {
    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    static LcmsEvent event(long seq, EventType type, String host, String cluster, String message) {
        return new LcmsEvent(seq, T0, type, type.defaultSeverity(), host, cluster, message, Map.of(), true);
    }

    @Test
    void anEventBecomesAHistoryRecordAboutItsHostNamedAfterItsNotification() {
        RecordEvent r = HistoryQueue.recordOf(event(1, EventType.AGENT_UNREACHABLE, "web1", "web",
            "web1 stopped answering"));
        assertEquals(new RecordEvent(ObjectKind.HOST, "web1", "lcmsAgentUnreachable",
            "major: web1 stopped answering", Set.of("web")), r);
    }

    @Test
    void withoutAHostTheRecordIsAboutTheClusterAndWithoutEitherAboutAnUnknownSender() {
        assertEquals(ObjectKind.CLUSTER, HistoryQueue.recordOf(event(1, EventType.BACKUP_TAKEOVER, "", "web", "x"))
            .kind());
        assertEquals("web", HistoryQueue.recordOf(event(1, EventType.BACKUP_TAKEOVER, "", "web", "x")).objectName());
        RecordEvent unknown = HistoryQueue.recordOf(event(1, EventType.AGENT_START, "", "", "x"));
        assertEquals(List.of(ObjectKind.HOST, "unknown-sender", Set.of()),
            List.of(unknown.kind(), unknown.objectName(), unknown.clusters()));
    }

    @Test
    void agentTextIsMadeOneLineAndBounded() {
        RecordEvent r = HistoryQueue.recordOf(event(1, EventType.REAL_SERVER_STATE_CHANGE, "web1\r\nforged", "",
            "line one\nline two" + "z".repeat(5000)));
        assertEquals("web1  forged", r.objectName());
        assertFalse(r.detail().chars().anyMatch(Character::isISOControl), r.detail());
        assertEquals(HistoryQueue.MAX_DETAIL, r.detail().length());
        assertTrue(r.detail().startsWith("warning: line one line two"), r.detail());
        assertTrue(r.detail().endsWith("…"), "a cut is visible");
    }

    @Test
    void recordsStayQueuedUntilWrittenInOrderAndAFullQueueCountsWhatItRefuses() {
        HistoryQueue q = new HistoryQueue(2);
        assertTrue(q.offer(event(1, EventType.AGENT_START, "a", "", "1")));
        assertTrue(q.offer(event(2, EventType.AGENT_START, "b", "", "2")));
        assertFalse(q.offer(event(3, EventType.AGENT_START, "c", "", "3")));
        assertEquals(1, q.notQueued());
        RecordEvent first = q.peek().orElseThrow();
        assertEquals("a", first.objectName());
        assertEquals(first, q.peek().orElseThrow(), "a failed write is tried again: still first");
        q.written(first);
        q.written(first);
        assertEquals("b", q.peek().orElseThrow().objectName(), "written twice removes it once");
        q.written(q.peek().orElseThrow());
        assertEquals(Optional.empty(), q.peek());
        assertEquals(0, q.size());
    }

    @Test
    void aNewRevisionThatOnlyRecordedAnEventChangesNothingInTheLiveState() {
        LiveStateStore store = new LiveStateStore(new PollPolicy(Duration.ofSeconds(5), Duration.ofMillis(800), 1, 2,
            Duration.ofSeconds(60)), new EventLog(10));
        List<Host> hosts = List.of(Host.of("web1", IpAddress.parse("10.0.0.1")));
        assertTrue(store.setInventory(new Inventory(5, hosts, List.of(), List.of()), h -> h.address() + "/161", T0));
        assertFalse(store.setInventory(new Inventory(6, hosts, List.of(), List.of()), h -> h.address() + "/161", T0),
            "same hosts and clusters");
        assertEquals(6, store.snapshot().modelRevision(), "the snapshot names the new revision all the same");
        assertTrue(store.setInventory(new Inventory(7, List.of(hosts.get(0).withWeight(3)), List.of(), List.of()),
            h -> h.address() + "/161", T0), "a changed host");
    }
}
