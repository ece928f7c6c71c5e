package org.lcms.agent.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.snmp.NetSnmp;
import org.lcms.mib.LcmsMib;
import org.snmp4j.smi.OID;

/**
 * lcmsFailoverPolicyTable on three packaged agents (load balancer, backup, real server as witness; dry-run VIP),
 * written and read with net-snmp's snmpset/snmpget: bad policies refused with their SNMP error and the reason,
 * nothing changed; a good one read back, kept across a restart of the agent (no manager anywhere), and in force:
 * with failbackDelay=never the backup keeps the VIP after the load balancer returns, well past the file's 1 s;
 * giving the setting back to the file (the empty string) lets the load balancer have it again.
 */
class FailoverPolicyIT {
    static final List<String> NAMES = List.of("lb1", "bs1", "rs1");
    static final List<String> V3 = NetSnmp.v3("lcms", "policy-auth-1", "policy-priv-1");
    static final String FILE_POLICY = "failbackDelay=1000 healthCheck=tcp interval=1000 timeout=500 rise=2 fall=2 "
        + "onFailure=remove";
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
        return "127.0.0." + (85 + i);
    }

    String agent(String name) {
        return "udp:" + address(NAMES.indexOf(name)) + ":" + snmpPort;
    }

    static String col(OID column) {
        return FailoverSwitchoverIT.col(column);
    }

    String get(String name, OID column) throws Exception {
        NetSnmp.Result r = NetSnmp.run("snmpget", V3, agent(name), "-Oqv", col(column));
        assertTrue(r.ok(), "snmpget " + column + " on " + name + ": " + r);
        String v = r.out().trim();
        return v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    NetSnmp.Result setPolicy(String name, String text) throws Exception {
        return NetSnmp.run("snmpset", V3, agent(name), col(LcmsMib.LCMS_FAILOVER_POLICY_SET), "s", text);
    }

    void awaitValue(String name, OID column, String value, long millis) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000;
        String seen = "";
        while (System.nanoTime() < end) {
            seen = get(name, column);
            if (seen.equals(value)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + ": " + column + " is '" + seen + "', not '" + value + "' after " + millis
            + " ms" + agents.logs());
    }

    static void assertError(String error, NetSnmp.Result r) {
        FailoverSwitchoverIT.assertError(error, r);
    }

    void assertUnchanged(String name) throws Exception {
        assertEquals("", get(name, LcmsMib.LCMS_FAILOVER_POLICY_SET), "nothing set on " + name);
        assertEquals(FILE_POLICY, get(name, LcmsMib.LCMS_FAILOVER_POLICY_IN_FORCE), "the file's policy on " + name);
    }

    @Test
    void aPolicyWrittenOverSnmpIsCheckedKeptAcrossARestartAndDecidesTheFailback() throws Exception {
        NetSnmp.requireTools();
        agents = new PackagedAgents(tmp, NAMES);
        List<String> all = new ArrayList<>(List.of(address(0), address(1), address(2), "127.0.0.1"));
        snmpPort = FailoverRuntimeTest.freePortOnAll(all);
        failoverPort = FailoverRuntimeTest.freePortOnAll(all);
        start("lb1");
        start("rs1");
        agents.awaitLine("lb1", "takes the VIP 10.0.0.120 at epoch", 15);
        start("bs1");
        agents.awaitLine("bs1", "lcms-agent: listening on", 15);
        awaitValue("lb1", LcmsMib.LCMS_FAILOVER_READY_MEMBERS, "lb1,bs1", 5000);
        assertUnchanged("bs1");

        // refused, nothing changed, the reason readable
        assertError("wrongValue", setPolicy("bs1", "failbackDelay=soon"));
        assertTrue(get("bs1", LcmsMib.LCMS_FAILOVER_POLICY_RESULT).contains("'failbackDelay=soon': give milliseconds "
            + "0..3600000 or never"), get("bs1", LcmsMib.LCMS_FAILOVER_POLICY_RESULT));
        assertError("wrongValue", setPolicy("bs1", "failbackDelay=never rise=0"));
        assertError("inconsistentValue", setPolicy("bs1", "healthCheck=tcp,script"));
        assertTrue(get("bs1", LcmsMib.LCMS_FAILOVER_POLICY_RESULT).contains("needs healthCheck.script"));
        assertError("inconsistentValue", setPolicy("rs1", "failbackDelay=never"));
        assertTrue(get("rs1", LcmsMib.LCMS_FAILOVER_POLICY_RESULT).contains("only a witness of cluster web"));
        assertError("wrongType", NetSnmp.run("snmpset", V3, agent("bs1"), col(LcmsMib.LCMS_FAILOVER_POLICY_SET),
            "i", "1"));
        assertError("noAccess", NetSnmp.run("snmpset", V3, agent("bs1"),
            col(LcmsMib.LCMS_FAILOVER_POLICY_IN_FORCE), "s", "rise=3"));
        assertUnchanged("bs1");

        // accepted: read back in canonical order, in force at once
        String policy = "failbackDelay=never rise=3 onFailure=drain";
        NetSnmp.Result ok = setPolicy("bs1", "onFailure=drain failbackDelay=never rise=3");
        assertTrue(ok.ok(), ok.toString());
        assertTrue(setPolicy("lb1", policy).ok());
        assertEquals(policy, get("bs1", LcmsMib.LCMS_FAILOVER_POLICY_SET));
        assertEquals("failbackDelay=never healthCheck=tcp interval=1000 timeout=500 rise=3 fall=2 onFailure=drain",
            get("bs1", LcmsMib.LCMS_FAILOVER_POLICY_IN_FORCE));
        assertTrue(Files.readString(agents.dir("bs1").resolve("state/agent-state.properties"))
            .contains("policy.web = " + policy));

        // kept across a restart of the agent, with no manager to write it again
        agents.kill("bs1");
        start("bs1");
        agents.awaitLine("bs1", "lcms-agent: listening on", 15);
        awaitValue("lb1", LcmsMib.LCMS_FAILOVER_READY_MEMBERS, "lb1,bs1", 5000);
        assertEquals(policy, get("bs1", LcmsMib.LCMS_FAILOVER_POLICY_SET));
        assertTrue(get("bs1", LcmsMib.LCMS_FAILOVER_POLICY_IN_FORCE).startsWith("failbackDelay=never "));

        // in force: the load balancer dies, bs1 takes the VIP and keeps it when the load balancer returns
        agents.kill("lb1");
        awaitValue("bs1", LcmsMib.LCMS_FAILOVER_STATE, "4", 5000);
        start("lb1");
        agents.awaitLine("lb1", "lcms-agent: listening on", 15);
        awaitValue("bs1", LcmsMib.LCMS_FAILOVER_READY_MEMBERS, "lb1,bs1", 5000);
        Thread.sleep(3000); // three times the file's fail-back delay
        assertEquals("4", get("bs1", LcmsMib.LCMS_FAILOVER_STATE), "failbackDelay=never: bs1 keeps the VIP"
            + agents.logs());
        assertEquals("bs1", get("lb1", LcmsMib.LCMS_FAILOVER_HOLDER));

        // given back to the file (1 s): the load balancer gets the VIP back
        long cleared = System.nanoTime();
        assertTrue(setPolicy("bs1", "").ok());
        assertEquals(FILE_POLICY, get("bs1", LcmsMib.LCMS_FAILOVER_POLICY_IN_FORCE));
        awaitValue("lb1", LcmsMib.LCMS_FAILOVER_STATE, "4", 5000);
        System.out.printf("fail-back %d ms after the policy went back to agent.cfg's failbackDelay = 1000 (lb1 "
            + "ready long before)%n", (System.nanoTime() - cleared) / 1_000_000);
        assertTrue(!Files.readString(agents.dir("bs1").resolve("state/agent-state.properties")).contains("policy."),
            "cleared in the state file too");
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
            "user.lcms.authPassword = policy-auth-1",
            "user.lcms.privPassword = policy-priv-1",
            "user.lcms.access = readwrite",
            "healthCheck = tcp",
            "failover.self = " + name,
            "failover.listen = " + address(i) + "/" + failoverPort,
            "failover.cluster.web.key = policy-it-cluster-key",
            "failover.cluster.web.vip = 10.0.0.120",
            "failover.cluster.web.members = " + peers.get(0) + ", " + peers.get(1),
            "failover.cluster.web.witnesses = " + peers.get(2),
            "failover.cluster.web.failbackDelay = 1000"));
    }
}
