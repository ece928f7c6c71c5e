package org.lcms.agent.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.snmp.NetSnmp;
import org.lcms.mib.LcmsMib;
import org.snmp4j.smi.OID;

/**
 * lcmsFailoverTable on three packaged agents (load balancer, backup, real server; dry-run VIP), read and written
 * with net-snmp's snmpget/snmpset over SNMPv3 authPriv: each agent's view of the election, the operator's
 * hand-over lb1 -> bs1 (bs1 then keeps the VIP past the fail-back delay) and back, and every bad write refused
 * with its SNMP error and the reason in lcmsFailoverHandOverResult, the VIP staying where it was.
 */
class FailoverSwitchoverIT {
    static final List<String> NAMES = List.of("lb1", "bs1", "rs1");
    static final List<String> V3 = NetSnmp.v3("lcms", "switch-auth-1", "switch-priv-1");
    @TempDir
    Path tmp;
    PackagedAgents agents;
    int snmpPort;
    int failoverPort;

    @AfterEach
    void stop() {
        if (agents != null) {
            agents.close();
        }
    }

    static String address(int i) {
        return "127.0.0." + (95 + i);
    }

    String agent(String name) {
        return "udp:" + address(NAMES.indexOf(name)) + ":" + snmpPort;
    }

    static String col(OID column) {
        return "." + column + ".1";
    }

    String get(String name, OID column) throws Exception {
        NetSnmp.Result r = NetSnmp.run("snmpget", V3, agent(name), "-Oqv", col(column));
        assertTrue(r.ok(), "snmpget " + column + " on " + name + ": " + r);
        return r.out().trim().replace("\"", "");
    }

    NetSnmp.Result set(String name, String oid, String type, String value) throws Exception {
        return NetSnmp.run("snmpset", V3, agent(name), oid, type, value);
    }

    void awaitValue(String name, OID column, String value, long millis) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        String seen = "";
        while (System.nanoTime() < end) {
            seen = get(name, column);
            if (seen.equals(value)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + ": " + column + " is '" + seen + "', not '" + value + "' after " + millis
            + " ms" + logs());
    }

    static void assertError(String error, NetSnmp.Result r) {
        assertTrue(!r.ok() && r.all().contains(error), "expected " + error + ": " + r);
    }

