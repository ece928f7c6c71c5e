package org.lcms.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lcms.agent.health.HealthBoardTest.OK;
import static org.lcms.agent.health.HealthBoardTest.REFUSED;
import static org.lcms.agent.health.HealthBoardTest.ep;
import static org.lcms.agent.health.HealthBoardTest.ip;
import static org.lcms.agent.health.HealthBoardTest.rs;
import static org.lcms.agent.health.HealthBoardTest.table;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.dispatch.DispatchTable;
import org.lcms.agent.dispatch.DispatchTableDriver;
import org.lcms.agent.dispatch.Protocol;
import org.lcms.agent.dispatch.RealServer;
import org.lcms.agent.dispatch.RealServerStatus;
import org.lcms.agent.dispatch.RecordingDispatchTableDriver;
import org.lcms.agent.dispatch.Scheduler;
import org.lcms.agent.dispatch.VirtualService;
import org.lcms.failover.core.RotationPlanner;

/**
 * The decorator with a recording inner driver. Probe results are fed in by the test with its own clock (the
 * scheduled checks wait an hour), except in the last test: a real HTTP server on loopback that is stopped.
 */
class HealthCheckedDriverTest {
    /** rise 2, fall 2, flapping = 4 changes within 10 s, held out 30 s. */
    static AgentConfig.HealthCheck settings(RotationPlanner.OnFailure onFailure, long interval) {
        return new AgentConfig.HealthCheck(AgentConfig.HealthCheckKind.HTTP, "/health", 200, "", interval, 500, 2, 2,
            onFailure, 4, 10_000, 30_000);
    }

    record Event(String rs, RealServerStatus from, RealServerStatus to, String reason) {
    }

    final RecordingDispatchTableDriver data = new RecordingDispatchTableDriver();
    final List<Event> events = new CopyOnWriteArrayList<>();
    HealthCheckedDriver driver;

