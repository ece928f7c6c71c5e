package org.lcms.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.snmp.AgentVersion;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.Role;
import org.lcms.snmp.api.ClusterStateListener;
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.snmp.api.EventQuery;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.HostLiveState;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.Reachability;
import org.lcms.snmp.api.ServiceStatus;
import org.lcms.snmp.core.ManagerSettings;
import org.lcms.snmp.core.PollPolicy;
import org.lcms.snmp.core.SnmpProfiles;

/**
 * The manager against real node-agent processes on loopback addresses: live data, an agent killed and restarted,
 * wrong credentials.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManagerRuntimeAgentsTest {
    static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void pollsRealAgentsAndFollowsAnAgentThatDiesAndComesBack() throws Exception {
        List<String> addresses = List.of("127.0.0.11", "127.0.0.12", "127.0.0.13");
        int port = AgentProcess.freePortOn(addresses);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens there once closed: the service is down
        }
        List<AgentProcess> agents = new ArrayList<>();
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            Map<String, String> extra = i == 0 ? Map.of("service.web.port", Integer.toString(closedPort)) : Map.of();
            agents.add(new AgentProcess(dir.resolve("agent" + i), addresses.get(i), port, extra).start());
            hosts.add(Host.of("h" + i, IpAddress.parse(addresses.get(i))).withSnmpProfile("test"));
        }
        // a fourth host whose profile names a user its agent does not know: refused
        hosts.add(Host.of("wrong", IpAddress.parse(addresses.get(1))).withSnmpProfile("wrongpw"));
        Inventory inventory = new Inventory(7, hosts, List.of(), List.of());
        ManagerSettings settings = new ManagerSettings(
            new PollPolicy(INTERVAL, Duration.ofMillis(300), 0, 2, Duration.ofSeconds(2)), "127.0.0.1/0",
            1 << 20, 100, Duration.ofSeconds(1), 1000, SnmpProfiles.parse(Map.of(
                "profile.test.port", Integer.toString(port), "profile.test.user", AgentProcess.USER,
                "profile.test.authPassword", AgentProcess.AUTH, "profile.test.privPassword", AgentProcess.PRIV,
                "profile.wrongpw.port", Integer.toString(port), "profile.wrongpw.user", "intruder",
                "profile.wrongpw.authPassword", "not-the-password", "profile.wrongpw.privPassword",
                AgentProcess.PRIV), "test"));
        List<ClusterStateSnapshot> seen = new CopyOnWriteArrayList<>();
        List<LcmsEvent> heard = new CopyOnWriteArrayList<>();
        try (ManagerRuntime manager = new ManagerRuntime(settings, () -> inventory, null, Clock.systemUTC())) {
            manager.addListener(new ClusterStateListener() {
                @Override
                public void stateChanged(ClusterStateSnapshot snapshot) {
                    seen.add(snapshot);
                }

                @Override
                public void eventRaised(LcmsEvent event) {
                    heard.add(event);
                }
            });
            ClusterStateSnapshot all = await(manager, s -> java.util.stream.IntStream.range(0, addresses.size()).allMatch(i ->
                s.host("h" + i).map(HostLiveState::reachable).orElse(false)), Duration.ofSeconds(10));
            for (int i = 0; i < addresses.size(); i++) {
                HostLiveState h = all.host("h" + i).orElseThrow();
                assertEquals(addresses.get(i) + "/" + port, h.agentAddress());
                assertEquals(AgentVersion.VERSION, h.facts().orElseThrow().agentVersion(), h.toString());
                assertTrue(h.facts().orElseThrow().memoryTotalMiB() > 0, h.toString());
                assertTrue(h.facts().orElseThrow().cpuCount() >= 1, h.toString());
                assertEquals(Role.NONE, h.role().role(), h.toString());
                assertTrue(h.responseMicros() > 0, h.toString());
            }
            HostLiveState withService = await(manager, s -> s.host("h0").orElseThrow().services().stream()
                .anyMatch(x -> x.status() == ServiceStatus.DOWN), Duration.ofSeconds(10)).host("h0").orElseThrow();
            assertEquals("web", withService.services().get(0).name());
            assertEquals(closedPort, withService.services().get(0).port());
            assertFalse(seen.isEmpty(), "the listener was told about the changes");

            // unknown user: refused, the reason names the USM report, the host is unreachable
            HostLiveState wrong = await(manager, s -> s.host("wrong").orElseThrow().reachability()
                == Reachability.UNREACHABLE, Duration.ofSeconds(10)).host("wrong").orElseThrow();
            // (the snmp4j agent drops a request of an unknown user without the usmStatsUnknownUserNames report,
            // see node-agent's LcmsSnmpAgentTest, so the manager sees it as unanswered)
            assertTrue(wrong.lastError().contains("usmStatsUnknownUserNames")
                || wrong.lastError().startsWith("no answer within 300 ms"), wrong.lastError());
            assertEquals(null, wrong.lastAnswer());

            // an agent dies: unreachable within three poll intervals, one event
            Instant killed = Instant.now();
            agents.get(1).kill();
            await(manager, s -> s.host("h1").orElseThrow().reachability() == Reachability.UNREACHABLE,
                INTERVAL.multipliedBy(3).plusMillis(300));
            Duration noticed = Duration.between(killed, Instant.now());
            assertTrue(noticed.compareTo(INTERVAL.multipliedBy(3)) <= 0, "unreachable only after " + noticed);
            List<LcmsEvent> lost = manager.events(new EventQuery(java.util.Optional.of("h1"), java.util.Optional.empty(),
                java.util.Set.of(EventType.AGENT_UNREACHABLE), java.util.Optional.empty(), 10));
            assertEquals(1, lost.size(), lost.toString());
            assertTrue(lost.get(0).message().contains(addresses.get(1) + "/" + port), lost.get(0).message());
            assertTrue(awaitTrue(() -> heard.stream().anyMatch(e -> e.type() == EventType.AGENT_UNREACHABLE
                && e.host().equals("h1")), Duration.ofSeconds(2)), "the listener heard the event: " + heard);
            // the others are unaffected
            assertTrue(manager.snapshot().host("h0").orElseThrow().reachable());
            assertTrue(manager.snapshot().host("h2").orElseThrow().reachable());

            // it comes back (backoff is capped at 2 s)
            agents.get(1).start();
            await(manager, s -> s.host("h1").orElseThrow().reachable(), Duration.ofSeconds(8));
            assertEquals(1, manager.events(new EventQuery(java.util.Optional.of("h1"), java.util.Optional.empty(),
                java.util.Set.of(EventType.AGENT_REACHABLE), java.util.Optional.empty(), 10)).size());

            // poll now: a fresh answer, immediately
            Instant before = Instant.now();
            HostLiveState now = manager.pollNow("h2");
            assertTrue(!now.lastPoll().isBefore(before), now.lastPoll() + " vs " + before);
        } finally {
            for (AgentProcess a : agents) {
                a.close();
            }
        }
    }

    static ClusterStateSnapshot await(ManagerRuntime m, Predicate<ClusterStateSnapshot> condition, Duration within)
        throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            ClusterStateSnapshot s = m.snapshot();
            if (condition.test(s)) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + "; last state: " + s.hosts());
            }
            Thread.sleep(20);
        }
    }

    static boolean awaitTrue(java.util.function.BooleanSupplier c, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
