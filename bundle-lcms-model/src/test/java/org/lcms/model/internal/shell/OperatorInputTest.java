package org.lcms.model.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.Role;
import org.lcms.model.api.Scheduler;

class OperatorInputTest {

    @Test
    void realServerWithAndWithoutWeight() {
        assertEquals(new OperatorInput.RealServerSpec("web-1", OptionalInt.empty()), OperatorInput.realServer("web-1"));
        assertEquals(new OperatorInput.RealServerSpec("web-1", OptionalInt.of(10)),
            OperatorInput.realServer("web-1:10"));
        assertEquals(new OperatorInput.RealServerSpec("web-1", OptionalInt.of(0)),
            OperatorInput.realServer(" web-1 : 0 "));
    }

    @Test
    void realServerErrorsSayHowToWriteIt() {
        for (String bad : new String[] {"web-1:", ":10", "web-1:1:2", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OperatorInput.realServer(bad), bad);
            assertTrue(e.getMessage().startsWith("--rs '" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("write HOST or HOST:WEIGHT"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> OperatorInput.realServer("web-1:ten"));
        assertEquals("--rs 'web-1:ten': 'ten' is not a weight; write HOST or HOST:WEIGHT with a weight 0..65535, "
            + "e.g. web-1 or web-1:10", e.getMessage());
    }

    @Test
    void rolePotentialListInAnyOrderAndCase() {
        assertEquals(EnumSet.of(Role.LOAD_BALANCER, Role.REAL_SERVER), OperatorInput.rolePotential("rs,lb"));
        assertEquals(EnumSet.of(Role.BACKUP_SERVER, Role.REAL_SERVER), OperatorInput.rolePotential(" BS , rs ,"));
        assertEquals(EnumSet.allOf(Role.class).size() - 1, OperatorInput.rolePotential("lb,bs,rs").size());
    }

    @Test
    void rolePotentialRejectsUnknownNoneAndEmpty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> OperatorInput.rolePotential("lb,xx"));
        assertEquals("--potential 'lb,xx': 'xx' is not a role a host can take; list one or more of lb, bs, rs "
            + "separated by commas, e.g. bs,rs", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OperatorInput.rolePotential("none"))
            .getMessage().contains("'none' is not a role a host can take"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OperatorInput.rolePotential(" , "))
            .getMessage().contains("names no role"));
    }

    @Test
    void numbersNameTheOptionAndTheValue() {
        assertEquals(70_000, OperatorInput.weight("--weight", "70000")); // the range is the model rules' job
        assertEquals("--weight 'heavy' is not a weight; give a whole number 0..65535 (0 = no new connections)",
            assertThrows(IllegalArgumentException.class, () -> OperatorInput.weight("--weight", "heavy"))
                .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OperatorInput.port("port", "http"))
            .getMessage().startsWith("port 'http' is not a port number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OperatorInput.memoryMiB("--memory", "16G"))
            .getMessage().contains("give it in MiB"));
        assertEquals(7, OperatorInput.revision("7"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OperatorInput.revision("-1"))
            .getMessage().startsWith("--revision -1 is negative"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OperatorInput.rank("0"))
            .getMessage().contains("1 is the primary backup"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OperatorInput.limit("0"))
            .getMessage().startsWith("--limit 0 is outside 1..10000"));
    }

    @Test
    void codedValuesGetTheOptionNameInFront() {
        assertEquals(Scheduler.RR, OperatorInput.named("--scheduler", Scheduler::parse, "RR"));
        assertEquals("--scheduler: 'fastest' is not a valid scheduler; use one of: rr, wrr, lc, wlc, sh",
            assertThrows(IllegalArgumentException.class,
                () -> OperatorInput.named("--scheduler", Scheduler::parse, "fastest")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OperatorInput.address("--vip", "www"))
            .getMessage().startsWith("--vip: 'www' is not an IP address"));
    }
}
