package org.lcms.agent.snmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.role.DryRunHostConfigurator;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.Snmp;
import org.snmp4j.mp.MPv3;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/** An agent without a community, started twice on one state directory. */
@Timeout(30)
class AgentRestartTest {
    @BeforeAll
    static void tools() {
        NetSnmp.requireTools();
    }

    @Test
    void engineIdIsKeptAndBootsCountUp(@TempDir Path dir) throws Exception {
        int port = LcmsSnmpAgentTest.freeUdpPort();
        AgentConfig config = LcmsSnmpAgentTest.config(dir.resolve("agent.cfg"), """
            listen = 127.0.0.1/%d
            stateDirectory = %s
            user.admin.authPassword = admin-auth-1
            user.admin.privPassword = admin-priv-1
            """.formatted(port, dir.resolve("state")));
        String address = "udp:127.0.0.1:" + port;
        String sysObjectId = ".1.3.6.1.2.1.1.2.0";

        OctetString firstId;
        int firstBoots;
        try (LcmsSnmpAgent agent = LcmsSnmpAgent.start(config, new DryRunHostConfigurator())) {
            firstId = agent.engineId();
            firstBoots = agent.engineBoots();
            assertArrayEquals(firstId.getValue(), discoverEngineId(port), "the engine ID on the wire");
            assertTrue(NetSnmp.run("snmpget", LcmsSnmpAgentTest.ADMIN, address, sysObjectId).ok());
            // no community configured: SNMPv2c (and v1) get no answer at all
            NetSnmp.Result v2c = NetSnmp.run("snmpget", List.of("-v2c", "-c", "public"), address, sysObjectId);
            assertFalse(v2c.ok(), v2c.toString());
            assertTrue(v2c.err().contains("Timeout"), v2c.toString());
            NetSnmp.Result v1 = NetSnmp.run("snmpget", List.of("-v1", "-c", "public"), address, sysObjectId);
            assertTrue(v1.err().contains("Timeout"), v1.toString());
        }
        assertEquals(1, firstBoots, "a new state directory starts at boot 1");
        assertEquals(17, firstId.length(), "RFC 3411 format 5: 4 + 1 + 12 octets");
        assertEquals(0x80, firstId.get(0) & 0xFF);
        assertEquals(5, firstId.get(4), "format 5: administratively assigned octets");
        assertTrue(Files.isRegularFile(dir.resolve("state").resolve(LcmsSnmpAgent.BOOTS_FILE)));

        try (LcmsSnmpAgent agent = LcmsSnmpAgent.start(config, new DryRunHostConfigurator())) {
            assertEquals(firstId, agent.engineId(), "same engine ID after a restart");
            assertEquals(firstBoots + 1, agent.engineBoots(), "boots counter +1");
            assertArrayEquals(firstId.getValue(), discoverEngineId(port));
            assertTrue(NetSnmp.run("snmpget", LcmsSnmpAgentTest.ADMIN, address, sysObjectId).ok(),
                "net-snmp works across the restart");
        }
    }

    /** SNMPv3 engine-ID discovery with snmp4j as a second client (needs no user). */
    static byte[] discoverEngineId(int port) throws Exception {
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv3(new USM(SecurityProtocols.getInstance(),
            new OctetString(MPv3.createLocalEngineID()), 0)));
        Snmp client = new Snmp(dispatcher, new DefaultUdpTransportMapping());
        client.listen();
        try {
            return client.discoverAuthoritativeEngineID(new UdpAddress("127.0.0.1/" + port), 3000);
        } finally {
            client.close();
        }
    }
}
