package org.lcms.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lcms.agent.dispatch.DispatchTable;
import org.lcms.agent.dispatch.Protocol;
import org.lcms.agent.dispatch.RealServer;
import org.lcms.agent.dispatch.RealServerStatus;
import org.lcms.agent.dispatch.Scheduler;
import org.lcms.agent.dispatch.VirtualService;
import org.lcms.failover.core.HealthHysteresis;
import org.lcms.failover.core.RotationPlanner;

/** The health decisions on a fake clock (ms): which endpoints are checked, hysteresis, the effective table. */
class HealthBoardTest {
    static final HealthHysteresis.Policy RISE2_FALL2 = new HealthHysteresis.Policy(2, 2, 4, 10_000, 30_000, false);
    static final ProbeResult OK = ProbeResult.healthy("answered 200");
    static final ProbeResult REFUSED = ProbeResult.failed("connection refused");

    static InetAddress ip(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static RealServer rs(int vs, int index, String address, int weight, RealServerStatus status) {
        return new RealServer(vs, index, ip(address), 80, weight, status, true);
    }

    /** vs 1 (tcp 192.0.2.100:80) with rs 1.1 .11 (weight 100), 1.2 .12 (200), 1.3 .13 (50, DOWN by the operator). */
    static DispatchTable table() throws Exception {
        return DispatchTable.EMPTY
            .withVirtualService(new VirtualService(1, ip("192.0.2.100"), 80, Protocol.TCP, Scheduler.WLC, true))
            .withRealServer(rs(1, 1, "192.0.2.11", 100, RealServerStatus.UP))
            .withRealServer(rs(1, 2, "192.0.2.12", 200, RealServerStatus.UP))
            .withRealServer(rs(1, 3, "192.0.2.13", 50, RealServerStatus.DOWN));
    }

    static Endpoint ep(String address) {
        return new Endpoint(ip(address), 80);
    }

    @Test
    void everyRealServerOfTheTableIsCheckedEvenOneTheOperatorSetDown() throws Exception {
        HealthBoard b = new HealthBoard(RISE2_FALL2, RotationPlanner.OnFailure.REMOVE);
        assertEquals(List.of(ep("192.0.2.11"), ep("192.0.2.12"), ep("192.0.2.13")), List.copyOf(b.track(table())));
        assertEquals(table(), b.effective(table()), "nothing checked yet: the table as the operator set it");
        assertEquals(Set.of(ep("192.0.2.11")), b.track(DispatchTable.EMPTY
            .withVirtualService(table().virtualService(1).orElseThrow())
            .withRealServer(table().realServer(1, 1).orElseThrow())));
        assertTrue(b.record(ep("192.0.2.12"), REFUSED, 0).isEmpty(), "a late result of a server that left");
    }

    @Test
    void fallFailuresInARowTakeAServerOutAndRiseSuccessesBringItBack() throws Exception {
        HealthBoard b = new HealthBoard(RISE2_FALL2, RotationPlanner.OnFailure.REMOVE);
        b.track(table());
        Endpoint e = ep("192.0.2.12");
        assertTrue(b.record(e, REFUSED, 0).isEmpty(), "one failure is not enough with fall = 2");
        assertEquals(RealServerStatus.UP, b.effective(table()).realServer(1, 2).orElseThrow().status());
        var out = b.record(e, REFUSED, 100).orElseThrow();
        assertEquals(HealthHysteresis.Status.DOWN, out.to());
        assertEquals("failed: connection refused", out.reason());
        RealServer down = b.effective(table()).realServer(1, 2).orElseThrow();
        assertEquals(RealServerStatus.DOWN, down.status());
        assertEquals(200, down.weight(), "removed, the operator's weight kept");
        assertEquals(table().realServer(1, 1), b.effective(table()).realServer(1, 1), "the other one is untouched");

        assertTrue(b.record(e, OK, 200).isEmpty(), "one success is not enough with rise = 2");
        assertTrue(b.record(e, REFUSED, 300).isEmpty());
        assertTrue(b.record(e, OK, 400).isEmpty(), "successes count in a row");
        assertEquals(HealthHysteresis.Status.UP, b.record(e, OK, 500).orElseThrow().to());
        assertEquals(table(), b.effective(table()));
        assertEquals("recovered", b.reason(e));
    }

    @Test
    void loadFactorsScaleTheWeightsOfServersInRotationOnly() throws Exception {
        HealthBoard b = new HealthBoard(RISE2_FALL2, RotationPlanner.OnFailure.REMOVE);
        b.track(table());
        b.loadFactors(java.util.Map.of(ep("192.0.2.11"), 0.5, ep("192.0.2.12"), 1.5, ep("192.0.2.13"), 2.0));
        DispatchTable effective = b.effective(table());
        assertEquals(50, effective.realServer(1, 1).orElseThrow().weight(), "100 x 0.5");
        assertEquals(300, effective.realServer(1, 2).orElseThrow().weight(), "200 x 1.5");
        assertEquals(table().realServer(1, 3), effective.realServer(1, 3), "set down by the operator: untouched");
        b.record(ep("192.0.2.12"), REFUSED, 0);
        b.record(ep("192.0.2.12"), REFUSED, 100);
        assertEquals(rs(1, 2, "192.0.2.12", 200, RealServerStatus.DOWN), b.effective(table()).realServer(1, 2)
            .orElseThrow(), "out of rotation: the operator's weight, no factor");
        b.loadFactors(java.util.Map.of());
        assertEquals(100, b.effective(table()).realServer(1, 1).orElseThrow().weight(), "factors gone: configured");
    }

    @Test
    void withDrainAFailedServerStaysInTheTableWithWeightZero() throws Exception {
        HealthBoard b = new HealthBoard(RISE2_FALL2, RotationPlanner.OnFailure.DRAIN);
        b.track(table());
        b.record(ep("192.0.2.11"), REFUSED, 0);
        b.record(ep("192.0.2.11"), REFUSED, 100);
        DispatchTable effective = b.effective(table());
        assertEquals(rs(1, 1, "192.0.2.11", 0, RealServerStatus.DRAINING), effective.realServer(1, 1).orElseThrow());
        assertEquals(List.of(new HealthBoard.RowChange(effective.virtualService(1).orElseThrow(),
            effective.realServer(1, 1).orElseThrow(), RealServerStatus.UP)), HealthBoard.changes(table(), effective));
    }

    @Test
    void theOperatorsDownAndDrainingStayWhateverTheHealth() throws Exception {
        DispatchTable t = table().withRealServer(rs(1, 2, "192.0.2.12", 200, RealServerStatus.DRAINING));
        HealthBoard b = new HealthBoard(RISE2_FALL2, RotationPlanner.OnFailure.REMOVE);
        b.track(t);
        for (String a : List.of("192.0.2.12", "192.0.2.13")) {
            b.record(ep(a), REFUSED, 0);
            b.record(ep(a), REFUSED, 100);
            assertEquals(HealthHysteresis.Status.DOWN, b.status(ep(a)));
        }
        assertEquals(t, b.effective(t), "draining and down as the operator set them, weights too");
        b.record(ep("192.0.2.13"), OK, 200);
        b.record(ep("192.0.2.13"), OK, 300);
        assertEquals(RealServerStatus.DOWN, b.effective(t).realServer(1, 3).orElseThrow().status(),
            "health never puts in a server the operator took out");
    }

    @Test
    void aFlappingServerIsHeldOutUntilTheHoldDownIsOverThenNeedsRiseSuccesses() throws Exception {
        HealthBoard b = new HealthBoard(RISE2_FALL2, RotationPlanner.OnFailure.REMOVE); // 4 changes in 10 s: held
        b.track(table());
        Endpoint e = ep("192.0.2.11");
        long t = 0;
        for (int i = 0; i < 2; i++) { // down, up, down, ...
            b.record(e, REFUSED, t += 100);
            b.record(e, REFUSED, t += 100);
            b.record(e, OK, t += 100);
            b.record(e, OK, t += 100);
        }
        assertEquals(HealthHysteresis.Status.HELD, b.status(e), "the 4th change within 10 s");
        assertTrue(b.reason(e).startsWith("flapping: 4 changes within 10000 ms, held out for 30000 ms"), b.reason(e));
        assertEquals(RealServerStatus.DOWN, b.effective(table()).realServer(1, 1).orElseThrow().status());
        long held = t;
        while (t < held + 30_000) {
            b.record(e, OK, t += 1000);
            assertEquals(HealthHysteresis.Status.HELD, b.status(e),
                "successes during the hold-down do not count, the first one after it is not rise = 2");
        }
        b.record(e, OK, t += 100);
        assertEquals(HealthHysteresis.Status.UP, b.status(e), "rise successes after the hold-down");
        assertEquals(table(), b.effective(table()));
    }

    @Test
    void oneEndpointInTwoVirtualServicesIsOneCheckAndBothRowsFollowIt() throws Exception {
        DispatchTable t = table()
            .withVirtualService(new VirtualService(2, ip("192.0.2.101"), 80, Protocol.TCP, Scheduler.RR, true))
            .withRealServer(rs(2, 7, "192.0.2.11", 10, RealServerStatus.UP));
        HealthBoard b = new HealthBoard(RISE2_FALL2, RotationPlanner.OnFailure.REMOVE);
        assertEquals(3, b.track(t).size());
        b.record(ep("192.0.2.11"), REFUSED, 0);
        b.record(ep("192.0.2.11"), REFUSED, 100);
        List<HealthBoard.RowChange> changes = HealthBoard.changes(t, b.effective(t));
        assertEquals(List.of("1.1", "2.7"), changes.stream().map(c -> c.rs().vsIndex() + "." + c.rs().index())
            .toList());
    }
}
