package org.lcms.model.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.FailoverPolicy;
import org.lcms.model.api.Rule;

/** The model refuses what the node agent's config parser would refuse, with the same ranges. */
class FailoverPolicyRulesTest {
    private static final FailoverPolicy NONE = FailoverPolicy.AGENT_DEFAULTS;

    private static void refused(FailoverPolicy p, String... mentions) {
        ModelRulesTest.refused(Rule.FAILOVER_POLICY, () -> ModelRules.checkPolicy("web", p), mentions);
    }

    @Test
    void theEdgesOfEveryRangePass() {
        for (FailoverPolicy p : List.of(NONE, NONE.withFailbackDelay(OptionalLong.of(-1)),
            NONE.withFailbackDelay(OptionalLong.of(0)), NONE.withFailbackDelay(OptionalLong.of(3_600_000)),
            NONE.withHealthChecks(Optional.of(List.of())),
            NONE.withHealthChecks(Optional.of(List.of("tcp", "http", "https", "script", "mib"))),
            NONE.withInterval(OptionalLong.of(10)), NONE.withInterval(OptionalLong.of(3_600_000)),
            NONE.withTimeout(OptionalLong.of(1)), NONE.withTimeout(OptionalLong.of(600_000)),
            NONE.withRise(OptionalInt.of(1)), NONE.withFall(OptionalInt.of(100)))) {
            assertDoesNotThrow(() -> ModelRules.checkPolicy("web", p), p.text());
        }
    }

    @Test
    void outOfRangeValuesAreRefusedNamingClusterSettingAndValue() {
        refused(NONE.withFailbackDelay(OptionalLong.of(-2)), "cluster web", "fail-back delay -2 ms", "never");
        refused(NONE.withFailbackDelay(OptionalLong.of(3_600_001)), "fail-back delay 3600001");
        refused(NONE.withInterval(OptionalLong.of(9)), "check interval 9 ms is outside 10..3600000 ms");
        refused(NONE.withTimeout(OptionalLong.of(0)), "check timeout 0 ms is outside 1..600000 ms");
        refused(NONE.withTimeout(OptionalLong.of(600_001)), "check timeout 600001");
        refused(NONE.withRise(OptionalInt.of(0)), "rise 0 is outside 1..100");
        refused(NONE.withFall(OptionalInt.of(101)), "fall 101 is outside 1..100");
    }

    @Test
    void unknownOrRepeatedCheckKindsAreRefused() {
        refused(NONE.withHealthChecks(Optional.of(List.of("tcp", "icmp"))), "'tcp,icmp'", "tcp, http, https");
        refused(NONE.withHealthChecks(Optional.of(List.of("tcp", "tcp"))), "at most once");
        refused(NONE.withHealthChecks(Optional.of(List.of("none", "tcp"))), "use none");
    }
}
