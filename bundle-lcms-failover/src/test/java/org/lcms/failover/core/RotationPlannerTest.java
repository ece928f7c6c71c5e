package org.lcms.failover.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lcms.failover.core.HealthHysteresis.Status;
import org.lcms.failover.core.RotationPlanner.AdminState;
import org.lcms.failover.core.RotationPlanner.Entry;
import org.lcms.failover.core.RotationPlanner.EntryState;
import org.lcms.failover.core.RotationPlanner.Member;
import org.lcms.failover.core.RotationPlanner.OnFailure;
import org.lcms.failover.core.RotationPlanner.Plan;
import org.lcms.failover.core.RotationPlanner.Policy;

class RotationPlannerTest {
    static final List<Member> MEMBERS = List.of(
        new Member("rs1", "10.0.0.11", 3, AdminState.ENABLED),
        new Member("rs2", "10.0.0.12", 1, AdminState.ENABLED),
        new Member("rs3", "10.0.0.13", 2, AdminState.DRAINED));

    @Test
    void healthyServersKeepTheOperatorsWeightAndAnOperatorDrainIsWeightZero() {
        Plan p = RotationPlanner.plan(MEMBERS, Map.of(), Map.of(), Policy.DEFAULT);
        assertEquals(new Entry("rs1", "10.0.0.11", 3, EntryState.ACTIVE, "healthy"), p.entry("rs1").orElseThrow());
        assertEquals(1, p.entry("rs2").orElseThrow().weight());
        assertEquals(new Entry("rs3", "10.0.0.13", 0, EntryState.DRAINING, "drained by the operator"),
            p.entry("rs3").orElseThrow());
        assertFalse(p.sorryActive());
    }

    @Test
    void aFailedServerIsDrainedOrRemovedPerPolicy() {
        Map<String, Status> health = Map.of("rs1", Status.DOWN, "rs2", Status.HELD);
        Plan drain = RotationPlanner.plan(MEMBERS, health, Map.of(), Policy.DEFAULT);
        assertEquals(EntryState.DRAINING, drain.entry("rs1").orElseThrow().state());
        assertEquals(0, drain.entry("rs1").orElseThrow().weight());
        assertTrue(drain.entry("rs2").orElseThrow().reason().startsWith("held out for flapping"));
        Plan remove = RotationPlanner.plan(MEMBERS, health, Map.of(), new Policy(OnFailure.REMOVE, Optional.empty()));
        assertEquals(List.of("rs3"), remove.entries().stream().map(Entry::host).toList());
        assertEquals(List.of("rs1", "rs2"), remove.removed().stream().map(Entry::host).toList());
    }

    @Test
    void theSorryServerAnswersOnlyWhenNoServerTakesNewConnections() {
        Policy sorry = new Policy(OnFailure.DRAIN, Optional.of("10.0.0.99"));
        assertFalse(RotationPlanner.plan(MEMBERS, Map.of("rs1", Status.DOWN), Map.of(), sorry).sorryActive());
        Plan none = RotationPlanner.plan(MEMBERS, Map.of("rs1", Status.DOWN, "rs2", Status.DOWN), Map.of(), sorry);
        assertTrue(none.sorryActive());
        assertEquals(new Entry("sorry-server", "10.0.0.99", 1, EntryState.SORRY,
            "no real server can take new connections"), none.entries().get(none.entries().size() - 1));
        assertFalse(RotationPlanner.plan(MEMBERS, Map.of("rs1", Status.DOWN, "rs2", Status.DOWN), Map.of(),
            Policy.DEFAULT).sorryActive(), "none configured");
    }

    @Test
    void loadFactorsScaleTheEffectiveWeightButNeverToZero() {
        Plan p = RotationPlanner.plan(MEMBERS, Map.of(), Map.of("rs1", 1.5, "rs2", 0.3), Policy.DEFAULT);
        assertEquals(5, p.entry("rs1").orElseThrow().weight(), "3 x 1.5 rounded");
        assertEquals(1, p.entry("rs2").orElseThrow().weight(), "1 x 0.3 stays 1: health, not load, takes a server out");
        assertEquals("healthy, load factor 1.50", p.entry("rs1").orElseThrow().reason());
        assertEquals(65_535, RotationPlanner.effectiveWeight(60_000, 2.0));
        assertEquals(0, RotationPlanner.effectiveWeight(0, 2.0), "weight 0 configured stays 0");
    }

    @Test
    void aWeightOutsideTheRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Member("rs1", "10.0.0.1", 70_000, AdminState.ENABLED));
    }
}
