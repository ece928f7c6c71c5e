package org.lcms.model.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodedTest {

    @Test
    void parsesCodesCaseInsensitivelyAndTrimmed() {
        assertEquals(Role.LOAD_BALANCER, Role.parse(" LB "));
        assertEquals(Scheduler.WLC, Scheduler.parse("wlc"));
        assertEquals(RoleState.STANDBY, RoleState.parse("Standby"));
        assertEquals(AdminRole.VIEWER, AdminRole.parse("VIEWER"));
        assertEquals(ServiceProtocol.UDP, ServiceProtocol.parse("udp"));
        assertEquals(ObjectKind.ADMINISTRATOR, ObjectKind.parse("administrator"));
    }

    @Test
    void errorNamesTheBadValueAndListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scheduler.parse("fifo"));
        assertEquals("'fifo' is not a valid scheduler; use one of: rr, wrr, lc, wlc, sh", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Role.parse("master"));
        assertEquals("'master' is not a valid role; use one of: none, lb, bs, rs", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ServiceProtocol.parse(null));
        assertTrue(e.getMessage().contains("use one of: tcp, udp"), e::getMessage);
        e = assertThrows(IllegalArgumentException.class, () -> AdminRole.parse(""));
        assertTrue(e.getMessage().contains("use one of: admin, viewer"), e::getMessage);
    }

    @Test
    void codesAreUniqueLowercaseAndRoundTrip() {
        List<Class<? extends Enum<?>>> types = List.of(Role.class, RoleState.class, Scheduler.class,
            AdminRole.class, ServiceProtocol.class, ObjectKind.class);
        for (Class<? extends Enum<?>> type : types) {
            Coded[] values = (Coded[]) type.getEnumConstants();
            assertEquals(values.length, new HashSet<>(Arrays.stream(values).map(Coded::code).toList()).size(),
                type.getSimpleName());
            for (Coded c : values) {
                assertEquals(c.code().toLowerCase(java.util.Locale.ROOT), c.code());
            }
        }
        for (Scheduler s : Scheduler.values()) {
            assertEquals(s, Scheduler.parse(s.code()));
        }
    }

    @Test
    void ruleIdsAreUniqueAndShownInMessages() {
        assertEquals(Rule.values().length,
            new HashSet<>(Arrays.stream(Rule.values()).map(Rule::id).toList()).size());
        for (Rule r : Rule.values()) {
            assertTrue(r.id().matches("[a-z]+(-[a-z]+)*"), r.id());
            assertTrue(new ModelException(r, "x").getMessage().startsWith("[rule " + r.id() + "] "));
        }
    }
}
