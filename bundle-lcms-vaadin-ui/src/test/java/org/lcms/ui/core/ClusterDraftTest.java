package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterDraftTest {

    @Test
    void backupsAreAddedOnceAndMovedWithinTheirList() {
        ClusterDraft d = new ClusterDraft();
        d.addBackup("a");
        d.addBackup("b");
        d.addBackup("c");
        d.addBackup("a");
        assertEquals(List.of("a", "b", "c"), d.backups());
        d.moveBackup("c", -1);
        assertEquals(List.of("a", "c", "b"), d.backups());
        d.moveBackup("a", -1);
        assertEquals(List.of("a", "c", "b"), d.backups(), "the primary cannot move up");
        d.moveBackup("b", 1);
        assertEquals(List.of("a", "c", "b"), d.backups(), "the last cannot move down");
        d.moveBackup("a", 1);
        assertEquals(List.of("c", "a", "b"), d.backups());
        d.removeBackup("a");
        assertEquals(List.of("c", "b"), d.backups());
    }

    @Test
    void aRealServerKeepsItsPlaceWhenItsWeightChanges() {
        ClusterDraft d = new ClusterDraft();
        d.realServer("x", "1");
        d.realServer("y", "2");
        d.realServer("x", " 30 ");
        assertEquals(List.of("x", "y"), List.copyOf(d.realServers().keySet()));
        assertEquals("30", d.realServers().get("x"));
        d.removeRealServer("x");
        assertEquals(List.of("y"), List.copyOf(d.realServers().keySet()));
    }

    @Test
    void stepsMoveInOrderAndStopAtTheEnds() {
        assertEquals(BuildStep.SERVICE, BuildStep.SERVICE.previous());
        assertEquals(BuildStep.SCHEDULER, BuildStep.SERVICE.next());
        assertEquals(BuildStep.REVIEW, BuildStep.REVIEW.next());
        assertEquals(7, BuildStep.REVIEW.number());
    }
}