    HealthCheckedDriver driver(RotationPlanner.OnFailure onFailure) {
        driver = new HealthCheckedDriver(data, settings(onFailure, 3_600_000), (target, timeout) -> {
            throw new AssertionError("no scheduled probe in these tests");
        }, Executors.newSingleThreadScheduledExecutor(), () -> 0, (vs, rs, previous, reason) ->
            events.add(new Event(rs.vsIndex() + "." + rs.index(), previous, rs.status(), reason)));
        return driver;
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    RealServerStatus inDataPlane(int vs, int rs) {
        return data.applied().realServer(vs, rs).orElseThrow().status();
    }

    @Test
    void aFailedServerGoesDownInTheDataPlaneAndComesBackAfterRiseSuccesses() throws Exception {
        HealthCheckedDriver d = driver(RotationPlanner.OnFailure.REMOVE);
        d.apply(table());
        assertEquals(table(), data.applied());
        assertEquals(Set.of(ep("192.0.2.11"), ep("192.0.2.12"), ep("192.0.2.13")), d.checked());

        d.probed(ep("192.0.2.12"), REFUSED, 100);
        assertEquals(RealServerStatus.UP, inDataPlane(1, 2), "fall = 2");
        d.probed(ep("192.0.2.12"), REFUSED, 200);
        assertEquals(RealServerStatus.DOWN, inDataPlane(1, 2));
        assertTrue(data.record().contains("ipvsadm -d -t 192.0.2.100:80 -r 192.0.2.12:80"), data.record().toString());
        assertEquals(table(), d.configured(), "the operator's table is not changed by health");
        assertEquals(List.of(new Event("1.2", RealServerStatus.UP, RealServerStatus.DOWN,
            "health check: failed: connection refused")), events);

        d.probed(ep("192.0.2.12"), OK, 300);
        assertEquals(RealServerStatus.DOWN, inDataPlane(1, 2), "rise = 2");
        d.probed(ep("192.0.2.12"), OK, 400);
        assertEquals(table(), data.applied(), "back with the operator's weight");
        assertEquals(new Event("1.2", RealServerStatus.DOWN, RealServerStatus.UP, "health check: recovered"),
            events.get(1));
    }

    @Test
    void aNewPolicyAppliesAtOnceAndKeepsTheVerdictsSoFar() throws Exception {
        HealthCheckedDriver d = driver(RotationPlanner.OnFailure.REMOVE);
        d.apply(table());
        d.probed(ep("192.0.2.12"), REFUSED, 100);
        d.probed(ep("192.0.2.12"), REFUSED, 200);
        assertEquals(RealServerStatus.DOWN, inDataPlane(1, 2));

        // the manager's policy: drain, fall 1
        AgentConfig.HealthCheck s = settings(RotationPlanner.OnFailure.DRAIN, 3_600_000);
        d.reconfigure(new AgentConfig.HealthCheck(s.kinds(), s.path(), s.expectStatus(), s.script(), s.interval(),
            s.timeout(), 2, 1, s.onFailure(), s.flapLimit(), s.flapWindow(), s.holdDown(), s.tls(), s.agent(),
            s.sorryServer(), s.loadAware()));
        assertEquals(rs(1, 2, "192.0.2.12", 0, RealServerStatus.DRAINING), data.applied().realServer(1, 2).orElseThrow(),
            "still failed, now drained instead of removed, without a new probe");
        assertEquals(1, d.settings().fall());
        d.probed(ep("192.0.2.11"), REFUSED, 300);
        assertEquals(RealServerStatus.DRAINING, inDataPlane(1, 1), "fall 1: out after one failure");
        assertEquals(Set.of(ep("192.0.2.11"), ep("192.0.2.12"), ep("192.0.2.13")), d.checked(), "rescheduled");

        // healthCheck=none: nothing checks, every server as the operator set it
        d.reconfigure(AgentConfig.HealthCheck.NONE);
        assertEquals(table(), data.applied());
        assertEquals(Set.of(), d.checked());
    }

    @Test
    void withDrainTheFailedServerKeepsItsConnectionsAtWeightZero() throws Exception {
        HealthCheckedDriver d = driver(RotationPlanner.OnFailure.DRAIN);
        d.apply(table());
        d.probed(ep("192.0.2.11"), REFUSED, 100);
        d.probed(ep("192.0.2.11"), REFUSED, 200);
        assertEquals(rs(1, 1, "192.0.2.11", 0, RealServerStatus.DRAINING), data.applied().realServer(1, 1).orElseThrow());
        assertEquals(List.of("ipvsadm -e -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 0"),
            data.record().subList(data.record().size() - 1, data.record().size()));
        assertEquals(RealServerStatus.DRAINING, events.get(0).to());
    }

    @Test
    void aFlappingServerIsHeldOutForTheHoldDown() throws Exception {
        HealthCheckedDriver d = driver(RotationPlanner.OnFailure.REMOVE);
        d.apply(table());
        Endpoint e = ep("192.0.2.11");
        long t = 0;
        for (int i = 0; i < 2; i++) {
            d.probed(e, REFUSED, t += 100);
            d.probed(e, REFUSED, t += 100);
            d.probed(e, OK, t += 100);
            d.probed(e, OK, t += 100); // the 4th change within 10 s: held, not back
        }
        assertEquals(RealServerStatus.DOWN, inDataPlane(1, 1));
        assertEquals(3, events.size(), "the 4th change holds it out: down it was, down it stays " + events);
        for (long until = t + 30_000; t < until; ) {
            d.probed(e, OK, t += 1000);
            assertEquals(RealServerStatus.DOWN, inDataPlane(1, 1), "held at " + t);
        }
        d.probed(e, OK, t += 1000);
        assertEquals(RealServerStatus.UP, inDataPlane(1, 1), "rise successes after the hold-down");
    }

    @Test
    void theOperatorsDownStaysDownWhateverTheHealth() throws Exception {
        HealthCheckedDriver d = driver(RotationPlanner.OnFailure.REMOVE);
        d.apply(table());
        Endpoint e = ep("192.0.2.13"); // set down by the operator
        for (ProbeResult r : List.of(REFUSED, REFUSED, OK, OK)) {
            d.probed(e, r, 0);
            assertEquals(RealServerStatus.DOWN, inDataPlane(1, 3));
        }
        assertEquals(List.of(), events, "nothing changed in the data plane");
    }

    @Test
    void aNewOperatorTableKeepsAFailedServerOutAndTheOperatorsValuesStayTheOperators() throws Exception {
        HealthCheckedDriver d = driver(RotationPlanner.OnFailure.REMOVE);
        d.apply(table());
        d.probed(ep("192.0.2.12"), REFUSED, 100);
        d.probed(ep("192.0.2.12"), REFUSED, 200);
        DispatchTable edited = table().withRealServer(rs(1, 2, "192.0.2.12", 300, RealServerStatus.UP))
            .withRealServer(rs(1, 3, "192.0.2.13", 50, RealServerStatus.UP)) // the operator puts 1.3 back
            .withRealServer(rs(1, 4, "192.0.2.14", 100, RealServerStatus.UP));
        d.apply(edited);
        assertEquals(edited, d.configured());
        assertEquals(rs(1, 2, "192.0.2.12", 300, RealServerStatus.DOWN), data.applied().realServer(1, 2).orElseThrow(),
            "still failed, with the operator's new weight for when it is back");
        assertEquals(RealServerStatus.UP, inDataPlane(1, 3));
        assertEquals(RealServerStatus.UP, inDataPlane(1, 4), "a new server starts in rotation");
        assertTrue(d.checked().contains(ep("192.0.2.14")));
        d.probed(ep("192.0.2.12"), OK, 300);
        d.probed(ep("192.0.2.12"), OK, 400);
        assertEquals(edited, data.applied());

        d.apply(DispatchTable.EMPTY); // e.g. the host is no longer the active load balancer
        assertEquals(Set.of(), d.checked(), "no table, no checks");
    }

    @Test
    void aRefusedTableLeavesEverythingAsItWasAndAFailedReApplyIsTriedAgain() throws Exception {
        HealthCheckedDriver d = driver(RotationPlanner.OnFailure.REMOVE);
        d.apply(table());
        data.failWhen(step -> true);
        DispatchTable edited = table().withRealServer(rs(1, 4, "192.0.2.14", 100, RealServerStatus.UP));
        assertThrows(DispatchTableDriver.DispatchDriverException.class, () -> d.apply(edited));
        assertEquals(table(), d.configured());
        d.probed(ep("192.0.2.12"), REFUSED, 100);
        d.probed(ep("192.0.2.12"), REFUSED, 200);
        assertEquals(RealServerStatus.UP, inDataPlane(1, 2), "refused by the data plane");
        assertEquals(List.of(), events, "nothing changed, nothing reported");
        data.failWhen(step -> false);
        d.probed(ep("192.0.2.11"), OK, 300); // any later probe
        assertEquals(RealServerStatus.DOWN, inDataPlane(1, 2));
        assertEquals(1, events.size());
    }

    /**
     * The goal: with interval 100 ms and fall 2 a failed real server is out of rotation within ~300 ms.
     * Measured from the moment the HTTP server is stopped to the inner driver getting a table with it down; the
     * bound is generous for a loaded CI machine.
     */
    @Test
    void aStoppedHttpServerIsOutOfRotationWithinAFewIntervals() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.5", 0), 10);
        server.createContext("/health", x -> {
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        DispatchTable t = DispatchTable.EMPTY
            .withVirtualService(new VirtualService(1, ip("192.0.2.100"), port, Protocol.TCP, Scheduler.WLC, true))
            .withRealServer(new RealServer(1, 1, ip("127.0.0.5"), port, 100, RealServerStatus.UP, true));
        AtomicLong downAt = new AtomicLong();
        CountDownLatch down = new CountDownLatch(1);
        DispatchTableDriver watched = new DispatchTableDriver() {
            @Override
            public void apply(DispatchTable table) throws DispatchDriverException {
                data.apply(table);
                if (table.realServer(1, 1).orElseThrow().status() == RealServerStatus.DOWN) {
                    downAt.compareAndSet(0, System.nanoTime());
                    down.countDown();
                }
            }

            @Override
            public Connections connections(VirtualService vs, RealServer rs) {
                return Connections.NONE;
            }
        };
        AgentConfig.HealthCheck fast = new AgentConfig.HealthCheck(AgentConfig.HealthCheckKind.HTTP, "/health", 200,
            "", 100, 500, 2, 2, RotationPlanner.OnFailure.REMOVE, 6, 60_000, 120_000);
        try (HealthCheckedDriver d = (HealthCheckedDriver) HealthCheckedDriver.around(watched, fast,
            (vs, rs, previous, reason) -> events.add(new Event("1.1", previous, rs.status(), reason)))) {
            d.apply(t);
            Thread.sleep(350); // a few healthy checks first
            assertEquals(RealServerStatus.UP, inDataPlane(1, 1));
            long stopped = System.nanoTime();
            server.stop(0);
            // HttpServer's listening socket is really closed only when its dispatcher's selector next turns (one
            // run here took 1.3 s from stop() to the server being out, the others under 200 ms): the real server
            // is down when connections are refused, and the detection time counts from there.
            long refused = firstRefusal(new InetSocketAddress("127.0.0.5", port));
            assertTrue(down.await(5, TimeUnit.SECONDS), "never taken out");
            long fromStop = (downAt.get() - stopped) / 1_000_000;
            long fromRefusal = (downAt.get() - refused) / 1_000_000;
            System.out.println("health check: stopped HTTP real server out of rotation " + fromRefusal + " ms after "
                + "its port refused connections, " + fromStop + " ms after HttpServer.stop (interval 100 ms, fall 2)");
            assertTrue(fromRefusal < 1000, "out of rotation " + fromRefusal + " ms after the server was down");
            for (long end = System.nanoTime() + 2_000_000_000L; events.isEmpty() && System.nanoTime() < end; ) {
                Thread.sleep(5); // reported just after the table is applied, outside the lock
            }
            assertTrue(events.get(0).reason().startsWith("health check: failed: GET http://127.0.0.5:" + port
                + "/health"), events.toString());
        } finally {
            server.stop(0);
        }
    }

    /** When connecting to {@code address} first fails (polled every 2 ms). */
    static long firstRefusal(InetSocketAddress address) throws InterruptedException {
        while (true) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(address, 100);
            } catch (java.io.IOException e) {
                return System.nanoTime();
            }
            Thread.sleep(2);
        }
    }
}
