package org.lcms.agent.snmp;

import org.lcms.mib.LcmsMib;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lcms.agent.snmp.LcmsSnmpAgentTest.ADMIN;
import static org.lcms.agent.snmp.LcmsSnmpAgentTest.assertError;
import static org.lcms.agent.snmp.LcmsSnmpAgentTest.trapVarbinds;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.lcms.agent.dispatch.RecordingDispatchTableDriver;
import org.lcms.agent.role.DryRunHostConfigurator;
import org.lcms.agent.role.HostStep;
import org.lcms.agent.state.AgentStateFile;

/**
 * The load-balancer side of the agent, driven by net-snmp's snmpset/snmpget/snmpwalk/snmpbulkwalk with a v3
 * readwrite user, notifications received by a private snmptrapd: the dispatch tables (RowStatus, every SET error),
 * real-server state changes, persistence across a restart, lcmsRoleLastError, and service state changes. One
 * agent (dry-run host and data plane) serves the tests in order; the restart test replaces it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(30)
class LoadBalancerAgentTest {
    static final String ROLE_TYPE = "." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_TYPE);
    static final String ROLE_STATE = "." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_STATE);
    static final String VIP_TYPE = "." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_VIP_ADDRESS_TYPE);
    static final String VIP = "." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_VIP_ADDRESS);
    static final String CLUSTER = "." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_CLUSTER_ID);
    static final String LAST_ERROR = "." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_LAST_ERROR);
    static final String EPOCH = "." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_TAKEOVER_EPOCH);
    static final String COMMUNITY = "trap-community-7";

    private Path state;
    private Snmptrapd trapd;
    private AgentConfig config;
    private DryRunHostConfigurator host = new DryRunHostConfigurator();
    private RecordingDispatchTableDriver driver = new RecordingDispatchTableDriver();
    private LcmsSnmpAgent agent;
    private String address;
    private ServerSocket service;
    private int servicePort;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        NetSnmp.requireTools();
        int trapPort = LcmsSnmpAgentTest.freeUdpPort();
        trapd = new Snmptrapd(Files.createDirectories(dir.resolve("trapd")), trapPort, COMMUNITY);
        service = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servicePort = service.getLocalPort();
        int port = LcmsSnmpAgentTest.freeUdpPort();
        state = dir.resolve("state");
        config = LcmsSnmpAgentTest.config(dir.resolve("agent.cfg"), """
            listen = 127.0.0.1/%d
            stateDirectory = %s
            rolePotential = lb,bs,rs
            serviceInterface = eth0
            user.admin.authPassword = admin-auth-1
            user.admin.privPassword = admin-priv-1
            user.admin.access = readwrite
            community.readonly = %s
            target.nms.address = 127.0.0.1/%d
            target.nms.community = %s
            service.web.port = %d
            """.formatted(port, state, COMMUNITY, trapPort, COMMUNITY, servicePort));
        agent = LcmsSnmpAgent.start(config, host, driver);
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
        if (service != null) {
            service.close();
        }
    }

    // ------------------------------------------------------------------------------------------ OIDs

    static String vs(int column, int vs) {
        return "." + LcmsMib.LCMS_VS_ENTRY + "." + column + "." + vs;
    }

    static String rs(int column, int vs, int rs) {
        return "." + LcmsMib.LCMS_RS_ENTRY + "." + column + "." + vs + "." + rs;
    }

    /** createAndGo of a vs row with every column, as the manager sends it. */
    static String[] createVs(int index, String hexAddress, int port) {
        return new String[] {vs(2, index), "i", "1", vs(3, index), "x", hexAddress, vs(4, index), "u",
            Integer.toString(port), vs(5, index), "i", "6", vs(6, index), "i", "4", vs(8, index), "i", "4"};
    }

    static String[] createRs(int vs, int index, String hexAddress, int port, String... more) {
        List<String> a = new ArrayList<>(List.of(rs(2, vs, index), "i", "1", rs(3, vs, index), "x", hexAddress,
            rs(4, vs, index), "u", Integer.toString(port)));
        a.addAll(List.of(more));
        a.addAll(List.of(rs(11, vs, index), "i", "4"));
        return a.toArray(String[]::new);
    }

    private NetSnmp.Result set(String... args) throws Exception {
        return NetSnmp.run("snmpset", ADMIN, address, args);
    }

    private String get(String oid) throws Exception {
        NetSnmp.Result r = NetSnmp.run("snmpget", ADMIN, address, oid);
        assertTrue(r.ok(), r.toString());
        String line = r.out().trim();
        return line.substring(line.indexOf(" = ") + 3);
    }

    private Map<String, String> walk(String subtree) throws Exception {
        return LcmsSnmpAgentTest.values(NetSnmp.run("snmpwalk", ADMIN, address, subtree));
    }

    // ------------------------------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void theTablesAreRefusedUnlessTheHostIsALoadBalancer() throws Exception {
        assertError("inconsistentValue", set(createVs(1, "C000020A", 80)));
        assertEquals(Map.of(), walk("." + LcmsMib.LCMS_LOAD_BALANCER), "nothing created");
        assertEquals(List.of(), driver.record());
    }

    @Test
    @Order(2)
    void aLoadBalancerCreatesVirtualServicesAndRealServersWithCreateAndGo() throws Exception {
        NetSnmp.Result role = set(VIP_TYPE, "i", "1", VIP, "x", "C000020A", CLUSTER, "s", "www", ROLE_TYPE, "i", "2");
        assertTrue(role.ok(), role.toString());
        assertEquals(List.of("ip addr add 192.0.2.10/32 dev eth0"), host.record());

        NetSnmp.Result vs = set(createVs(1, "C000020A", 80));
        assertTrue(vs.ok(), vs.toString());
        // a real server with its defaults (weight 100, up) and one with all columns, in one request
        List<String> both = new ArrayList<>(List.of(createRs(1, 1, "0A000001", 80)));
        both.addAll(List.of(createRs(1, 2, "0A000002", 80, rs(5, 1, 2), "u", "50", rs(6, 1, 2), "i", "1")));
        NetSnmp.Result rss = set(both.toArray(String[]::new));
        assertTrue(rss.ok(), rss.toString());

        assertEquals("INTEGER: 1", get(vs(8, 1)), "lcmsVsRowStatus active(1)");
        assertEquals("Gauge32: 80", get(vs(4, 1)));
        assertEquals("INTEGER: 4", get(vs(6, 1)), "wlc");
        assertEquals("Gauge32: 100", get(rs(5, 1, 1)), "DEFVAL weight");
        assertEquals("INTEGER: 1", get(rs(6, 1, 1)), "DEFVAL status up");
        assertEquals("Gauge32: 50", get(rs(5, 1, 2)));
        assertEquals("Gauge32: 0", get(rs(7, 1, 1)), "active connections from the dry-run driver");
        assertTrue(get(rs(9, 1, 1)).startsWith("Timeticks: ("), "lcmsRsLastChange set at creation");
        assertEquals(List.of("ipvsadm -A -t 192.0.2.10:80 -s wlc",
            "ipvsadm -a -t 192.0.2.10:80 -r 10.0.0.1:80 -g -w 100",
            "ipvsadm -a -t 192.0.2.10:80 -r 10.0.0.2:80 -g -w 50"), driver.record());

        // a bulk walk sees two rows with their thirteen readable columns, in index order
        Map<String, String> rows = LcmsSnmpAgentTest.values(NetSnmp.run("snmpbulkwalk", ADMIN, address,
            "." + LcmsMib.LCMS_RS_TABLE));
        assertEquals(26, rows.size(), rows.toString());
        // no health checks on this agent: the effective columns read as set
        assertEquals("INTEGER: 1", rows.get(rs(12, 1, 2)), "lcmsRsEffectiveStatus");
        assertEquals("Gauge32: 50", rows.get(rs(13, 1, 2)), "lcmsRsEffectiveWeight");
        assertEquals("\"\"", rows.get(rs(14, 1, 2)), "lcmsRsHealthReason");
        assertEquals(List.of(rs(2, 1, 1), rs(2, 1, 2)), List.copyOf(rows.keySet()).subList(0, 2));
    }

    @Test
    @Order(3)
    void everyBadValueGetsItsError() throws Exception {
        int before = driver.record().size();
        assertError("wrongLength", set(createRs(1, 3, "0A00000300", 80)));            // 5 octets
        assertError("inconsistentValue", set(createRs(1, 3, "20010DB8000000000000000000000003", 80))); // ipv4 + 16
        assertError("wrongValue", set(createVs(2, "C000020A", 0)));                    // port 0
        assertError("wrongValue", set(createRs(1, 3, "0A000003", 80, rs(5, 1, 3), "u", "65536")));
        assertError("wrongValue", set(vs(5, 1), "i", "7"));                            // protocol
        assertError("wrongValue", set(vs(6, 1), "i", "6"));                            // scheduler
        assertError("wrongValue", set(rs(6, 1, 1), "i", "4"));                         // status
        assertError("wrongValue", set(vs(8, 1), "i", "3"));                            // notReady cannot be set
        assertError("wrongType", set(vs(4, 1), "s", "80"));
        assertError("inconsistentName", set(createRs(9, 1, "0A000003", 80)));          // no vs 9
        assertError("inconsistentValue", set(createRs(1, 3, "0A000001", 80)));         // duplicate of 1.1
        assertError("inconsistentValue", set(createRs(1, 3, "0A000003", 8080)));       // DR keeps the port
        assertError("inconsistentValue", set(createVs(1, "C000020B", 81)));            // createAndGo on an existing row
        assertError("inconsistentValue", set(vs(4, 2), "u", "80", vs(8, 2), "i", "4")); // missing columns
        assertError("inconsistentValue", set(vs(4, 1), "u", "81"));                    // port of an active row
        assertError("notWritable", set(rs(10, 1, 1), "u", "5"));                       // lcmsRsStatusChanges
        assertError("noCreation", set(createVs(0, "C000020A", 80)));                   // index 0
        assertError("noCreation", set(vs(8, 70000), "i", "4"));                        // index > 65535
        assertEquals(before, driver.record().size(), "no refused request reached the data plane");
        assertEquals(2, walk("." + LcmsMib.LCMS_RS_ENTRY + ".11").size(), "still two real servers");
    }

    @Test
    @Order(4)
    void createAndWaitThenActiveAndNotInService() throws Exception {
        assertTrue(set(rs(11, 1, 3), "i", "5").ok(), "createAndWait with nothing set");
        assertEquals("INTEGER: 3", get(rs(11, 1, 3)), "notReady(3)");
        assertError("inconsistentValue", set(rs(11, 1, 3), "i", "1"));                 // still incomplete
        NetSnmp.Result complete = set(rs(2, 1, 3), "i", "1", rs(3, 1, 3), "x", "0A000003", rs(4, 1, 3), "u", "80");
        assertTrue(complete.ok(), complete.toString());
        assertEquals("INTEGER: 2", get(rs(11, 1, 3)), "complete: notInService(2), not in the data plane");
        assertTrue(driver.applied().realServer(1, 3).isEmpty());
        assertTrue(set(rs(11, 1, 3), "i", "1").ok());
        assertEquals("INTEGER: 1", get(rs(11, 1, 3)));
        assertEquals("ipvsadm -a -t 192.0.2.10:80 -r 10.0.0.3:80 -g -w 100", last());
        assertTrue(set(rs(11, 1, 3), "i", "6").ok(), "destroy");
        assertEquals("ipvsadm -d -t 192.0.2.10:80 -r 10.0.0.3:80", last());
        assertEquals("No Such Instance currently exists at this OID", get(rs(11, 1, 3)));
    }

    @Test
    @Order(5)
    void statusAndWeightChangesAreAppliedCountedAndNotified() throws Exception {
        NetSnmp.Result drain = set(rs(6, 1, 1), "i", "3");
        assertTrue(drain.ok(), drain.toString());
        assertEquals("ipvsadm -e -t 192.0.2.10:80 -r 10.0.0.1:80 -g -w 0", last());
        assertEquals("Counter32: 1", get(rs(10, 1, 1)));
        String trap = trapd.awaitLine(l -> l.contains("OID: ." + LcmsMib.LCMS_REAL_SERVER_STATE_CHANGE),
            5_000, "no lcmsRealServerStateChange");
        Map<String, String> vbs = trapVarbinds(trap);
        assertEquals(13 + 2, vbs.size(), "sysUpTime, snmpTrapOID and the 13 objects of the MIB: " + trap);
        assertEquals("STRING: \"www\"", vbs.get(CLUSTER), trap);
        assertEquals("Gauge32: 80", vbs.get(vs(4, 1)), trap);
        assertEquals("INTEGER: 6", vbs.get(vs(5, 1)), trap);
        assertTrue(vbs.get(rs(3, 1, 1)).replace(" ", "").contains("0A000001"), trap);
        assertEquals("INTEGER: 3", vbs.get(rs(6, 1, 1)), "draining " + trap);
        assertEquals("INTEGER: 1", vbs.get("." + LcmsMib.scalar(LcmsMib.LCMS_NOTIF_PREVIOUS_RS_STATUS)), trap);
        assertEquals("Counter32: 1", vbs.get(rs(10, 1, 1)), trap);
        assertEquals("STRING: \"set by manager\"", vbs.get("." + LcmsMib.scalar(LcmsMib.LCMS_NOTIF_REASON)), trap);

        assertTrue(set(rs(6, 1, 1), "i", "2").ok(), "down");
        assertEquals("ipvsadm -d -t 192.0.2.10:80 -r 10.0.0.1:80", last());
        assertTrue(set(rs(6, 1, 1), "i", "1", rs(5, 1, 1), "u", "70").ok(), "up with a new weight");
        assertEquals("ipvsadm -a -t 192.0.2.10:80 -r 10.0.0.1:80 -g -w 70", last());
        assertEquals("Counter32: 3", get(rs(10, 1, 1)));
        trapd.awaitLine(l -> l.contains(rs(6, 1, 1) + " = INTEGER: 1") && l.contains(rs(10, 1, 1) + " = Counter32: 3"),
            5_000, "no lcmsRealServerStateChange back to up");
        assertTrue(set(rs(5, 1, 2), "u", "60").ok(), "a weight change alone");
        assertEquals("ipvsadm -e -t 192.0.2.10:80 -r 10.0.0.2:80 -g -w 60", last());
        assertEquals("Counter32: 0", get(rs(10, 1, 2)), "a weight change is no status change");
        assertTrue(set(vs(6, 1), "i", "1").ok(), "the scheduler changes while active");
        assertEquals("ipvsadm -E -t 192.0.2.10:80 -s rr", last());
    }

    @Test
    @Order(6)
    void roleAndTablesSurviveARestartAndAreAppliedAgain() throws Exception {
        String before = walk("." + LcmsMib.LCMS_VS_ENTRY + ".8") + " " + walk("." + LcmsMib.LCMS_RS_ENTRY + ".5");
        agent.close();
        assertTrue(Files.readString(state.resolve(AgentStateFile.NAME)).contains("rs.1.1 = 10.0.0.1 80 70 UP"));
        host = new DryRunHostConfigurator();
        driver = new RecordingDispatchTableDriver();
        agent = LcmsSnmpAgent.start(config, host, driver);
        assertEquals(List.of("ip addr add 192.0.2.10/32 dev eth0"), host.record(), "the VIP put back on eth0");
        assertEquals(List.of("ipvsadm -A -t 192.0.2.10:80 -s rr",
            "ipvsadm -a -t 192.0.2.10:80 -r 10.0.0.1:80 -g -w 70",
            "ipvsadm -a -t 192.0.2.10:80 -r 10.0.0.2:80 -g -w 60"), driver.record(), "the table put back");
        assertEquals("INTEGER: 2", get(ROLE_TYPE));
        assertEquals("INTEGER: 4", get(ROLE_STATE));
        assertEquals("STRING: \"www\"", get(CLUSTER));
        assertEquals("Gauge32: 0", get(EPOCH), "the kept epoch (no takeover yet)");
        assertEquals(before, walk("." + LcmsMib.LCMS_VS_ENTRY + ".8") + " " + walk("." + LcmsMib.LCMS_RS_ENTRY + ".5"));
        assertEquals("Counter32: 0", get(rs(10, 1, 1)), "counters start again with the agent (LCMS-MIB)");
    }

    @Test
    @Order(7)
    void destroyingAVirtualServiceDestroysItsRealServers() throws Exception {
        assertTrue(set(createVs(2, "C000020A", 443)).ok());
        assertTrue(set(createRs(2, 1, "0A000001", 443)).ok());
        assertTrue(set(vs(8, 1), "i", "6").ok());
        assertEquals("ipvsadm -D -t 192.0.2.10:80", last());
        Map<String, String> rows = walk("." + LcmsMib.LCMS_RS_ENTRY + ".11");
        assertEquals(List.of(rs(11, 2, 1)), List.copyOf(rows.keySet()), "only vs 2's real server is left");
    }

    @Test
    @Order(8)
    void aFailedRoleChangeSaysWhyInLastErrorUntilTheNextSuccess() throws Exception {
        host.failWhen(step -> step instanceof HostStep.RemoveAddress);
        try {
            assertError("commitFailed", set(ROLE_TYPE, "i", "4"));
        } finally {
            host.failWhen(step -> false);
        }
        String error = get(LAST_ERROR);
        assertTrue(error.contains("REAL_SERVER not applied") && error.contains("ip addr del 192.0.2.10/32 dev eth0")
            && error.contains("simulated failure"), error);
        assertEquals("INTEGER: 2", get(ROLE_TYPE), "still a load balancer");
        assertEquals("INTEGER: 4", get(ROLE_STATE));
        assertTrue(set(vs(6, 2), "i", "2").ok(), "and its table is still writable");

        assertTrue(set(ROLE_TYPE, "i", "1").ok(), "role none succeeds");
        assertEquals("\"\"", get(LAST_ERROR), "cleared (net-snmp prints an empty string as \"\")");
        assertEquals(Map.of(), walk("." + LcmsMib.LCMS_LOAD_BALANCER), "role none: empty dispatch table");
        assertEquals("ipvsadm -D -t 192.0.2.10:443", last());
    }

    @Test
    @Order(9)
    void aServiceGoingDownAndUpIsNotified() throws Exception {
        String status = "." + LcmsMib.LCMS_SERVICE_STATUS + ".1";
        String notification = "OID: ." + LcmsMib.LCMS_SERVICE_STATE_CHANGE;
        trapd.awaitLine(l -> l.contains(notification) && l.contains(status + " = INTEGER: 1"), 6_000,
            "no lcmsServiceStateChange to up for the listening port");
        service.close();
        String down = trapd.awaitLine(l -> l.contains(notification) && l.contains(status + " = INTEGER: 2"), 6_000,
            "no lcmsServiceStateChange to down after the listener closed");
        Map<String, String> vbs = trapVarbinds(down);
        assertEquals(8 + 2, vbs.size(), down);
        assertEquals("INTEGER: 1", vbs.get("." + LcmsMib.scalar(LcmsMib.LCMS_NOTIF_PREVIOUS_SERVICE_STATUS)), down);
        assertEquals("STRING: \"web\"", vbs.get("." + LcmsMib.LCMS_SERVICE_NAME + ".1"), down);
        assertEquals("Gauge32: " + servicePort, vbs.get("." + LcmsMib.LCMS_SERVICE_PORT + ".1"), down);
        assertTrue(vbs.get("." + LcmsMib.scalar(LcmsMib.LCMS_NOTIF_REASON)).contains("127.0.0.1:" + servicePort), down);
        service = new ServerSocket(servicePort, 50, InetAddress.getLoopbackAddress());
        trapd.awaitLine(l -> l.contains(notification) && l.contains(status + " = INTEGER: 1")
                && l.contains(LcmsMib.scalar(LcmsMib.LCMS_NOTIF_PREVIOUS_SERVICE_STATUS) + " = INTEGER: 2"), 6_000,
            "no lcmsServiceStateChange back to up after the listener reopened");
    }

    @Test
    @Order(10)
    void aStandbyBackupKeepsTheTableAndDispatchesItOnlyWhileTheFailoverHasTheVip() throws Exception {
        String rank = "." + LcmsMib.scalar(LcmsMib.LCMS_ROLE_BACKUP_RANK);
        NetSnmp.Result role = set(VIP_TYPE, "i", "1", VIP, "x", "C000020A", CLUSTER, "s", "www", rank, "u", "1",
            ROLE_TYPE, "i", "3");
        assertTrue(role.ok(), role.toString());
        assertEquals("INTEGER: 3", get(ROLE_STATE), "a backup server watches: standby(3)");
        assertTrue(driver.applied().isEmpty(), "a standby dispatches nothing: " + driver.applied());
        // the manager may write a standby's table (it must have it when the failover makes it active, with the
        // manager possibly down then)
        assertTrue(walk("." + LcmsMib.LCMS_VS_TABLE).isEmpty(), "the earlier tests left no rows");
        NetSnmp.Result vs = set(createVs(1, "C000020A", 80));
        assertTrue(vs.ok(), "a standby backup takes table writes: " + vs);
        NetSnmp.Result rs = set(createRs(1, 1, "0A000001", 80, rs(5, 1, 1), "u", "33"));
        assertTrue(rs.ok(), rs.toString());
        assertEquals("Gauge32: 33", get(rs(5, 1, 1)), "kept");
        assertTrue(driver.applied().isEmpty(), "and still dispatches nothing: " + driver.applied());

        agent.failoverChanged("www", InetAddress.getByName("192.0.2.10"), 1, 9, true, "test: the LB is gone");
        assertEquals("INTEGER: 4", get(ROLE_STATE), "active(4) while it holds the VIP");
        assertEquals("Gauge32: 9", get(EPOCH));
        assertTrue(driver.applied().realServers().stream().anyMatch(r -> r.weight() == 33),
            "it dispatches the table it kept, with the weight written while standby: " + driver.applied());
        trapd.awaitLine(l -> l.contains("OID: ." + LcmsMib.LCMS_BACKUP_TAKEOVER + "\t")
            && l.contains("test: the LB is gone"), 6_000, "no lcmsBackupTakeover");

        agent.failoverChanged("www", InetAddress.getByName("192.0.2.10"), 1, 10, false, "handed back to lb (test)");
        assertEquals("INTEGER: 3", get(ROLE_STATE), "standby again");
        assertTrue(driver.applied().isEmpty(), "no longer dispatching: " + driver.applied());
        trapd.awaitLine(l -> l.contains("OID: ." + LcmsMib.LCMS_BACKUP_HAND_BACK + "\t"), 6_000,
            "no lcmsBackupHandBack");

        agent.failoverChanged("other", InetAddress.getByName("192.0.2.99"), 1, 11, true, "another cluster");
        assertEquals("INTEGER: 3", get(ROLE_STATE), "another cluster's VIP does not make this backup active");
    }

    private String last() {
        List<String> r = driver.record();
        return r.isEmpty() ? "" : r.get(r.size() - 1);
    }
}
