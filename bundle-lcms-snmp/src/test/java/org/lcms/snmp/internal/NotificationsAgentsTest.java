package org.lcms.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.mib.LcmsMib;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;
import org.lcms.snmp.api.EventQuery;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.core.ManagerSettings;
import org.lcms.snmp.core.PollPolicy;
import org.lcms.snmp.core.SnmpProfiles;

/**
 * Agents' notifications reach the manager as events (v3 trap and inform); notifications that do not
 * authenticate (wrong community, wrong key, unknown engine) are refused and counted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NotificationsAgentsTest {
    static final String COMMUNITY = "lcms-traps-1";

    @TempDir
    Path dir;

    @Test
    void notificationsBecomeEventsAndForgeriesAreCounted() throws Exception {
        List<String> addresses = List.of("127.0.0.41", "127.0.0.42");
        int port = AgentProcess.freePortOn(addresses);
        int trapPort;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            trapPort = s.getLocalPort();
        }
        List<Host> hosts = List.of(Host.of("a", IpAddress.parse(addresses.get(0))).withSnmpProfile("test"),
            Host.of("b", IpAddress.parse(addresses.get(1))).withSnmpProfile("test"));
        AtomicReference<Inventory> model = new AtomicReference<>(new Inventory(1, hosts, List.of(), List.of()));
        ManagerSettings settings = new ManagerSettings(
            new PollPolicy(Duration.ofSeconds(1), Duration.ofMillis(500), 1, 2, Duration.ofSeconds(2)),
            "127.0.0.1/0", 1 << 20, 100, Duration.ofMillis(300), 1000, SnmpProfiles.parse(Map.of(
                "profile.test.port", Integer.toString(port), "profile.test.user", AgentProcess.USER,
                "profile.test.authPassword", AgentProcess.AUTH, "profile.test.privPassword", AgentProcess.PRIV),
                "test"), "127.0.0.1/" + trapPort, Optional.of(COMMUNITY), Optional.of(dir.resolve("manager")), List.of());
        List<AgentProcess> agents = new ArrayList<>();
        try (ManagerRuntime manager = new ManagerRuntime(settings, model::get, null, Clock.systemUTC())) {
            String target = "127.0.0.1/" + trapPort;
            // a sends SNMPv3 traps, b SNMPv3 informs
            agents.add(new AgentProcess(dir.resolve("a"), addresses.get(0), port, Map.of("target.mgr.address", target,
                "target.mgr.user", AgentProcess.USER, "target.mgr.type", "trap")).start());
            agents.add(new AgentProcess(dir.resolve("b"), addresses.get(1), port, Map.of("target.mgr.address", target,
                "target.mgr.user", AgentProcess.USER, "target.mgr.type", "inform")).start());

            // b's inform authenticates against the manager's engine at once; a's trap comes from an engine the
            // manager has not polled yet: refused
            LcmsEvent started = await(manager, EventType.AGENT_START, "b", Duration.ofSeconds(10));
            assertTrue(started.fromAgent());
            assertTrue(started.message().contains("SNMPv3 user lcms"), started.message());
            assertTrue(awaitTrue(() -> manager.notificationCounters().rejected() >= 1, Duration.ofSeconds(5)),
                "a's trap from an unknown engine is refused: " + manager.notificationCounters());

            // once polled, a's traps pass: building a cluster makes both agents send lcmsRoleChange
            ManagerRuntimeAgentsTest.await(manager, s -> s.host("a").orElseThrow().reachable()
                && s.host("b").orElseThrow().reachable(), Duration.ofSeconds(10));
            LoadCluster web = LoadCluster.of("web", new VirtualService(IpAddress.parse("192.0.2.60"), 80,
                    ServiceProtocol.TCP), Scheduler.RR)
                .withRealServers(List.of(new RealServerMember("a", 1), new RealServerMember("b", 1))).withActive(true);
            model.set(new Inventory(2, hosts, List.of(web), List.of()));
            LcmsEvent roleA = await(manager, EventType.ROLE_CHANGE, "a", Duration.ofSeconds(15));
            LcmsEvent roleB = await(manager, EventType.ROLE_CHANGE, "b", Duration.ofSeconds(15));
            assertEquals("rs", roleA.details().get("lcmsRoleType"), roleA.toString());
            assertEquals("web", roleB.clusterId(), roleB.toString());
            assertTrue(roleA.message().contains("is now rs"), roleA.message());

            // forgeries: a v2c trap with the wrong community, a v3 trap with a wrong key -> refused, counted
            long acceptedBefore = manager.notificationCounters().accepted();
            long rejectedBefore = manager.notificationCounters().rejected();
            snmptrap("-v", "2c", "-c", "not-the-community", "127.0.0.1:" + trapPort, "",
                "." + LcmsMib.LCMS_AGENT_START);
            snmptrap("-v", "3", "-l", "authPriv", "-u", AgentProcess.USER, "-a", "SHA-256", "-A", "wrong-auth-key-1",
                "-x", "AES", "-X", AgentProcess.PRIV, "-e", "0x8000000001020304", "127.0.0.1:" + trapPort, "",
                "." + LcmsMib.LCMS_AGENT_START);
            assertTrue(awaitTrue(() -> manager.notificationCounters().rejected() >= rejectedBefore + 2,
                Duration.ofSeconds(5)), "both refused: " + manager.notificationCounters());
            // the right community passes (and says it came by SNMPv2c)
            snmptrap("-v", "2c", "-c", COMMUNITY, "127.0.0.1:" + trapPort, "", "." + LcmsMib.LCMS_AGENT_START);
            assertTrue(awaitTrue(() -> manager.notificationCounters().accepted() == acceptedBefore + 1,
                Duration.ofSeconds(5)), manager.notificationCounters().toString());
            assertTrue(manager.events(new EventQuery(Optional.empty(), Optional.empty(), Set.of(EventType.AGENT_START),
                Optional.empty(), 10)).get(0).message().contains("SNMPv2c"));

            // the manager's engine ID is kept for the informs of the next start
            assertTrue(Files.readString(dir.resolve("manager").resolve(EngineIdFile.NAME)).trim().length() >= 10);
        } finally {
            for (AgentProcess a : agents) {
                a.close();
            }
        }
    }

    static LcmsEvent await(ManagerRuntime m, EventType type, String host, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            List<LcmsEvent> e = m.events(new EventQuery(Optional.of(host), Optional.empty(), Set.of(type),
                Optional.empty(), 10));
            if (!e.isEmpty()) {
                return e.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + type + " event of " + host + " within " + within + "; events: "
            + m.events(EventQuery.newest(50)) + "; counters " + m.notificationCounters());
    }

    static boolean awaitTrue(java.util.function.BooleanSupplier c, Duration within) throws InterruptedException {
        return ManagerRuntimeAgentsTest.awaitTrue(c, within);
    }

    private void snmptrap(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("snmptrap"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("MIBS", "");
        pb.environment().put("SNMP_PERSISTENT_DIR", dir.resolve("net-snmp").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "snmptrap hung");
        assertEquals(0, p.exitValue(), "snmptrap " + cmd + ": " + out + " (apt-get install snmp)");
    }
}
