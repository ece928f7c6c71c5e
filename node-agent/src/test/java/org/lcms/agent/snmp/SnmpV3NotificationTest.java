package org.lcms.agent.snmp;

import org.lcms.mib.LcmsMib;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lcms.agent.snmp.LcmsSnmpAgentTest.ROLE_STATE;
import static org.lcms.agent.snmp.LcmsSnmpAgentTest.ROLE_TYPE;
import static org.lcms.agent.snmp.LcmsSnmpAgentTest.ROOT;
import static org.lcms.agent.snmp.LcmsSnmpAgentTest.VIP;
import static org.lcms.agent.snmp.LcmsSnmpAgentTest.VIP_TYPE;
import static org.lcms.agent.snmp.LcmsSnmpAgentTest.scalarOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.role.DryRunHostConfigurator;
import org.snmp4j.cfg.EngineBootsCounterFile;
import org.snmp4j.smi.OctetString;

/**
 * SNMPv3 notifications (authPriv, SHA-256/AES-128) to a private net-snmp snmptrapd that authenticates them:
 * TRAPs, where the agent is the authoritative engine (snmptrapd must know the agent's engine ID and the user's
 * keys for it), and INFORMs, where snmptrapd is authoritative (the agent must discover snmptrapd's engine ID and
 * localize the user for it: AccessPolicy's engine-less, outgoing-only USM entry).
 */
@Timeout(30)
class SnmpV3NotificationTest {
    static final String SNMP_TRAP_OID = ".1.3.6.1.6.3.1.1.4.1.0";
    static final String AGENT_START = ROOT + ".0.1";
    static final String ROLE_CHANGE = ROOT + ".0.2";
    static final String AUTH = "lcms-auth-pass-1";
    static final String PRIV = "lcms-priv-pass-1";

    @BeforeAll
    static void tools() {
        NetSnmp.requireTools();
    }

    /**
     * The agent's traps are logged by an snmptrapd that accepts only user lcms at authPriv with the agent's engine
     * ID and the configured keys; traps from agents with the same engine ID and user name but other keys are not.
     */
    @Test
    void v3TrapsAreAuthenticatedByTheReceiver(@TempDir Path dir) throws Exception {
        int trapPort = LcmsSnmpAgentTest.freeUdpPort();
        // The engine ID the agent will use, put into its state directory the way the agent keeps it.
        OctetString engineId = seedEngineId(dir.resolve("state-a"));
        String engine = "0x" + HexFormat.of().formatHex(engineId.getValue());
        try (Snmptrapd trapd = new Snmptrapd(Files.createDirectories(dir.resolve("trapd")), trapPort, List.of(
            "createUser -e " + engine + " lcms SHA-256 " + AUTH + " AES " + PRIV,
            "authUser log,execute lcms priv"))) {
            int port = LcmsSnmpAgentTest.freeUdpPort();
            try (LcmsSnmpAgent agent = LcmsSnmpAgent.start(config(dir, "a", port, trapPort, "trap", AUTH, PRIV),
                new DryRunHostConfigurator())) {
                assertEquals(engineId, agent.engineId(), "the agent took the engine ID from its state directory");
                String start = trapd.awaitLine(l -> l.contains("OID: " + AGENT_START), 5_000,
                    "no authenticated SNMPv3 lcmsAgentStart");
                Map<String, String> vbs = LcmsSnmpAgentTest.trapVarbinds(start);
                assertEquals("OID: " + AGENT_START, vbs.get(SNMP_TRAP_OID), start);
                assertEquals("INTEGER: 1", vbs.get(ROLE_TYPE), "role none: " + start);
                assertEquals("STRING: \"" + AgentVersion.VERSION + "\"",
                    vbs.get(scalarOf(LcmsMib.LCMS_AGENT_VERSION)), start);
                assertTrue(vbs.containsKey(scalarOf(LcmsMib.LCMS_HOST_NAME)), start);

                // Same engine ID and user name, wrong keys: wrong auth key (HMAC fails), then right auth key
                // and wrong priv key (decrypts to garbage). Both agents send their lcmsAgentStart before close().
                List<List<String>> wrongKeys = List.of(List.of("wrong-auth-pass", PRIV),
                    List.of(AUTH, "wrong-priv-pass"));
                for (int i = 0; i < wrongKeys.size(); i++) {
                    List<String> keys = wrongKeys.get(i);
                    String name = "impostor" + i;
                    seedEngineId(dir.resolve("state-" + name), engineId);
                    try (LcmsSnmpAgent impostor = LcmsSnmpAgent.start(config(dir, name,
                        LcmsSnmpAgentTest.freeUdpPort(), trapPort, "trap", keys.get(0), keys.get(1)),
                        new DryRunHostConfigurator())) {
                        assertEquals(engineId, impostor.engineId());
                    }
                }

                // A role SET on the real agent: its lcmsRoleChange is sent after the impostors' traps, so once
                // it is logged, snmptrapd has processed (and dropped) theirs.
                NetSnmp.Result set = NetSnmp.run("snmpset", NetSnmp.v3("lcms", AUTH, PRIV),
                    "udp:127.0.0.1:" + port, VIP_TYPE, "i", "1", VIP, "x", "C0000264",
                    scalarOf(LcmsMib.LCMS_ROLE_CLUSTER_ID), "s", "www", ROLE_TYPE, "i", "4");
                assertTrue(set.ok(), set.toString());
                String change = trapd.awaitLine(l -> l.contains("OID: " + ROLE_CHANGE), 5_000,
                    "no authenticated SNMPv3 lcmsRoleChange");
                vbs = LcmsSnmpAgentTest.trapVarbinds(change);
                assertEquals("OID: " + ROLE_CHANGE, vbs.get(SNMP_TRAP_OID), change);
                assertEquals("INTEGER: 4", vbs.get(ROLE_TYPE), change);
                assertEquals("INTEGER: 4", vbs.get(ROLE_STATE), "active: " + change);
                assertEquals("INTEGER: 1", vbs.get(scalarOf(LcmsMib.LCMS_NOTIF_PREVIOUS_ROLE_TYPE)), change);
                assertEquals("STRING: \"www\"", vbs.get(scalarOf(LcmsMib.LCMS_ROLE_CLUSTER_ID)), change);
                assertEquals("STRING: \"set by manager\"", vbs.get(scalarOf(LcmsMib.LCMS_NOTIF_REASON)), change);

                assertEquals(1, trapd.lines(l -> l.contains("OID: " + AGENT_START)).size(),
                    "only the real agent's lcmsAgentStart is accepted: " + trapd.lines(l -> true));
            }
        }
    }

