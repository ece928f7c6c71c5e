package org.lcms.failover.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BucketPlanTest {
    static Map<String, Long> counts(String[] plan) {
        return Arrays.stream(plan).collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    }

    static int moved(String[] a, String[] b, String except) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (!a[i].equals(except) && !a[i].equals(b[i])) {
                n++;
            }
        }
        return n;
    }

    @Test
    void weightsAreMetExactlyUpToRounding() {
        String[] p = BucketPlan.plan(Map.of("10.0.0.11", 2, "10.0.0.12", 1, "10.0.0.13", 1), 256);
        assertEquals(Map.of("10.0.0.11", 128L, "10.0.0.12", 64L, "10.0.0.13", 64L), counts(p));
        String[] q = BucketPlan.plan(Map.of("a", 1, "b", 1, "c", 1), 256);
        assertEquals(Map.of("a", 86L, "b", 85L, "c", 85L), counts(q), "the remainder to the first by id");
        assertEquals(Map.of("a", 256L), counts(BucketPlan.plan(Map.of("a", 5, "b", 0), 256)), "weight 0: none");
    }

    @Test
    void thePlanDependsOnlyOnServersAndWeightsSoEveryDirectorComputesTheSame() {
        Map<String, Integer> one = new LinkedHashMap<>();
        one.put("rs1", 3);
        one.put("rs2", 1);
        one.put("rs3", 2);
        Map<String, Integer> other = new LinkedHashMap<>();
        other.put("rs3", 2);
        other.put("rs1", 3);
        other.put("rs2", 1);
        assertArrayEquals(BucketPlan.plan(one, 256), BucketPlan.plan(other, 256));
    }

    @Test
    void takingAServerOutMovesItsBucketsAndFewOthers() {
        Map<String, Integer> four = Map.of("rs1", 1, "rs2", 1, "rs3", 1, "rs4", 1);
        Map<String, Integer> three = Map.of("rs1", 1, "rs2", 1, "rs3", 1, "rs4", 0);
        String[] before = BucketPlan.plan(four, 256);
        String[] after = BucketPlan.plan(three, 256);
        int others = moved(before, after, "rs4");
        System.out.printf("bucket plan: taking 1 of 4 servers out moved %d of the other servers' 192 buckets%n",
            others);
        assertTrue(others <= 192 / 10, "at most 10% of the other servers' buckets move, moved " + others);
        assertTrue(Arrays.stream(after).noneMatch("rs4"::equals));
    }

    @Test
    void noWeightNoPlanAndBadInputIsRefused() {
        assertTrue(Arrays.stream(BucketPlan.plan(Map.of("a", 0), 16)).allMatch(s -> s == null));
        assertThrows(IllegalArgumentException.class, () -> BucketPlan.plan(Map.of("a", 1), 0));
        assertThrows(IllegalArgumentException.class, () -> BucketPlan.plan(Map.of("a", 70_000), 16));
    }
}