    @Test
    void theOperatorHandsTheVipOverThroughTheHolderAndBadWritesChangeNothing() throws Exception {
        NetSnmp.requireTools();
        agents = new PackagedAgents(tmp, NAMES);
        List<String> all = new ArrayList<>(List.of(address(0), address(1), address(2), "127.0.0.1"));
        snmpPort = FailoverRuntimeTest.freePortOnAll(all);
        failoverPort = FailoverRuntimeTest.freePortOnAll(all);
        start("lb1");
        start("rs1");
        awaitLine("lb1", "takes the VIP 10.0.0.110 at epoch", 15);
        start("bs1");
        awaitLine("bs1", "lcms-agent: listening on", 15);
        awaitValue("lb1", LcmsMib.LCMS_FAILOVER_READY_MEMBERS, "lb1,bs1", 5000);

        // what each agent decided
        assertEquals("web", get("lb1", LcmsMib.LCMS_FAILOVER_CLUSTER));
        assertEquals("0", get("lb1", LcmsMib.LCMS_FAILOVER_RANK));
        assertEquals("4", get("lb1", LcmsMib.LCMS_FAILOVER_STATE), "holder(4)");
        assertEquals("lb1", get("lb1", LcmsMib.LCMS_FAILOVER_HOLDER));
        long epoch = Long.parseLong(get("lb1", LcmsMib.LCMS_FAILOVER_EPOCH));
        assertTrue(epoch >= 1, "epoch " + epoch);
        long lease = Long.parseLong(get("lb1", LcmsMib.LCMS_FAILOVER_LEASE_REMAINING));
        assertTrue(lease > 0 && lease <= 120, "the holder's lease runs: " + lease + " ms");
        assertEquals("3", get("lb1", LcmsMib.LCMS_FAILOVER_WITNESSES));
        assertEquals("3", get("lb1", LcmsMib.LCMS_FAILOVER_REACH));
        assertEquals("1", get("bs1", LcmsMib.LCMS_FAILOVER_RANK));
        assertEquals("2", get("bs1", LcmsMib.LCMS_FAILOVER_STATE), "standby(2)");
        assertEquals("lb1", get("bs1", LcmsMib.LCMS_FAILOVER_HOLDER), "bs1 sees lb1 holding");
        assertEquals("0", get("bs1", LcmsMib.LCMS_FAILOVER_LEASE_REMAINING));
        assertEquals("-1", get("rs1", LcmsMib.LCMS_FAILOVER_RANK), "rs1 is only a witness");
        assertEquals("1", get("rs1", LcmsMib.LCMS_FAILOVER_STATE), "witness(1)");

        // bad writes: the SNMP error, the reason where one is needed, and the VIP stays with lb1
        String handOver = col(LcmsMib.LCMS_FAILOVER_HAND_OVER_TO);
        assertError("inconsistentValue", set("lb1", handOver, "s", "rs1"));
        assertEquals("refused: rs1 is not a load balancer or backup of web (members: lb1, bs1)",
            get("lb1", LcmsMib.LCMS_FAILOVER_HAND_OVER_RESULT));
        assertError("inconsistentValue", set("lb1", handOver, "s", "lb1"));
        assertError("inconsistentValue", set("bs1", handOver, "s", "lb1"));
        assertEquals("refused: bs1 does not hold the VIP of web (it is standby); ask the holder, lb1",
            get("bs1", LcmsMib.LCMS_FAILOVER_HAND_OVER_RESULT));
        assertError("inconsistentValue", set("rs1", handOver, "s", "bs1"));
        assertError("wrongLength", set("lb1", handOver, "s", ""));
        assertError("wrongValue", set("lb1", handOver, "s", "bs 1"));
        assertError("wrongType", set("lb1", handOver, "i", "2"));
        assertError("noAccess", set("lb1", col(LcmsMib.LCMS_FAILOVER_HOLDER), "s", "bs1")); // outside the write view
        assertError("noCreation", set("lb1", "." + LcmsMib.LCMS_FAILOVER_HAND_OVER_TO + ".2", "s", "bs1"));
        Thread.sleep(300);
        assertEquals("lb1", get("lb1", LcmsMib.LCMS_FAILOVER_HOLDER));
        assertEquals(String.valueOf(epoch), get("lb1", LcmsMib.LCMS_FAILOVER_EPOCH), "no epoch used up");
        assertEquals(0, count("bs1", "takes the VIP"), logs());

        // the switchover: lb1 hands the VIP to bs1, which keeps it past the fail-back delay (1 s)
        long asked = System.nanoTime();
        NetSnmp.Result ok = set("lb1", handOver, "s", "bs1");
        assertTrue(ok.ok(), ok.toString());
        awaitValue("bs1", LcmsMib.LCMS_FAILOVER_STATE, "4", 3000);
        System.out.printf("switchover over SNMP: bs1 holds the VIP %d ms after the snmpset to lb1 was started "
            + "(includes two net-snmp processes)%n", (System.nanoTime() - asked) / 1_000_000);
        assertEquals(String.valueOf(epoch + 1), get("bs1", LcmsMib.LCMS_FAILOVER_EPOCH), "the next epoch");
        assertEquals("1", get("bs1", LcmsMib.LCMS_FAILOVER_PINNED), "pinned: true(1)");
        awaitLine("lb1", "handed over to bs1 (the operator's switchover)", 5);
        assertTrue(get("lb1", LcmsMib.LCMS_FAILOVER_HAND_OVER_RESULT).startsWith("accepted: handing the VIP of web "
            + "to bs1"));
        Thread.sleep(2000);
        assertEquals("bs1", get("lb1", LcmsMib.LCMS_FAILOVER_HOLDER), "lb1 sees bs1 holding" + logs());
        assertEquals("4", get("bs1", LcmsMib.LCMS_FAILOVER_STATE), "no fail-back after a switchover" + logs());

        // and back
        assertTrue(set("bs1", handOver, "s", "lb1").ok());
        awaitValue("lb1", LcmsMib.LCMS_FAILOVER_STATE, "4", 3000);
        assertEquals(String.valueOf(epoch + 2), get("lb1", LcmsMib.LCMS_FAILOVER_EPOCH));
        assertEquals("2", get("lb1", LcmsMib.LCMS_FAILOVER_PINNED), "handed up the chain: not pinned");
    }

    void start(String name) throws Exception {
        int i = NAMES.indexOf(name);
        List<String> peers = new ArrayList<>();
        for (int j = 0; j < NAMES.size(); j++) {
            peers.add(NAMES.get(j) + "@" + address(j) + "/" + failoverPort);
        }
        agents.start(name, List.of(
            "listen = " + address(i) + "/" + snmpPort,
            "stateDirectory = " + agents.dir(name).resolve("state"),
            "configurator = dry-run",
            "user.lcms.authPassword = switch-auth-1",
            "user.lcms.privPassword = switch-priv-1",
            "user.lcms.access = readwrite",
            "failover.self = " + name,
            "failover.listen = " + address(i) + "/" + failoverPort,
            "failover.cluster.web.key = switchover-it-cluster-key",
            "failover.cluster.web.vip = 10.0.0.110",
            "failover.cluster.web.members = " + peers.get(0) + ", " + peers.get(1),
            "failover.cluster.web.witnesses = " + peers.get(2),
            "failover.cluster.web.failbackDelay = 1000"));
    }

    void awaitLine(String name, String text, int seconds) throws Exception {
        agents.awaitLine(name, text, seconds);
    }

    long count(String name, String text) throws Exception {
        return agents.count(name, text);
    }

    String logs() throws Exception {
        return agents.logs();
    }
}
