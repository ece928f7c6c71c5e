package org.lcms.failover.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadAwareWeightsTest {
    @Test
    void aBusierServerLosesWeightGraduallyAndWithinBounds() {
        LoadAwareWeights w = new LoadAwareWeights(LoadAwareWeights.Policy.DEFAULT);
        Map<String, Double> f = w.update(Map.of("rs1", 1.0, "rs2", 3.0)); // mean 2: targets 2.0 and 0.67
        assertEquals(1.25, f.get("rs1"), 1e-9, "0.3 of the way to 2.0 is 0.3, capped at the step 0.25");
        assertEquals(0.9, f.get("rs2"), 1e-9, "0.3 of the way to 0.667");
        for (int i = 0; i < 50; i++) {
            f = w.update(Map.of("rs1", 1.0, "rs2", 3.0));
        }
        assertEquals(2.0, f.get("rs1"), 1e-6, "converges to the target, never beyond max");
        assertEquals(2.0 / 3, f.get("rs2"), 1e-6);
    }

    @Test
    void equalLoadsMeanNoChangeAndNoReadingsMeanOne() {
        LoadAwareWeights w = new LoadAwareWeights(LoadAwareWeights.Policy.DEFAULT);
        assertEquals(Map.of("a", 1.0, "b", 1.0), w.update(Map.of("a", 2.0, "b", 2.0)));
        assertEquals(Map.of("a", 1.0, "b", 1.0), w.update(Map.of("a", 0.0, "b", 0.0)), "nobody loaded");
        double b = w.update(Map.of("a", 1.0, "b", 9.0)).get("b");
        Map<String, Double> f = w.update(Map.of("b", -1.0));
        assertEquals(java.util.Set.of("b"), f.keySet(), "a server no longer reported is forgotten");
        assertTrue(f.get("b") > b && f.get("b") < 1.0, "an unusable reading moves the factor back towards 1");
    }

    @Test
    void anIdleServerGetsMoreWhileOthersWorkBoundedByMax() {
        LoadAwareWeights w = new LoadAwareWeights(new LoadAwareWeights.Policy(0.5, 1.5, 1.0, 10));
        Map<String, Double> f = w.update(Map.of("idle", 0.0, "busy", 4.0));
        assertEquals(1.5, f.get("idle"), 1e-9);
        assertEquals(0.5, f.get("busy"), 1e-9);
        assertTrue(f.values().stream().allMatch(v -> v >= 0.5 && v <= 1.5));
    }

    @Test
    void nonsensePoliciesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LoadAwareWeights.Policy(0, 2, 0.3, 0.2));
        assertThrows(IllegalArgumentException.class, () -> new LoadAwareWeights.Policy(0.5, 0.9, 0.3, 0.2));
        assertThrows(IllegalArgumentException.class, () -> new LoadAwareWeights.Policy(0.5, 2, 0, 0.2));
    }
}
