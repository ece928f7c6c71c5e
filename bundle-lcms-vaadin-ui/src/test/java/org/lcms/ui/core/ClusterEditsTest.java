package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.ConflictException;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.Revision;
import org.lcms.model.api.Rule;
import org.lcms.model.api.Scheduler;

class ClusterEditsTest {
    private final LoadCluster web = ClusterPicturesTest.WEB;

    @Test
    void aWeightMustBeANumberItsRangeIsTheModels() {
        assertEquals(70000, ClusterEdits.weight(" 70000 "), "the range is left to the model's rule");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterEdits.weight("ten"));
        assertEquals("'ten' is not a weight; give a whole number 0..65535 (0 = no new connections)", e.getMessage());
        assertEquals(ClusterEdits.Field.WEIGHT, ClusterEdits.refusal(ClusterEdits.Field.WEIGHT, e).field());
    }

    @Test
    void editsChangeOnlyTheirValue() {
        LoadCluster w = ClusterEdits.withWeight(web, "RS1", 5);
        assertEquals(5, w.realServer("rs1").orElseThrow().weight());
        assertEquals(web.realServers().size(), w.realServers().size());
        assertEquals(3, ClusterEdits.withoutRealServer(web, "rs1").realServers().size());
        assertEquals(Scheduler.RR, ClusterEdits.withScheduler(web, "rr").scheduler());
        ModelException notMember = assertThrows(ModelException.class, () -> ClusterEdits.withWeight(web, "lb1", 5));
        assertEquals(Rule.NOT_FOUND, notMember.rule());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> ClusterEdits.withScheduler(web, "fastest"));
        assertEquals(ClusterEdits.Field.SCHEDULER, ClusterEdits.refusal(ClusterEdits.Field.SCHEDULER, bad).field());
    }

    @Test
    void theModelsRefusalsGoNextToTheirField() {
        ClusterEdits.FieldMessage range = ClusterEdits.refusal(ClusterEdits.Field.WEIGHT, new ModelException(
            Rule.WEIGHT_RANGE, "cluster web real server rs1: weight 70000 is outside 0..65535"));
        assertEquals(ClusterEdits.Field.WEIGHT, range.field());
        assertTrue(range.text().startsWith("Nothing changed: [rule weight-range]"), range.text());
        ClusterEdits.FieldMessage stale = ClusterEdits.refusal(ClusterEdits.Field.WEIGHT, new ConflictException(
            "cluster web", 3, new Revision(4, "bob", Instant.EPOCH)));
        assertEquals(ClusterEdits.Field.GENERAL, stale.field());
        assertTrue(stale.text().contains("[rule revision] cluster web was changed by bob"), stale.text());
        assertEquals(ClusterEdits.Field.GENERAL, ClusterEdits.refusal(ClusterEdits.Field.WEIGHT,
            new ModelException(Rule.ACTIVE_NEEDS_RS, "x")).field());
    }
}
