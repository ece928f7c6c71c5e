package org.lcms.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.mib.LcmsMib;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.RoleState;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;
import org.lcms.snmp.api.EventQuery;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.RoleAssignment;
import org.lcms.snmp.core.ManagerSettings;
import org.lcms.snmp.core.PollPolicy;
import org.lcms.snmp.core.SnmpProfiles;

/**
 * Building, changing and dissolving a cluster sets the roles on real node agents; each result is read back with
 * net-snmp's snmpget/snmpwalk, independently of the manager.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RoleAssignmentAgentsTest {
    static final List<String> ADDRESSES = List.of("127.0.0.21", "127.0.0.22", "127.0.0.23", "127.0.0.24");
    static final List<String> NAMES = List.of("lb", "bs", "rs1", "rs2");

    @TempDir
    Path dir;
    int port;

    @Test
    void rolesFollowTheModelOnRealAgents() throws Exception {
        port = AgentProcess.freePortOn(ADDRESSES);
        List<AgentProcess> agents = new ArrayList<>();
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < ADDRESSES.size(); i++) {
            agents.add(new AgentProcess(dir.resolve(NAMES.get(i)), ADDRESSES.get(i), port,
                Map.of("serviceInterface", "eth0")).start());
            hosts.add(Host.of(NAMES.get(i), IpAddress.parse(ADDRESSES.get(i))).withSnmpProfile("test"));
        }
        LoadCluster web = LoadCluster.of("web", new VirtualService(IpAddress.parse("192.0.2.50"), 80,
                ServiceProtocol.TCP), Scheduler.WLC).withLoadBalancer("lb").withBackups(List.of("bs"))
            .withRealServers(List.of(new RealServerMember("rs1", 3), new RealServerMember("rs2", 1)))
            .withActive(true);
        AtomicReference<Inventory> model = new AtomicReference<>(new Inventory(1, hosts, List.of(web), List.of()));
        List<String> recorded = new CopyOnWriteArrayList<>();
        List<String> historyEvents = new CopyOnWriteArrayList<>();
        ManagerSettings settings = new ManagerSettings(
            new PollPolicy(Duration.ofSeconds(1), Duration.ofMillis(500), 1, 2, Duration.ofSeconds(2)),
            "127.0.0.1/0", 1 << 20, 100, Duration.ofMillis(50), 1000, SnmpProfiles.parse(Map.of(
                "profile.test.port", Integer.toString(port), "profile.test.user", AgentProcess.USER,
                "profile.test.authPassword", AgentProcess.AUTH, "profile.test.privPassword", AgentProcess.PRIV),
                "test"));
        try (ManagerRuntime manager = new ManagerRuntime(settings, model::get,
            change -> {
                if (change instanceof ModelChange.ReportRoleState r) {
                    recorded.add(r.name() + "=" + r.state().code());
                    // As the directory does: the report is a new model revision, which the manager reads back
                    // (every 50 ms here) and re-decides every host from its last poll. A poll older than the
                    // writes it had just made used to create the LB's virtual service again there.
                    model.updateAndGet(m -> withRoleState(m, r.name(), r.state()));
                } else if (change instanceof ModelChange.RecordEvent e) {
                    historyEvents.add(e.objectName() + ":" + e.event());
                }
            }, Clock.systemUTC())) {
            // built: every agent reports its role, the LB dispatches both real servers with the model's weights
            ManagerRuntimeAgentsTest.await(manager, s -> NAMES.stream().allMatch(n -> s.assignment(n)
                .map(a -> a.status() == RoleAssignment.Status.IN_SYNC && a.wanted().contains("web")).orElse(false)),
                Duration.ofSeconds(20));
            assertEquals("2", snmpget(0, LcmsMib.scalar(LcmsMib.LCMS_ROLE_TYPE)), "loadBalancer(2)");
            assertEquals("3", snmpget(1, LcmsMib.scalar(LcmsMib.LCMS_ROLE_TYPE)), "backupServer(3)");
            assertEquals("1", snmpget(1, LcmsMib.scalar(LcmsMib.LCMS_ROLE_BACKUP_RANK)));
            assertEquals("4", snmpget(2, LcmsMib.scalar(LcmsMib.LCMS_ROLE_TYPE)), "realServer(4)");
            assertEquals("4", snmpget(3, LcmsMib.scalar(LcmsMib.LCMS_ROLE_TYPE)));
            assertEquals("\"web\"", snmpget(2, LcmsMib.scalar(LcmsMib.LCMS_ROLE_CLUSTER_ID)));
            assertEquals(List.of("3", "1"), snmpwalk(0, LcmsMib.LCMS_RS_WEIGHT));
            assertEquals("4", snmpwalk(0, LcmsMib.LCMS_VS_SCHEDULER).get(0), "wlc(4)");
            assertEquals(4, manager.events(new EventQuery(Optional.empty(), Optional.empty(),
                Set.of(EventType.ROLE_ASSIGNMENT_DONE), Optional.empty(), 100)).size());
            assertEquals(List.of(), manager.events(new EventQuery(Optional.empty(), Optional.empty(),
                Set.of(EventType.ROLE_ASSIGNMENT_FAILED), Optional.empty(), 100)), "nothing refused on the way");
            // one attempt per step (the role, then the LB's and the backup's table): nothing planned twice from a
            // poll that predates the writes (before the fix: bs after 3 attempts, rs2 after 2)
            assertEquals(Map.of("lb", 2, "bs", 2, "rs1", 1, "rs2", 1), attemptsUntilDone(manager, 0));
            assertTrue(awaitTrue(() -> recorded.contains("lb=active") && recorded.contains("rs1=active"),
                Duration.ofSeconds(5)), "role states recorded for the directory: " + recorded);
            assertTrue(awaitTrue(() -> NAMES.stream().allMatch(n -> historyEvents.contains(n
                + ":lcmsRoleAssignmentDone")), Duration.ofSeconds(5)), "events written for the history: "
                + historyEvents);
            assertTrue(manager.snapshot().cluster("web").orElseThrow().vipHolder().equals(Optional.of("lb")),
                manager.snapshot().cluster("web").toString());

            // changed: rs1 leaves, rs2 weighs 5 — the LB's table follows (no teardown of the rest)
            long changedAfter = newestEvent(manager);
            LoadCluster changed = web.withRealServers(List.of(new RealServerMember("rs2", 5)));
            model.set(new Inventory(2, hosts, List.of(changed), List.of()));
            ManagerRuntimeAgentsTest.await(manager, s -> s.host("lb").orElseThrow().realServers().size() == 1
                && s.host("lb").orElseThrow().realServers().get(0).weight() == 5
                && s.assignment("rs1").map(a -> a.status() == RoleAssignment.Status.IN_SYNC
                    && a.wanted().equals("none")).orElse(false), Duration.ofSeconds(15));
            assertEquals(List.of("5"), snmpwalk(0, LcmsMib.LCMS_RS_WEIGHT));
            assertTrue(awaitTrue(() -> attemptsUntilDone(manager, changedAfter).size() == 3, Duration.ofSeconds(5)),
                attemptsUntilDone(manager, changedAfter).toString());
            assertEquals(Map.of("lb", 1, "bs", 1, "rs1", 1), attemptsUntilDone(manager, changedAfter),
                "one batch each");
            assertEquals("1", snmpget(2, LcmsMib.scalar(LcmsMib.LCMS_ROLE_TYPE)), "rs1 is none(1) again");

            // rs2's host comes back without its state (a reinstalled host): it is given its role again
            agents.get(3).kill();
            deleteTree(dir.resolve("rs2").resolve("state"));
            agents.get(3).start();
            assertEquals("1", snmpget(3, LcmsMib.scalar(LcmsMib.LCMS_ROLE_TYPE)), "the fresh agent has no role");
            boolean back = awaitTrue(() -> {
                try {
                    return snmpget(3, LcmsMib.scalar(LcmsMib.LCMS_ROLE_TYPE)).equals("4");
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(15));
            assertTrue(back, "rs2 is a real server again: " + manager.snapshot().host("rs2") + " "
                + manager.snapshot().assignment("rs2"));

            // dissolved: every host is none
            model.set(new Inventory(3, hosts, List.of(), List.of()));
            ManagerRuntimeAgentsTest.await(manager, s -> NAMES.stream().allMatch(n -> s.assignment(n)
                .map(a -> a.status() == RoleAssignment.Status.IN_SYNC && a.wanted().equals("none")).orElse(false)),
                Duration.ofSeconds(15));
            for (int i = 0; i < NAMES.size(); i++) {
                assertEquals("1", snmpget(i, LcmsMib.scalar(LcmsMib.LCMS_ROLE_TYPE)), NAMES.get(i) + " is none(1)");
            }
        } finally {
            for (AgentProcess a : agents) {
                a.close();
            }
        }
    }

    /**
     * Each host's attempts until its newest lcmsRoleAssignmentDone after event {@code since}, from the event's
     * message ("... (after 2 attempts)").
     */
    static Map<String, Integer> attemptsUntilDone(ManagerRuntime manager, long since) {
        Pattern after = Pattern.compile("\\(after (\\d+) attempts?\\)$");
        Map<String, Integer> attempts = new HashMap<>();
        for (LcmsEvent e : manager.events(new EventQuery(Optional.empty(), Optional.empty(),
            Set.of(EventType.ROLE_ASSIGNMENT_DONE), Optional.empty(), 100))) { // newest first
            Matcher m = after.matcher(e.message());
            assertTrue(m.find(), e.message());
            if (e.sequence() > since) {
                attempts.putIfAbsent(e.host(), Integer.parseInt(m.group(1)));
            }
        }
        return attempts;
    }

    static long newestEvent(ManagerRuntime manager) {
        return manager.events(EventQuery.newest(1)).stream().mapToLong(LcmsEvent::sequence).max().orElse(0);
    }

    static Inventory withRoleState(Inventory m, String host, RoleState state) {
        List<Host> hosts = m.hosts().stream().map(h -> h.name().equals(host) ? h.withRoleState(state) : h).toList();
        return new Inventory(m.modelRevision() + 1, hosts, m.clusters(), m.administrators());
    }

    static boolean awaitTrue(java.util.function.BooleanSupplier c, Duration within) throws InterruptedException {
        return ManagerRuntimeAgentsTest.awaitTrue(c, within);
    }

    private List<String> netSnmp(String tool, int agent, String oid) throws IOException, InterruptedException {
        List<String> cmd = List.of(tool, "-v3", "-l", "authPriv", "-u", AgentProcess.USER, "-a", "SHA-256", "-A",
            AgentProcess.AUTH, "-x", "AES", "-X", AgentProcess.PRIV, "-On", "-Oqv", "-t", "2", "-r", "1",
            "udp:" + ADDRESSES.get(agent) + ":" + port, oid);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("net-snmp.err").toFile());
        pb.environment().put("MIBS", "");
        pb.environment().put("SNMP_PERSISTENT_DIR", dir.resolve("net-snmp").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(tool + " " + oid + " failed: " + out + Files.readString(dir.resolve("net-snmp.err"))
                + " (net-snmp's tools come with apt-get install snmp)");
        }
        return out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    private String snmpget(int agent, org.snmp4j.smi.OID oid) throws Exception {
        return netSnmp("snmpget", agent, "." + oid).get(0);
    }

    private List<String> snmpwalk(int agent, org.snmp4j.smi.OID column) throws Exception {
        return netSnmp("snmpwalk", agent, "." + column);
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
