package org.lcms.agent.snmp;

import org.lcms.mib.LcmsMib;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.config.AgentConfigParser;
import org.lcms.agent.host.HostFacts;
import org.lcms.agent.host.KernelHostReader;
import org.lcms.agent.role.DryRunHostConfigurator;
import org.lcms.agent.role.HostStep;

/**
 * The agent in this JVM on 127.0.0.1 and a free UDP port, a dry-run host configurator, a private snmptrapd as
 * notification receiver, and the net-snmp tools as the client. One agent serves every test of this class (its
 * role changes in the order of the tests); the v2c-off and restart cases start their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(30)
class LcmsSnmpAgentTest {
    static final String ROOT = "." + LcmsMib.LCMS_MIB;
    static final String ROLE_TYPE = "." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_TYPE);
    static final String ROLE_STATE = "." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_STATE);
    static final String VIP_TYPE = "." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_VIP_ADDRESS_TYPE);
    static final String VIP = "." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_VIP_ADDRESS);
    static final String COMMUNITY = "monitor-only-42";
    static final List<String> ADMIN = NetSnmp.v3("admin", "admin-auth-1", "admin-priv-1");
    static final List<String> VIEWER = NetSnmp.v3("viewer", "viewer-auth-1", "viewer-priv-1");
    static final List<String> V2C = List.of("-v2c", "-c", COMMUNITY);

    private Path dir;
    private final DryRunHostConfigurator host = new DryRunHostConfigurator();
    private Snmptrapd trapd;
    private LcmsSnmpAgent agent;
    private String address;
    private ServerSocket openService;
    private int closedPort;
    private long startMillis;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        NetSnmp.requireTools();
        int trapPort = freeUdpPort();
        trapd = new Snmptrapd(Files.createDirectories(dir.resolve("trapd")), trapPort, COMMUNITY);
        openService = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        int port = freeUdpPort();
        AgentConfig config = config(dir.resolve("agent.cfg"), """
            listen = 127.0.0.1/%d
            stateDirectory = %s
            configurator = dry-run
            rolePotential = rs,bs
            serviceInterface = eth0
            user.admin.authPassword = admin-auth-1
            user.admin.privPassword = admin-priv-1
            user.admin.access = readwrite
            user.viewer.authPassword = viewer-auth-1
            user.viewer.privPassword = viewer-priv-1
            community.readonly = %s
            target.nms.address = 127.0.0.1/%d
            target.nms.community = %s
            service.a-open.port = %d
            service.b-closed.port = %d
            service.c-dns.port = 53
            service.c-dns.protocol = udp
            """.formatted(port, dir.resolve("state"), COMMUNITY, trapPort, COMMUNITY, openService.getLocalPort(),
            closedPort));
        long t0 = System.nanoTime();
        agent = LcmsSnmpAgent.start(config, host);
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[lcms-itest] node agent started in " + startMillis + " ms");
        address = "udp:127.0.0.1:" + port;
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (trapd != null) {
            trapd.close();
        }
        if (openService != null) {
            openService.close();
        }
    }

    /**
     * A sender that knows only a user name must not make the agent store anything: snmp4j localizes a
     * non-localized user for any engine ID a message names, before checking its HMAC, and keeps the entry.
     */
    @Test
    @Order(50)
    void messagesForForeignEngineIdsDoNotGrowTheUserTable() throws Exception {
        int before = agent.usmEntries();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] engine = new byte[12];
            random.nextBytes(engine);
            engine[0] = (byte) 0x80;
            List<String> cmd = new java.util.ArrayList<>(List.of(NetSnmp.which("snmpget").toString()));
            cmd.addAll(ADMIN);
            // One short try each: the agent answers with a report or not at all; either is fine here.
            cmd.addAll(List.of("-e", "0x" + java.util.HexFormat.of().formatHex(engine), "-On", "-t", "0.2", "-r",
                "0", address, "1.3.6.1.2.1.1.5.0"));
            NetSnmp.exec(cmd);
        }
        assertEquals(before, agent.usmEntries(), "USM user entries after 20 requests naming foreign engine IDs");
        assertTrue(NetSnmp.run("snmpget", ADMIN, address, "1.3.6.1.2.1.1.5.0").ok(), "the real user still works");
    }

    // ---------------------------------------------------------------------------------------------- reading

    @Test
    @Order(1)
    void agentStartIsSentToTheTarget() throws Exception {
        String trap = trapd.awaitLine(l -> l.contains("OID: " + ROOT + ".0.1"), 5_000, "no lcmsAgentStart");
        assertTrue(trap.contains("." + LcmsMib.scalar(LcmsMib.LCMS_AGENT_VERSION) + " = STRING: "), trap);
        assertTrue(trap.contains(ROLE_TYPE + " = INTEGER: 1"), trap);
    }

    @Test
    @Order(2)
    void theLcmsSubtreeMatchesProc() throws Exception {
        HostFacts facts = KernelHostReader.system().read();
        Map<String, String> walk = values(NetSnmp.run("snmpbulkwalk", ADMIN, address, ROOT));
        assertEquals(facts.hostName(), text(walk.get(scalarOf(LcmsMib.LCMS_HOST_NAME))));
        long processors = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(l -> l.startsWith("processor")).count();
        assertEquals("Gauge32: " + processors, walk.get(scalarOf(LcmsMib.LCMS_HOST_CPU_COUNT)));
        long memTotalKiB = Files.readAllLines(Path.of("/proc/meminfo")).stream()
            .filter(l -> l.startsWith("MemTotal:")).map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst()
            .orElseThrow();
        assertEquals("Gauge32: " + memTotalKiB / 1024, walk.get(scalarOf(LcmsMib.LCMS_HOST_MEMORY_TOTAL)));
        assertTrue(walk.get(scalarOf(LcmsMib.LCMS_HOST_LOAD_AVERAGE1)).startsWith("Gauge32: "), walk.toString());
        assertEquals(text(walk.get(scalarOf(LcmsMib.LCMS_AGENT_VERSION))), AgentVersion.VERSION);
        assertEquals(ROLE_TYPE, scalarOf(LcmsMib.LCMS_ROLE_TYPE));
        assertEquals("INTEGER: 1", walk.get(ROLE_TYPE), "role none at start");
        // NIC table: one row per interface with a device driver, indexed by ifindex
        for (var nic : facts.interfaces()) {
            String ifindex = Files.readString(Path.of("/sys/class/net", nic.name(), "ifindex")).trim();
            String name = walk.get("." + LcmsMib.LCMS_NIC_NAME + "." + ifindex);
            if (HostGroup.listed(nic)) {
                assertEquals(nic.name(), text(name), walk.toString());
                assertEquals(nic.driver(), text(walk.get("." + LcmsMib.LCMS_NIC_TYPE + "." + ifindex)));
            } else {
                assertEquals(null, name, nic + " must not be listed");
            }
        }
        // snmpwalk (GETNEXT) sees the same objects as snmpbulkwalk (GETBULK)
        assertEquals(walk.keySet(), values(NetSnmp.run("snmpwalk", ADMIN, address, ROOT)).keySet());
    }

    @Test
    @Order(3)
    void theServiceTableProbesAndCounts() throws Exception {
        String status = "." + LcmsMib.LCMS_SERVICE_STATUS;
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), openService.getLocalPort());
             Socket accepted = openService.accept()) {
            Map<String, String> t = awaitValues(ROOT + ".1.4", m -> "Gauge32: 1".equals(
                m.get("." + LcmsMib.LCMS_SERVICE_CURRENT_CONNECTIONS + ".1")));
            assertEquals("INTEGER: 1", t.get(status + ".1"), "open port: up(1) " + t);
            assertEquals("INTEGER: 2", t.get(status + ".2"), "closed port: down(2) " + t);
            assertEquals("INTEGER: 3", t.get(status + ".3"), "udp: unknown(3) " + t);
            assertEquals("INTEGER: 17", t.get("." + LcmsMib.LCMS_SERVICE_PROTOCOL + ".3"));
            assertEquals("Gauge32: " + openService.getLocalPort(), t.get("." + LcmsMib.LCMS_SERVICE_PORT + ".1"));
            assertEquals("STRING: \"a-open\"", t.get("." + LcmsMib.LCMS_SERVICE_NAME + ".1"));
        }
    }

    @Test
    @Order(4)
    void theWholeTreeIsSystemAndLcmsOnly() throws Exception {
        Map<String, String> all = values(NetSnmp.run("snmpwalk", ADMIN, address, ".1"));
        List<String> foreign = new ArrayList<>();
        for (String oid : all.keySet()) {
            if (!oid.startsWith(".1.3.6.1.2.1.1.") && !oid.startsWith(ROOT + ".")) {
                foreign.add(oid);
            }
        }
        assertEquals(List.of(), foreign, "only system + LCMS-MIB may be served");
        assertEquals(List.of(".1.3.6.1.2.1.1.1.0", ".1.3.6.1.2.1.1.2.0", ".1.3.6.1.2.1.1.3.0", ".1.3.6.1.2.1.1.5.0"),
            all.keySet().stream().filter(o -> o.startsWith(".1.3.6.1.2.1.1.")).toList());
        assertEquals("OID: " + ROOT, all.get(".1.3.6.1.2.1.1.2.0"), "sysObjectID is lcmsMIB");
        // USM (snmpUsmMIB), VACM, target and notification tables: nothing, even when asked directly
        for (String hidden : List.of(".1.3.6.1.6.3.15", ".1.3.6.1.6.3.16", ".1.3.6.1.6.3.12", ".1.3.6.1.6.3.13",
            ".1.3.6.1.6.3.18", ".1.3.6.1.2.1.11")) {
            assertEquals(Map.of(), values(NetSnmp.run("snmpwalk", ADMIN, address, hidden)), hidden);
        }
    }

    // ------------------------------------------------------------------------------------------ who may ask

    @Test
    @Order(5)
    void wrongPasswordUnknownUserAndNoAuthAreRefused() throws Exception {
        String oid = scalarOf(LcmsMib.LCMS_HOST_NAME);
        assertTrue(NetSnmp.run("snmpget", ADMIN, address, oid).ok(), "the right credentials work");
        NetSnmp.Result wrongAuth = NetSnmp.run("snmpget", NetSnmp.v3("admin", "wrong-auth-1", "admin-priv-1"),
            address, oid);
        assertFalse(wrongAuth.ok(), wrongAuth.toString());
        NetSnmp.Result unknown = NetSnmp.run("snmpget", NetSnmp.v3("mallory", "admin-auth-1", "admin-priv-1"),
            address, oid);
        // snmp4j 3.13.1 drops it without a usmStatsUnknownUserNames report: net-snmp times out
        assertFalse(unknown.ok(), unknown.toString());
        assertTrue(unknown.all().contains("Unknown user name") || unknown.all().contains("Timeout"),
            unknown.toString());
        NetSnmp.Result noAuth = NetSnmp.run("snmpget", List.of("-v3", "-l", "noAuthNoPriv", "-u", "admin"),
            address, oid);
        assertFalse(noAuth.ok() && noAuth.out().contains("STRING"), noAuth.toString());
        NetSnmp.Result wrongCommunity = NetSnmp.run("snmpget", List.of("-v2c", "-c", "public"), address, oid);
        assertFalse(wrongCommunity.ok(), wrongCommunity.toString());
    }

    @Test
    @Order(6)
    void theConfiguredCommunityReadsButCannotWrite() throws Exception {
        NetSnmp.Result get = NetSnmp.run("snmpget", V2C, address, ROLE_TYPE);
        assertTrue(get.ok() && get.out().contains("INTEGER"), get.toString());
        NetSnmp.Result set = NetSnmp.run("snmpset", V2C, address, ROLE_TYPE, "i", "3");
        assertFalse(set.ok(), set.toString());
        assertTrue(set.all().contains("noAccess") || set.all().contains("authorizationError"), set.toString());
    }

    @Test
    @Order(7)
    void aReadOnlyUserCannotWrite() throws Exception {
        NetSnmp.Result set = NetSnmp.run("snmpset", VIEWER, address, ROLE_TYPE, "i", "3");
        assertFalse(set.ok(), set.toString());
        assertTrue(set.all().contains("noAccess") || set.all().contains("authorizationError"), set.toString());
        assertEquals(List.of(), host.record());
    }

    // ------------------------------------------------------------------------------------------ role SETs

    @Test
    @Order(10)
    void malformedAndInconsistentRolesAreRefused() throws Exception {
        assertError("wrongValue", NetSnmp.run("snmpset", ADMIN, address, ROLE_TYPE, "i", "9"));
        assertError("wrongValue", NetSnmp.run("snmpset", ADMIN, address, ROLE_TYPE, "i", "0"));
        assertError("wrongType", NetSnmp.run("snmpset", ADMIN, address, ROLE_TYPE, "s", "realServer"));
        // loadBalancer is outside this host's rolePotential (rs,bs)
        assertError("inconsistentValue", NetSnmp.run("snmpset", ADMIN, address, VIP_TYPE, "i", "1", VIP, "x",
            "C0000264", ROLE_TYPE, "i", "2"));
        // a real server needs a VIP
        assertError("inconsistentValue", NetSnmp.run("snmpset", ADMIN, address, ROLE_TYPE, "i", "4"));
        // VIP type and length disagree
        assertError("inconsistentValue", NetSnmp.run("snmpset", ADMIN, address, VIP_TYPE, "i", "2", VIP, "x",
            "C0000264", ROLE_TYPE, "i", "4"));
        assertError("wrongLength", NetSnmp.run("snmpset", ADMIN, address, VIP, "x", "C00002"));
        assertEquals(List.of(), host.record(), "nothing was applied");
        assertEquals("INTEGER: 1", get(ROLE_TYPE));
        assertEquals("INTEGER: \"\"", "INTEGER: " + get(VIP).replace("Hex-STRING: ", "").replace("STRING: ", ""),
            "a refused request changes no object, not even its valid varbinds");
    }

    @Test
    @Order(11)
    void aRealServerRoleIsAppliedAndNotified() throws Exception {
        NetSnmp.Result set = NetSnmp.run("snmpset", ADMIN, address, VIP_TYPE, "i", "1", VIP, "x", "C0000264",
            "." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_CLUSTER_ID), "s", "www", ROLE_TYPE, "i", "4");
        assertTrue(set.ok(), set.toString());
        assertEquals(List.of("sysctl -w net.ipv4.conf.all.arp_ignore=1", "sysctl -w net.ipv4.conf.all.arp_announce=2",
            "sysctl -w net.ipv4.conf.lo.arp_ignore=1", "sysctl -w net.ipv4.conf.lo.arp_announce=2",
            "ip addr add 192.0.2.100/32 dev lo"), host.record());
        assertEquals("INTEGER: 4", get(ROLE_TYPE));
        assertEquals("INTEGER: 4", get(ROLE_STATE), "active(4)");
        assertTrue(get("." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_LAST_CHANGE)).matches("Timeticks: \\((\\d+)\\).*"));

        String trap = trapd.awaitLine(l -> l.contains("OID: " + ROOT + ".0.2"), 5_000, "no lcmsRoleChange");
        Map<String, String> vbs = trapVarbinds(trap);
        assertEquals("INTEGER: 4", vbs.get(ROLE_TYPE), trap);
        assertEquals("INTEGER: 4", vbs.get(ROLE_STATE), trap);
        assertEquals("INTEGER: 1", vbs.get("." + LcmsMib.scalar(LcmsMib.LCMS_NOTIF_PREVIOUS_ROLE_TYPE)), trap);
        assertEquals("INTEGER: 3", vbs.get("." + LcmsMib.scalar(LcmsMib.LCMS_NOTIF_PREVIOUS_ROLE_STATE)), trap);
        assertEquals("STRING: \"www\"", vbs.get("." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_CLUSTER_ID)), trap);
        assertEquals("INTEGER: 1", vbs.get(VIP_TYPE), trap);
        assertTrue(vbs.get(VIP).replace(" ", "").contains("C00002"), trap);
        assertEquals("STRING: \"set by manager\"", vbs.get("." + LcmsMib.scalar(LcmsMib.LCMS_NOTIF_REASON)), trap);
        assertEquals(12 + 2, vbs.size(), "sysUpTime, snmpTrapOID and the 12 objects of lcmsRoleChange: " + trap);
    }

    @Test
    @Order(12)
    void aFailedApplyAnswersCommitFailedAndChangesNothing() throws Exception {
        int before = host.record().size();
        host.failWhen(step -> step instanceof HostStep.SetSysctl); // leaving rs restores the sysctls: fails
        try {
            assertError("commitFailed", NetSnmp.run("snmpset", ADMIN, address,
                "." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_BACKUP_RANK), "u", "1", ROLE_TYPE, "i", "3"));
        } finally {
            host.failWhen(step -> false);
        }
        assertEquals("INTEGER: 4", get(ROLE_TYPE), "role unchanged");
        assertEquals("INTEGER: 4", get(ROLE_STATE), "still active");
        assertEquals("Gauge32: 0", get("." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_BACKUP_RANK)),
            "the other varbinds of the request were undone");
        assertTrue(host.addresses().contains("192.0.2.100/32 dev lo"), "the VIP is still on lo: " + host.addresses());
        assertEquals("1", host.sysctl("net/ipv4/conf/all/arp_ignore"));
        // the one step done before the failure (ip addr del) was undone by the configurator
        assertEquals(List.of("ip addr del 192.0.2.100/32 dev lo", "ip addr add 192.0.2.100/32 dev lo"),
            host.record().subList(before, host.record().size()));
    }

    @Test
    @Order(13)
    void roleNoneUndoesTheRealServer() throws Exception {
        assertTrue(NetSnmp.run("snmpset", ADMIN, address, ROLE_TYPE, "i", "1").ok());
        assertEquals(List.of(), List.copyOf(host.addresses()));
        assertEquals("0", host.sysctl("net/ipv4/conf/all/arp_ignore"));
        assertEquals("INTEGER: 3", get(ROLE_STATE), "none is standby(3)");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private String get(String oid) throws Exception {
        NetSnmp.Result r = NetSnmp.run("snmpget", ADMIN, address, oid);
        assertTrue(r.ok(), r.toString());
        String line = r.out().trim();
        return line.substring(line.indexOf(" = ") + 3);
    }

    private Map<String, String> awaitValues(String subtree, java.util.function.Predicate<Map<String, String>> done)
        throws Exception {
        Map<String, String> last = Map.of();
        for (long end = System.currentTimeMillis() + 6_000; System.currentTimeMillis() < end; Thread.sleep(200)) {
            last = values(NetSnmp.run("snmpbulkwalk", ADMIN, address, subtree));
            if (done.test(last)) {
                return last;
            }
        }
        throw new AssertionError("not reached within 6 s: " + last);
    }

    static void assertError(String error, NetSnmp.Result r) {
        assertFalse(r.ok(), r.toString());
        assertTrue(r.all().contains("Reason: " + error), "expected " + error + ", got " + r);
    }

    /** "OID = TYPE: value" lines of a walk (multi-line values joined). */
    static Map<String, String> values(NetSnmp.Result r) {
        assertTrue(r.exit() == 0, r.toString());
        Map<String, String> m = new LinkedHashMap<>();
        String last = null;
        for (String line : r.out().split("\n")) {
            int eq = line.indexOf(" = ");
            if (line.startsWith(".") && eq > 0) {
                last = line.substring(0, eq);
                m.put(last, line.substring(eq + 3).trim());
            } else if (last != null && !line.isBlank() && !line.contains("No more variables")
                && !line.contains("No Such Object")) {
                m.put(last, m.get(last) + " " + line.trim());
            }
        }
        m.values().removeIf(v -> v.startsWith("No Such") || v.startsWith("No more variables"));
        return m;
    }

    /** The varbinds of one snmptrapd -Lo line: "... .OID = TYPE: value\t.OID = ...". */
    static Map<String, String> trapVarbinds(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher vb = Pattern.compile("(\\.[0-9.]+) = ([^\\t]*)").matcher(line);
        while (vb.find()) {
            m.put(vb.group(1), vb.group(2).trim());
        }
        return m;
    }

    static String text(String value) {
        assertTrue(value != null && value.startsWith("STRING: "), "not a string: " + value);
        String v = value.substring("STRING: ".length());
        return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    static String scalarOf(org.snmp4j.smi.OID object) {
        return "." + LcmsMib.scalar(object);
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Accepts and at once closes every connection to {@code server} (a real server's port for TCP checks). */
    static void acceptAndClose(java.net.ServerSocket server) {
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    server.accept().close();
                } catch (IOException e) {
                    return; // closed by the test
                }
            }
        }, "accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static AgentConfig config(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return AgentConfigParser.parse(file);
    }
}
