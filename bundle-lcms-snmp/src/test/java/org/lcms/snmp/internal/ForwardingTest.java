package org.lcms.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.mib.LcmsMib;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.snmp.core.ManagerSettings;
import org.lcms.snmp.core.NmsTarget;
import org.lcms.snmp.core.PollPolicy;
import org.lcms.snmp.core.SnmpProfile;
import org.lcms.snmp.core.SnmpProfiles;

/**
 * LCMS events reach an NMS: net-snmp's snmptrapd receives them, as SNMPv3 informs (snmptrapd authoritative) and
 * SNMPv3 traps (the manager authoritative, its persisted engine ID configured in snmptrapd), with the LCMS-MIB
 * notification OID and its objects, and snmpTrapAddress.0 naming the host.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ForwardingTest {
    static final String NMS_USER = "nms";
    static final String NMS_AUTH = "nms-auth-secret-1";
    static final String NMS_PRIV = "nms-priv-secret-1";

    @TempDir
    Path dir;

    @Test
    void managerEventsReachSnmptrapdAsInformsAndTraps() throws Exception {
        int informPort = freePort();
        int trapPort = freePort();
        Path state = dir.resolve("manager");
        byte[] engine = EngineIdFile.load(Optional.of(state)); // the id the manager will use
        String engineHex = java.util.HexFormat.of().formatHex(engine);
        Path log = dir.resolve("traps.log");
        Path conf = dir.resolve("snmptrapd.conf");
        Files.writeString(conf, String.join("\n",
            "createUser " + NMS_USER + " SHA-256 " + NMS_AUTH + " AES " + NMS_PRIV,
            "createUser -e 0x" + engineHex + " " + NMS_USER + " SHA-256 " + NMS_AUTH + " AES " + NMS_PRIV,
            "authUser log " + NMS_USER + " priv",
            "disableAuthorization no", ""));
        ProcessBuilder pb = new ProcessBuilder("snmptrapd", "-f", "-C", "-c", conf.toString(), "-On", "-Lf",
            log.toString(), "-p", dir.resolve("snmptrapd.pid").toString(), "udp:127.0.0.1:" + informPort,
            "udp:127.0.0.1:" + trapPort).redirectErrorStream(true).redirectOutput(dir.resolve("snmptrapd.out").toFile());
        pb.environment().put("MIBS", "");
        pb.environment().put("SNMP_PERSISTENT_DIR", dir.resolve("trapd-persist").toString());
        Process trapd = pb.start();
        try {
            Thread.sleep(500);
            assertTrue(trapd.isAlive(), "snmptrapd runs: " + Files.readString(dir.resolve("snmptrapd.out"))
                + " (apt-get install snmptrapd)");
            Map<String, SnmpProfile> profiles = SnmpProfiles.parse(Map.of(
                "profile.test.user", "lcms", "profile.test.authPassword", "agent-auth-1",
                "profile.test.privPassword", "agent-priv-1", "profile.test.port", "9",
                "profile.nms.user", NMS_USER, "profile.nms.authPassword", NMS_AUTH,
                "profile.nms.privPassword", NMS_PRIV), "test");
            List<NmsTarget> nms = NmsTarget.parse(Map.of(
                "nms.inform.address", "127.0.0.1/" + informPort, "nms.inform.profile", "nms",
                "nms.trap.address", "127.0.0.1/" + trapPort, "nms.trap.profile", "nms", "nms.trap.type", "trap"),
                profiles, "test");
            // a host whose agent does not exist: the manager raises lcmsAgentUnreachable
            Inventory inventory = new Inventory(1, List.of(Host.of("ghost", IpAddress.parse("127.0.0.51"))
                .withSnmpProfile("test")), List.of(), List.of());
            ManagerSettings settings = new ManagerSettings(new PollPolicy(Duration.ofMillis(300),
                Duration.ofMillis(100), 0, 2, Duration.ofSeconds(1)), "127.0.0.1/0", 1 << 20, 10,
                Duration.ofMillis(200), 1000, profiles, "", Optional.empty(), Optional.of(state), nms);
            try (ManagerRuntime manager = new ManagerRuntime(settings, () -> inventory, null, Clock.systemUTC())) {
                String unreachable = "." + LcmsMib.LCMS_AGENT_UNREACHABLE;
                boolean both = ManagerRuntimeAgentsTest.awaitTrue(() -> {
                    try {
                        String text = Files.exists(log) ? Files.readString(log) : "";
                        return text.split(java.util.regex.Pattern.quote(unreachable), -1).length >= 3;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }, Duration.ofSeconds(15));
                String text = Files.readString(log);
                assertTrue(both, "snmptrapd got lcmsAgentUnreachable by inform and by trap:\n" + text
                    + Files.readString(dir.resolve("snmptrapd.out")));
                assertTrue(text.contains("." + LcmsMib.scalar(LcmsMib.LCMS_NOTIF_HOST_NAME) + " = STRING: \"ghost\"")
                    || text.contains("." + LcmsMib.scalar(LcmsMib.LCMS_NOTIF_HOST_NAME) + " = STRING: ghost"), text);
                assertTrue(text.contains(".1.3.6.1.6.3.18.1.3.0 = IpAddress: 127.0.0.51"), "snmpTrapAddress:\n" + text);
                assertTrue(text.contains("did not answer"), "the reason travels:\n" + text);
            }
        } finally {
            trapd.destroy();
            trapd.waitFor(5, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }
}
