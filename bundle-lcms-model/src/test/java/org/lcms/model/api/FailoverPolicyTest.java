package org.lcms.model.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class FailoverPolicyTest {
    @Test
    void textAndParseAreInverse() {
        FailoverPolicy p = FailoverPolicy.AGENT_DEFAULTS.withFailbackDelay(OptionalLong.of(2500))
            .withHealthChecks(Optional.of(List.of())).withRise(OptionalInt.of(4))
            .withOnFailure(Optional.of(FailoverPolicy.OnFailure.REMOVE));
        assertEquals("failbackDelay=2500 healthCheck=none rise=4 onFailure=remove", p.text());
        assertEquals(p, FailoverPolicy.parse(p.text()));
        assertEquals(FailoverPolicy.AGENT_DEFAULTS, FailoverPolicy.parse(""));
        assertEquals("", FailoverPolicy.AGENT_DEFAULTS.text());
        assertEquals(OptionalLong.of(FailoverPolicy.NEVER), FailoverPolicy.parse("failbackDelay=never")
            .failbackDelayMillis());
    }

    @Test
    void parseNamesTheBadWord() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FailoverPolicy.parse("rise=two"))
            .getMessage().contains("'rise=two'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FailoverPolicy.parse("speed=9"))
            .getMessage().contains("speed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FailoverPolicy.parse("onFailure=explode"))
            .getMessage().contains("drain"));
    }
}
