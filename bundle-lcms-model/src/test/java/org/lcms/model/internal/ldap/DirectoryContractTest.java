package org.lcms.model.internal.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lcms.model.api.AdminRole;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.Applied;
import org.lcms.model.api.ChangeRecord;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.ConflictException;
import org.lcms.model.api.FailoverPolicy;
import org.lcms.model.api.HistoryQuery;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.ObjectKind;
import org.lcms.model.api.PasswordHash;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Revision;
import org.lcms.model.api.Role;
import org.lcms.model.api.RoleState;
import org.lcms.model.api.Rule;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;
import org.lcms.model.core.ModelRules;
import org.lcms.model.internal.embedded.EmbeddedDirectory;
import org.lcms.model.internal.runtime.DirectoryRuntime;
import org.lcms.model.internal.runtime.DirectorySettings;
import org.lcms.model.internal.runtime.TestConfig;

/**
 * The repository contract, run on the embedded directory (UnboundID in memory + journal) and on a real
 * OpenLDAP slapd with the LCMS schema as shipped: the same code path LCMS uses in Karaf, end to end.
 */
class DirectoryContractTest {
    static final String SUFFIX = "dc=lcms,dc=test";
    static final PasswordHash SECRET_HASH = PasswordHash.of("correct horse battery".toCharArray());

    @TempDir
    static Path tmp;
    static ThrowawaySlapd slapd;
    static final List<AutoCloseable> open = new ArrayList<>();
    static int counter;

    @BeforeAll
    static void startSlapd() throws Exception {
        slapd = ThrowawaySlapd.start(tmp.resolve("slapd"), SUFFIX, schemaFile());
    }

    @AfterAll
    static void stopSlapd() throws Exception {
        if (slapd != null) {
            slapd.close();
        }
    }

