package org.lcms.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lcms.agent.health.HealthBoardTest.OK;
import static org.lcms.agent.health.HealthBoardTest.REFUSED;
import static org.lcms.agent.health.HealthBoardTest.ep;
import static org.lcms.agent.health.HealthBoardTest.table;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.dispatch.DispatchTable;
import org.lcms.agent.dispatch.Protocol;
import org.lcms.agent.dispatch.RealServer;
import org.lcms.agent.dispatch.RealServerStatus;
import org.lcms.agent.dispatch.RecordingDispatchTableDriver;
import org.lcms.agent.dispatch.Scheduler;
import org.lcms.agent.dispatch.VirtualService;
import org.lcms.failover.core.RotationPlanner;

/**
 * healthCheck.sorryServer with the recording driver and probe results fed in with the test's clock: the sorry
 * server is in the effective table exactly while no real server of the service can take new connections, and each
 * start and stop is reported with its reason.
 */
class SorryServerTest {
    record Sorry(int vs, String endpoint, boolean serving, String reason) {
    }

    final RecordingDispatchTableDriver data = new RecordingDispatchTableDriver();
    final List<Sorry> reports = new CopyOnWriteArrayList<>();
    HealthCheckedDriver driver;

    HealthCheckedDriver driver(RotationPlanner.OnFailure onFailure) throws Exception {
        AgentConfig.HealthCheck s = HealthCheckedDriverTest.settings(onFailure, 3_600_000);
        AgentConfig.HealthCheck withSorry = new AgentConfig.HealthCheck(s.kinds(), s.path(), s.expectStatus(),
            s.script(), s.interval(), s.timeout(), s.rise(), s.fall(), s.onFailure(), 0, s.flapWindow(),
            s.holdDown(), s.tls(), Optional.empty(), Optional.of(InetAddress.getByName("192.0.2.99")),
            s.loadAware());
        driver = new HealthCheckedDriver(data, withSorry, (target, timeout) -> {
            throw new AssertionError("no scheduled probe in these tests");
        }, Executors.newSingleThreadScheduledExecutor(), () -> 0, new HealthCheckedDriver.Listener() {
            @Override
            public void realServerStateChanged(VirtualService vs, RealServer rs, RealServerStatus previous,
                                               String reason) {
            }

            @Override
            public void sorryServerChanged(VirtualService vs, RealServer sorry, boolean serving, String reason) {
                reports.add(new Sorry(vs.index(), sorry.endpoint(), serving, reason));
            }
        });
        return driver;
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    Optional<RealServer> sorryRow() {
        return data.applied().realServersOf(1).stream()
            .filter(rs -> rs.address().getHostAddress().equals("192.0.2.99")).findFirst();
    }

    @Test
    void theSorryServerTakesOverWhenTheLastRealServerFailsAndLeavesWhenOneRecovers() throws Exception {
        HealthCheckedDriver d = driver(RotationPlanner.OnFailure.REMOVE);
        d.apply(table()); // 1.1 and 1.2 up, 1.3 set down by the manager
        assertTrue(sorryRow().isEmpty());
        d.probed(ep("192.0.2.11"), REFUSED, 0);
        d.probed(ep("192.0.2.11"), REFUSED, 10);
        d.probed(ep("192.0.2.12"), REFUSED, 20);
        assertTrue(sorryRow().isEmpty(), "1.2 still serves (fall = 2)");
        d.probed(ep("192.0.2.12"), REFUSED, 30);
        assertEquals(Optional.of(new RealServer(1, 65_535, InetAddress.getByName("192.0.2.99"), 80, 1,
            RealServerStatus.UP, true)), sorryRow(), "the sorry server, weight 1, on the service's port");
        assertEquals(List.of(new Sorry(1, "192.0.2.99:80", true, "no real server can take new connections: "
            + "1.1 192.0.2.11:80 down (failed: connection refused), 1.2 192.0.2.12:80 down (failed: connection "
            + "refused), 1.3 192.0.2.13:80 down (set by the manager)")), reports);
        assertEquals(table(), d.configured(), "the operator's table has no sorry server");

        d.probed(ep("192.0.2.11"), OK, 40);
        d.probed(ep("192.0.2.11"), OK, 50);
        assertTrue(sorryRow().isEmpty(), "1.1 is back (rise = 2): the sorry server leaves");
        assertEquals(RealServerStatus.UP, data.applied().realServer(1, 1).orElseThrow().status());
        assertEquals(new Sorry(1, "192.0.2.99:80", false, "real servers can take new connections again: "
            + "1.1 192.0.2.11:80"), reports.get(1));
        assertEquals(2, reports.size());
    }

    @Test
    void drainedServersLeaveNoServerForNewConnectionsSoTheSorryServerTakesThem() throws Exception {
        HealthCheckedDriver d = driver(RotationPlanner.OnFailure.DRAIN);
        d.apply(table());
        for (String rs : List.of("192.0.2.11", "192.0.2.12")) {
            d.probed(ep(rs), REFUSED, 0);
            d.probed(ep(rs), REFUSED, 10);
        }
        assertEquals(RealServerStatus.DRAINING, data.applied().realServer(1, 1).orElseThrow().status(),
            "established connections finish on the drained servers");
        assertTrue(sorryRow().isPresent());
    }

    @Test
    void theManagerSettingEveryRealServerDownBringsTheSorryServerToo() throws Exception {
        HealthCheckedDriver d = driver(RotationPlanner.OnFailure.REMOVE);
        d.apply(table());
        DispatchTable allDown = table()
            .withRealServer(table().realServer(1, 1).orElseThrow().withStatus(RealServerStatus.DOWN))
            .withRealServer(table().realServer(1, 2).orElseThrow().withStatus(RealServerStatus.DOWN));
        d.apply(allDown);
        assertTrue(sorryRow().isPresent());
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (reports.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10); // reported from the check thread, not the manager's
        }
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).serving() && reports.get(0).reason().contains("1.1 192.0.2.11:80 down (set by the "
            + "manager)"), reports.toString());
    }

    @Test
    void theManagerRemovingARealServerIsNoSorryServerChange() throws Exception {
        HealthCheckedDriver d = driver(RotationPlanner.OnFailure.REMOVE);
        d.apply(table());
        d.apply(table().withoutRealServer(1, 2));
        d.apply(table());
        Thread.sleep(200); // reports from the manager's applies go out on the check thread
        assertEquals(List.of(), reports, "1.1 serves all along");
        assertTrue(sorryRow().isEmpty());
    }

    @Test
    void aServiceWithoutRealServersOrOfAnotherFamilyGetsNoSorryServer() throws Exception {
        HealthCheckedDriver d = driver(RotationPlanner.OnFailure.REMOVE);
        DispatchTable t = table().withVirtualService(new VirtualService(2, InetAddress.getByName("192.0.2.100"), 443,
            Protocol.TCP, Scheduler.WRR, true)).withVirtualService(new VirtualService(3,
            InetAddress.getByName("2001:db8::100"), 80, Protocol.TCP, Scheduler.WRR, true)).withRealServer(
            new RealServer(3, 1, InetAddress.getByName("2001:db8::11"), 80, 1, RealServerStatus.DOWN, true));
        d.apply(t);
        assertTrue(data.applied().realServersOf(2).isEmpty(), "being built by the manager: no sorry server yet");
        assertEquals(1, data.applied().realServersOf(3).size(), "an IPv4 sorry server cannot serve an IPv6 service");
    }
}