    /**
     * INFORMs: snmptrapd is authoritative and knows user lcms only for its own engine ID. The agent discovers that
     * engine ID, localizes the user's keys for it and sends; snmptrapd accepts and acknowledges each inform once
     * (an unacknowledged inform would be sent again after the target's 1.5 s timeout and logged twice; snmptrapd
     * -d also logs each packet it receives and sends).
     */
    @Test
    void v3InformsDiscoverTheReceiversEngineId(@TempDir Path dir) throws Exception {
        int trapPort = LcmsSnmpAgentTest.freeUdpPort();
        try (Snmptrapd trapd = new Snmptrapd(Files.createDirectories(dir.resolve("trapd")), trapPort, List.of(
            "createUser lcms SHA-256 " + AUTH + " AES " + PRIV,
            "authUser log lcms priv"), "-d")) {
            int port = LcmsSnmpAgentTest.freeUdpPort();
            try (LcmsSnmpAgent agent = LcmsSnmpAgent.start(config(dir, "a", port, trapPort, "inform", AUTH, PRIV),
                new DryRunHostConfigurator())) {
                String start = trapd.awaitLine(l -> l.contains("OID: " + AGENT_START), 5_000,
                    "no authenticated SNMPv3 lcmsAgentStart inform");
                assertEquals("INTEGER: 1", LcmsSnmpAgentTest.trapVarbinds(start).get(ROLE_TYPE), start);

                NetSnmp.Result set = NetSnmp.run("snmpset", NetSnmp.v3("lcms", AUTH, PRIV),
                    "udp:127.0.0.1:" + port, VIP_TYPE, "i", "1", VIP, "x", "C0000264", ROLE_TYPE, "i", "4");
                assertTrue(set.ok(), set.toString());
                String change = trapd.awaitLine(l -> l.contains("OID: " + ROLE_CHANGE), 5_000,
                    "no authenticated SNMPv3 lcmsRoleChange inform");
                assertEquals("INTEGER: 4", LcmsSnmpAgentTest.trapVarbinds(change).get(ROLE_TYPE), change);

                // Longer than the 1.5 s timeout of the target: a retry would have arrived by now.
                Thread.sleep(2_000);
                assertEquals(1, trapd.lines(l -> l.contains("OID: " + AGENT_START)).size(),
                    "lcmsAgentStart acknowledged, not resent: " + trapd.lines(l -> true));
                assertEquals(1, trapd.lines(l -> l.contains("OID: " + ROLE_CHANGE)).size(),
                    "lcmsRoleChange acknowledged, not resent: " + trapd.lines(l -> true));
                // -d: every packet snmptrapd got was answered, and nothing else came (RFC 3414 discovery):
                // the probe with no engine ID -> report usmStatsUnknownEngineIDs (snmptrapd's engine ID);
                // lcmsAgentStart with engine time 0 -> authenticated report usmStatsNotInTimeWindows (its
                // boots/time); lcmsAgentStart again -> response; lcmsRoleChange -> response. A timeout retry
                // would add a packet received.
                List<String> received = trapd.lines(l -> l.startsWith("Received "));
                List<String> sent = trapd.lines(l -> l.startsWith("Sending "));
                assertEquals(4, received.size(), "probe + time sync + 2 informs: " + received);
                assertEquals(4, sent.size(), "2 reports + 2 responses: " + sent);
                // The user's two configured entries (localized for the agent's engine; engine-less, outgoing
                // only) plus the one snmp4j localized for snmptrapd's engine ID, reused for the second inform.
                assertEquals(3, agent.usmEntries(), "USM entries after informs to one receiver");
            }
        }
    }

    static AgentConfig config(Path dir, String name, int port, int trapPort, String type, String auth, String priv)
        throws Exception {
        return LcmsSnmpAgentTest.config(dir.resolve("agent-" + name + ".cfg"), """
            listen = 127.0.0.1/%d
            stateDirectory = %s
            configurator = dry-run
            rolePotential = rs
            serviceInterface = eth0
            user.lcms.authPassword = %s
            user.lcms.privPassword = %s
            user.lcms.access = readwrite
            target.nms.address = 127.0.0.1/%d
            target.nms.user = lcms
            target.nms.type = %s
            """.formatted(port, dir.resolve("state-" + name), auth, priv, trapPort, type));
    }

    /** A new engine ID, written into a state directory the way the agent keeps it (boots 0). */
    static OctetString seedEngineId(Path stateDirectory) throws Exception {
        return seedEngineId(stateDirectory, new OctetString(LcmsSnmpAgent.newEngineId()));
    }

    static OctetString seedEngineId(Path stateDirectory, OctetString engineId) throws Exception {
        Files.createDirectories(stateDirectory);
        return new EngineBootsCounterFile(stateDirectory.resolve(LcmsSnmpAgent.BOOTS_FILE).toFile())
            .getEngineId(engineId);
    }
}