    @AfterEach
    void closeRuntimes() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
    }

    static Path schemaFile() {
        return Path.of(System.getProperty("lcms.schema.ldif", "target/classes/org/lcms/model/lcms-schema.ldif"));
    }

    static Stream<Named<Backend>> backends() {
        return Stream.of(Named.of("embedded", new EmbeddedBackend()), Named.of("openldap-slapd", new SlapdBackend()));
    }

    static final class EmbeddedBackend implements Backend {
        private DirectoryRuntime last;

        @Override
        public ClusterDirectory fresh(String testName) throws Exception {
            Path dir = tmp.resolve("embedded-" + testName + "-" + (++counter));
            last = DirectoryRuntime.open(DirectorySettings.from(TestConfig.of(Map.of(
                "embedded.dataDirectory", dir.toString(), "baseDn", SUFFIX)), null), Clock.systemUTC());
            open.add(last);
            return last.directory();
        }

        @Override
        public ClusterDirectory secondManager() throws Exception {
            EmbeddedDirectory e = last.embedded().orElseThrow();
            LDAPConnectionPool pool = new LDAPConnectionPool(new LDAPConnection(e.host(), e.port(),
                EmbeddedDirectory.BIND_DN, e.bindPassword()), 1, 4);
            open.add(pool::close);
            LdapClusterDirectory d = new LdapClusterDirectory(pool, SUFFIX, Clock.systemUTC(), "embedded", "second");
            d.initialize(false);
            return d;
        }

        @Override
        public LDAPConnection rawConnection() throws Exception {
            EmbeddedDirectory e = last.embedded().orElseThrow();
            return new LDAPConnection(e.host(), e.port(), EmbeddedDirectory.BIND_DN, e.bindPassword());
        }

        @Override
        public String baseDn() {
            return SUFFIX;
        }

        @Override
        public void close() {
        }
    }

    static final class SlapdBackend implements Backend {
        private Map<String, String> settings;

        @Override
        public ClusterDirectory fresh(String testName) throws Exception {
            // Every test gets its own base entry under the slapd suffix (created by LCMS itself).
            settings = Map.of("mode", "external", "external.url", slapd.url(), "external.bindDn", slapd.adminDn(),
                "external.bindPassword", ThrowawaySlapd.ADMIN_PASSWORD,
                "baseDn", "ou=" + testName + "-" + (++counter) + "," + SUFFIX);
            ensureSuffix();
            return secondManager();
        }

        @Override
        public ClusterDirectory secondManager() throws Exception {
            DirectoryRuntime r = DirectoryRuntime.open(DirectorySettings.from(TestConfig.of(settings), null),
                Clock.systemUTC());
            open.add(r);
            return r.directory();
        }

        private static void ensureSuffix() throws Exception {
            try (LDAPConnection c = new LDAPConnection("127.0.0.1", slapd.port(), slapd.adminDn(),
                ThrowawaySlapd.ADMIN_PASSWORD)) {
                if (c.getEntry(SUFFIX) == null) {
                    c.add("dn: " + SUFFIX, "objectClass: dcObject", "objectClass: organization", "dc: lcms", "o: lcms");
                }
            }
        }

        @Override
        public LDAPConnection rawConnection() throws Exception {
            return new LDAPConnection("127.0.0.1", slapd.port(), slapd.adminDn(), ThrowawaySlapd.ADMIN_PASSWORD);
        }

        @Override
        public String baseDn() {
            return settings.get("baseDn");
        }

        @Override
        public void close() {
        }
    }

    // ---- the contract -------------------------------------------------------------------------------------

    static Host host(String name, String address) {
        return Host.of(name, IpAddress.parse(address));
    }

    static LoadCluster cluster(String id, String vip, int port) {
        return LoadCluster.of(id, new VirtualService(IpAddress.parse(vip), port, ServiceProtocol.TCP), Scheduler.WLC);
    }

    static void sampleInventory(ClusterDirectory d) {
        d.apply("alice", new ModelChange.AddHost(host("lb1", "192.0.2.1")));
        d.apply("alice", new ModelChange.AddHost(host("bs1", "192.0.2.2")));
        d.apply("alice", new ModelChange.AddHost(host("bs2", "192.0.2.3")));
        d.apply("alice", new ModelChange.AddHost(host("web1", "192.0.2.11").withWeight(3)));
        d.apply("alice", new ModelChange.AddHost(host("web2", "192.0.2.12")));
        d.apply("alice", new ModelChange.CreateCluster(cluster("web", "192.0.2.100", 80)
            .withLoadBalancer("lb1").withBackups(List.of("bs2", "bs1"))
            .withRealServers(List.of(new RealServerMember("web1", 3), new RealServerMember("web2", 1)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void everyFieldSurvivesTheRoundTrip(Backend backend) throws Exception {
        ClusterDirectory d = backend.fresh("roundtrip");
        Host full = new Host("db-1.dc1.example.org", IpAddress.parse("2001:db8::7"), "Xeon E5-2620 v4", 65_536,
            "Intel X710 2x10G", 17, EnumSet.of(Role.REAL_SERVER, Role.BACKUP_SERVER), "dc1-v3",
            RoleState.UNKNOWN, "Rack 4, Höhe 12 — primary DB", Revision.NEW);
        Applied applied = d.apply("alice", new ModelChange.AddHost(full));
        assertEquals(1, applied.inventory().modelRevision());

        ClusterDirectory other = backend.secondManager(); // reads from LDAP, not from a cache
        Host back = other.inventory().host("DB-1.dc1.example.org").orElseThrow();
        assertEquals(full.withRevision(back.revision()), back);
        assertEquals(1, back.revision().number());
        assertEquals("alice", back.revision().changedBy());

        d.apply("alice", new ModelChange.AddHost(host("lb1", "2001:db8::1")));
        d.apply("alice", new ModelChange.AddHost(host("bs1", "2001:db8::2")));
        d.apply("alice", new ModelChange.AddHost(host("bs2", "2001:db8::3")));
        d.apply("alice", new ModelChange.AddHost(host("web1", "2001:db8::11")));
        LoadCluster c = LoadCluster.of("db", new VirtualService(IpAddress.parse("2001:db8::100"), 5432,
                ServiceProtocol.TCP), Scheduler.LC)
            .withLoadBalancer("lb1").withBackups(List.of("bs2", "bs1"))
            .withRealServers(List.of(new RealServerMember("web1", 0), new RealServerMember("db-1.dc1.example.org", 9)))
            .withDescription("Postgres read pool").withActive(true);
        d.apply("bob", new ModelChange.CreateCluster(c));
        LoadCluster read = backend.secondManager().inventory().cluster("db").orElseThrow();
        assertEquals(List.of("bs2", "bs1"), read.backups(), "backup order (rank) survives");
        assertEquals(Set.copyOf(c.realServers()), Set.copyOf(read.realServers()));
        assertEquals(c.service(), read.service());
        assertEquals(Scheduler.LC, read.scheduler());
        assertTrue(read.active());
        assertEquals("Postgres read pool", read.description());
        assertEquals(Role.BACKUP_SERVER, backend.secondManager().inventory().roleOf("bs1").role());
        assertEquals(6, d.inventory().modelRevision());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void changesAreRecordedWithWhoWhenWhat(Backend backend) throws Exception {
        ClusterDirectory d = backend.fresh("history");
        sampleInventory(d);
        LoadCluster web = d.inventory().cluster("web").orElseThrow();
        d.apply("carol", new ModelChange.UpdateCluster(web.withScheduler(Scheduler.RR), web.revision().number()));

        List<ChangeRecord> webHistory = backend.secondManager().history(HistoryQuery.ofCluster("web", 10));
        assertEquals(2, webHistory.size());
        ChangeRecord latest = webHistory.get(0);
        assertEquals(7, latest.number());
        assertEquals("carol", latest.actor());
        assertEquals("cluster-changed", latest.action());
        assertEquals("scheduler wlc -> rr", latest.detail());
        assertEquals("cluster-built", webHistory.get(1).action());
        List<ChangeRecord> all = d.history(HistoryQuery.latest(100));
        assertEquals(LongStream.rangeClosed(1, 7).boxed().sorted((a, b) -> Long.compare(b, a)).toList(),
            all.stream().map(ChangeRecord::number).toList(), "gap-free, newest first");
        assertEquals(1, d.history(new HistoryQuery(Optional.empty(), Optional.of(ObjectKind.HOST),
            Optional.of("web1"), 10)).size());
        // Filter values are escaped: LDAP filter syntax in a name matches nothing and breaks nothing.
        assertEquals(List.of(), d.history(new HistoryQuery(Optional.empty(), Optional.empty(),
            Optional.of("*)(lcmsActor=*"), 10)));
        assertEquals(List.of(), d.history(HistoryQuery.ofCluster("*", 10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aDrainedRealServerIsKeptAndItsDrainAndEnableAreInTheHistory(Backend backend) throws Exception {
        ClusterDirectory d = backend.fresh("drain");
        sampleInventory(d);
        LoadCluster web = d.inventory().cluster("web").orElseThrow();
        d.apply("carol", new ModelChange.UpdateCluster(web.withRealServerDrained("web1", true),
            web.revision().number()));
        LoadCluster read = backend.secondManager().inventory().cluster("web").orElseThrow();
        assertEquals(new RealServerMember("web1", 3, true), read.realServer("web1").orElseThrow());
        assertEquals(new RealServerMember("web2", 1, false), read.realServer("web2").orElseThrow());
        // a weight change keeps the drain
        d.apply("carol", new ModelChange.UpdateCluster(read.withRealServer("web1", 7), read.revision().number()));
        read = backend.secondManager().inventory().cluster("web").orElseThrow();
        assertEquals(new RealServerMember("web1", 7, true), read.realServer("web1").orElseThrow());
        d.apply("dave", new ModelChange.UpdateCluster(read.withRealServerDrained("web1", false),
            read.revision().number()));
        assertFalse(backend.secondManager().inventory().cluster("web").orElseThrow().realServer("web1")
            .orElseThrow().drained());
        List<ChangeRecord> h = d.history(HistoryQuery.ofCluster("web", 10));
        assertEquals("real server web1 enabled -> drained", h.get(2).detail());
        assertEquals("real server web1 weight 3 -> 7", h.get(1).detail());
        assertEquals("dave", h.get(0).actor());
        assertEquals("real server web1 drained -> enabled", h.get(0).detail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aFailoverPolicyIsKeptInOneAttributeAndAnEntryWithoutItMeansTheAgentsOwn(Backend backend) throws Exception {
        ClusterDirectory d = backend.fresh("policy");
        sampleInventory(d);
        String dn = "lcmsClusterId=web,ou=clusters," + backend.baseDn();
        try (LDAPConnection raw = backend.rawConnection()) {
            assertFalse(raw.getEntry(dn).hasAttribute("lcmsFailoverPolicy"), "no policy, no attribute");
        }
        LoadCluster web = backend.secondManager().inventory().cluster("web").orElseThrow();
        assertEquals(FailoverPolicy.AGENT_DEFAULTS, web.policy(), "an entry from before policies: the agents' own");

        FailoverPolicy p = FailoverPolicy.AGENT_DEFAULTS.withFailbackDelay(java.util.OptionalLong.of(-1))
            .withHealthChecks(Optional.of(List.of("tcp", "http"))).withInterval(java.util.OptionalLong.of(200))
            .withTimeout(java.util.OptionalLong.of(100)).withRise(java.util.OptionalInt.of(3))
            .withFall(java.util.OptionalInt.of(1)).withOnFailure(Optional.of(FailoverPolicy.OnFailure.DRAIN));
        d.apply("carol", new ModelChange.UpdateCluster(web.withPolicy(p), web.revision().number()));
        LoadCluster read = backend.secondManager().inventory().cluster("web").orElseThrow();
        assertEquals(p, read.policy());
        try (LDAPConnection raw = backend.rawConnection()) {
            assertEquals("failbackDelay=never healthCheck=tcp,http interval=200 timeout=100 rise=3 fall=1 "
                + "onFailure=drain", raw.getEntry(dn).getAttributeValue("lcmsFailoverPolicy"));
        }
        d.apply("dave", new ModelChange.UpdateCluster(read.withPolicy(FailoverPolicy.AGENT_DEFAULTS),
            read.revision().number()));
        try (LDAPConnection raw = backend.rawConnection()) {
            assertFalse(raw.getEntry(dn).hasAttribute("lcmsFailoverPolicy"), "cleared: the attribute is gone");
        }
        List<ChangeRecord> h = d.history(HistoryQuery.ofCluster("web", 10));
        assertEquals("failover policy (agents' own) -> failbackDelay=never healthCheck=tcp,http interval=200 "
            + "timeout=100 rise=3 fall=1 onFailure=drain", h.get(1).detail());
        assertEquals("carol", h.get(1).actor());
        assertEquals("dave", h.get(0).actor());

        try (LDAPConnection raw = backend.rawConnection()) {
            raw.modify(dn, new com.unboundid.ldap.sdk.Modification(com.unboundid.ldap.sdk.ModificationType.REPLACE,
                "lcmsFailoverPolicy", "failbackDelay=soon"));
        }
        RuntimeException e = assertThrows(RuntimeException.class, () -> backend.secondManager().inventory());
        assertTrue(e.getMessage().contains("lcmsFailoverPolicy") && e.getMessage().contains(dn), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void theSecondOfTwoConcurrentEditorsGetsAConflict(Backend backend) throws Exception {
        ClusterDirectory alice = backend.fresh("conflict");
        sampleInventory(alice);
        ClusterDirectory bob = backend.secondManager();
        LoadCluster seenByAlice = alice.inventory().cluster("web").orElseThrow();
        LoadCluster seenByBob = bob.inventory().cluster("web").orElseThrow();

        bob.apply("bob", new ModelChange.UpdateCluster(seenByBob.withScheduler(Scheduler.RR),
            seenByBob.revision().number()));
        ConflictException e = assertThrows(ConflictException.class, () -> alice.apply("alice",
            new ModelChange.UpdateCluster(seenByAlice.withRealServer("web1", 50), seenByAlice.revision().number())));
        assertTrue(e.getMessage().contains("cluster web was changed by bob"), e.getMessage());
        assertEquals(Rule.REVISION, e.rule());

        LoadCluster now = alice.inventory().cluster("web").orElseThrow();
        assertEquals(Scheduler.RR, now.scheduler(), "bob's change stands");
        assertEquals(3, now.realServer("web1").orElseThrow().weight(), "alice's change was not written");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void concurrentManagersNeverBreakARule(Backend backend) throws Exception {
        ClusterDirectory first = backend.fresh("race");
        ClusterDirectory second = backend.secondManager();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // 4 writers on two managers add 40 hosts: all land, the history is gap-free.
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                ClusterDirectory d = w % 2 == 0 ? first : second;
                int writer = w;
                writes.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        d.apply("writer" + writer, new ModelChange.AddHost(
                            host("h" + writer + "-" + i, "198.51.100." + (writer * 10 + i + 1))));
                    }
                    return null;
                }));
            }
            for (Future<?> f : writes) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(40, second.inventory().hosts().size());
            assertEquals(40, first.inventory().modelRevision());
            assertEquals(LongStream.rangeClosed(1, 40).boxed().toList(), first.history(HistoryQuery.latest(100))
                .stream().map(ChangeRecord::number).sorted().toList());

            // Two managers build clusters with the same VIP at the same moment: exactly one wins.
            CountDownLatch go = new CountDownLatch(1);
            ConcurrentLinkedQueue<Object> results = new ConcurrentLinkedQueue<>();
            List<Future<?>> builds = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                ClusterDirectory d = w == 0 ? first : second;
                String id = "dup" + w;
                String lb = "h" + w + "-0";
                builds.add(pool.submit(() -> {
                    go.await();
                    try {
                        results.add(d.apply("writer", new ModelChange.CreateCluster(
                            cluster(id, "198.51.100.200", 443).withLoadBalancer(lb))));
                    } catch (ModelException e) {
                        results.add(e);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : builds) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(1, results.stream().filter(r -> r instanceof Applied).count(), results.toString());
            ModelException loser = (ModelException) results.stream().filter(r -> r instanceof ModelException)
                .findFirst().orElseThrow();
            assertEquals(Rule.VIP_UNIQUE, loser.rule(), loser.getMessage());
            assertEquals(List.of(), ModelRules.violations(backend.secondManager().inventory()));
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void refusedChangesWriteNothing(Backend backend) throws Exception {
        ClusterDirectory d = backend.fresh("refused");
        sampleInventory(d);
        long before = d.inventory().modelRevision();
        ModelException inUse = assertThrows(ModelException.class,
            () -> d.apply("alice", new ModelChange.RemoveHost("web1", Revision.ANY)));
        assertEquals(Rule.HOST_IN_USE, inUse.rule());
        assertTrue(inUse.getMessage().contains("cluster web (rs)"), inUse.getMessage());
        assertThrows(ModelException.class, () -> d.apply("alice",
            new ModelChange.AddHost(host("other", "192.0.2.100")))); // the VIP of web
        ClusterDirectory fresh = backend.secondManager();
        assertEquals(before, fresh.inventory().modelRevision());
        assertEquals(before, fresh.history(HistoryQuery.latest(100)).size());
        assertTrue(fresh.inventory().host("web1").isPresent());

        LoadCluster web = d.inventory().cluster("web").orElseThrow();
        d.apply("alice", new ModelChange.DissolveCluster("web", web.revision().number(), false));
        d.apply("alice", new ModelChange.RemoveHost("web1", Revision.ANY));
        assertFalse(backend.secondManager().inventory().host("web1").isPresent());
        assertEquals(Role.NONE, backend.secondManager().inventory().roleOf("lb1").role());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void administratorsAuthenticateWithTheirPasswordOnly(Backend backend) throws Exception {
        ClusterDirectory d = backend.fresh("admins");
        d.apply("setup", new ModelChange.AddAdministrator(new Administrator("alice", "Alice A.", SECRET_HASH,
            AdminRole.ADMIN, Revision.NEW)));
        ClusterDirectory other = backend.secondManager();
        assertEquals("Alice A.", other.authenticate("alice", "correct horse battery".toCharArray())
            .orElseThrow().displayName());
        assertTrue(other.authenticate("alice", "wrong horse battery".toCharArray()).isEmpty());
        assertTrue(other.authenticate("mallory", "correct horse battery".toCharArray()).isEmpty());
        assertTrue(other.inventory().administrator("alice").orElseThrow().passwordHash().encoded()
            .startsWith("$pbkdf2-sha256$"), "only the salted hash is stored");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void roleStateReportsAreKeptAndRecorded(Backend backend) throws Exception {
        ClusterDirectory d = backend.fresh("rolestate");
        sampleInventory(d);
        d.apply("lcms-snmp", new ModelChange.ReportRoleState("lb1", RoleState.ACTIVE));
        assertEquals(RoleState.ACTIVE, backend.secondManager().inventory().host("lb1").orElseThrow().roleState());
        // Unchanged report: nothing written.
        Applied again = d.apply("lcms-snmp", new ModelChange.ReportRoleState("lb1", RoleState.ACTIVE));
        assertTrue(again.record().isEmpty());
        assertEquals(7, backend.secondManager().inventory().modelRevision());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void eventsAreRecordedInTheHistoryBetweenChangesWithoutChangingObjects(Backend backend) throws Exception {
        ClusterDirectory d = backend.fresh("events");
        sampleInventory(d);
        Inventory before = backend.secondManager().inventory();
        Applied event = d.apply("lcms-snmp", new ModelChange.RecordEvent(ObjectKind.HOST, "web1",
            "lcmsAgentUnreachable", "major: web1 stopped answering (2 polls failed)", Set.of()));
        assertEquals(before.modelRevision() + 1, event.record().orElseThrow().number());
        ClusterDirectory other = backend.secondManager();
        Inventory after = other.inventory();
        assertEquals(List.copyOf(before.hosts()), List.copyOf(after.hosts()), "an event changes no host");
        assertEquals(List.copyOf(before.clusters()), List.copyOf(after.clusters()), "an event changes no cluster");
        ChangeRecord newest = other.history(HistoryQuery.latest(1)).get(0);
        assertEquals(new ChangeRecord(before.modelRevision() + 1, newest.at(), "lcms-snmp", ObjectKind.HOST, "web1",
            "lcmsAgentUnreachable", "major: web1 stopped answering (2 polls failed)", Set.of("web")), newest);
        assertEquals("lcmsAgentUnreachable", other.history(HistoryQuery.ofCluster("web", 1)).get(0).action(),
            "the event is found by its cluster");
        // the next change follows it in the same sequence
        Applied change = d.apply("alice", new ModelChange.UpdateHost(after.host("web1").orElseThrow().withWeight(7),
            Revision.ANY));
        assertEquals(before.modelRevision() + 2, change.record().orElseThrow().number());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void anEntryBrokenByHandIsReportedWithItsDnAndAttribute(Backend backend) throws Exception {
        ClusterDirectory d = backend.fresh("handedit");
        sampleInventory(d);
        try (LDAPConnection raw = backend.rawConnection()) {
            raw.modify("lcmsHostName=web2,ou=hosts," + backend.baseDn(),
                new com.unboundid.ldap.sdk.Modification(com.unboundid.ldap.sdk.ModificationType.REPLACE,
                    "lcmsIpAddress", "not-an-address"));
        }
        RuntimeException e = assertThrows(RuntimeException.class, () -> backend.secondManager().inventory());
        assertTrue(e.getMessage().contains("lcmsHostName=web2,ou=hosts,"), e.getMessage());
        assertTrue(e.getMessage().contains("lcmsIpAddress"), e.getMessage());
        assertTrue(e.getMessage().contains("fix or remove it with ldapmodify"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aDirectoryWithoutTheLcmsSchemaIsRefusedWithWhatToDo() throws Exception {
        try (ThrowawaySlapd bare = ThrowawaySlapd.start(tmp.resolve("bare-slapd"), SUFFIX, null)) {
            Map<String, String> cfg = Map.of("mode", "external", "external.url", bare.url(),
                "external.bindDn", bare.adminDn(), "external.bindPassword", ThrowawaySlapd.ADMIN_PASSWORD,
                "baseDn", SUFFIX);
            RuntimeException e = assertThrows(RuntimeException.class,
                () -> DirectoryRuntime.open(DirectorySettings.from(TestConfig.of(cfg), null), Clock.systemUTC()));
            assertTrue(e.getMessage().contains("does not have the LCMS schema"), e.getMessage());
            assertTrue(e.getMessage().contains("lcms:directory-schema"), e.getMessage());
        }
    }

    @org.junit.jupiter.api.Test
    void aWrongBindPasswordIsReportedWithTheUrl() {
        Map<String, String> cfg = Map.of("mode", "external", "external.url", slapd.url(),
            "external.bindDn", slapd.adminDn(), "external.bindPassword", "not-the-password", "baseDn", SUFFIX);
        IOException e = assertThrows(IOException.class,
            () -> DirectoryRuntime.open(DirectorySettings.from(TestConfig.of(cfg), null), Clock.systemUTC()));
        assertTrue(e.getMessage().contains(slapd.url()), e.getMessage());
        assertTrue(e.getMessage().contains("INVALID_CREDENTIALS") || e.getMessage().contains("invalid credentials"),
            e.getMessage());
    }
}
