package org.lcms.agent.snmp;

import org.lcms.mib.LcmsMib;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.role.DryRunHostConfigurator;

/**
 * The other SNMPv3 user kinds the configuration offers (user.NAME.authProtocol / privProtocol / securityLevel),
 * each with net-snmp's snmpget as the client: SHA-384 and SHA-512 authentication, AES-256 privacy, and an
 * authNoPriv user. One agent, no community.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
class SnmpV3UserTest {
    static final String SYS_NAME = ".1.3.6.1.2.1.1.5.0";
    static final String HOST_NAME = LcmsSnmpAgentTest.scalarOf(LcmsMib.LCMS_HOST_NAME);

    private LcmsSnmpAgent agent;
    private String address;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        NetSnmp.requireTools();
        int port = LcmsSnmpAgentTest.freeUdpPort();
        agent = LcmsSnmpAgent.start(LcmsSnmpAgentTest.config(dir.resolve("agent.cfg"), """
            listen = 127.0.0.1/%d
            stateDirectory = %s
            user.s512.authPassword = s512-auth-pass
            user.s512.privPassword = s512-priv-pass
            user.s512.authProtocol = sha512
            user.s512.privProtocol = aes256
            user.s384.authPassword = s384-auth-pass
            user.s384.privPassword = s384-priv-pass
            user.s384.authProtocol = sha384
            user.s384.privProtocol = aes128
            user.s256.authPassword = s256-auth-pass
            user.s256.privPassword = s256-priv-pass
            user.s256.privProtocol = aes256
            user.reader.authPassword = reader-auth-pass
            user.reader.securityLevel = authNoPriv
            """.formatted(port, dir.resolve("state"))), new DryRunHostConfigurator());
        address = "udp:127.0.0.1:" + port;
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void sha512WithAes256() throws Exception {
        assertReads(v3("s512", "SHA-512", "AES-256"));
        // Reeder ("3DES") key extension variant: the same key here, see AccessPolicy
        assertReads(v3("s512", "SHA-512", "AES-256-C"));
        // AES-128 instead: the agent decrypts garbage and drops the message without a report
        assertRefused(v3("s512", "SHA-512", "AES"), "Timeout");
        assertRefused(v3("s512", "SHA-256", "AES-256"), "Authentication failed");
    }

    @Test
    void sha384WithAes128() throws Exception {
        assertReads(v3("s384", "SHA-384", "AES"));
        assertRefused(v3("s384", "SHA-384", "AES-256"), "Timeout");
        assertRefused(v3("s384", "SHA-512", "AES"), "Authentication failed");
    }

    /** SHA-256 gives exactly the 32 key octets AES-256 needs: no key extension either. */
    @Test
    void sha256WithAes256() throws Exception {
        assertReads(v3("s256", "SHA-256", "AES-256"));
        assertReads(v3("s256", "SHA-256", "AES-256-C"));
    }

    @Test
    void anAuthNoPrivUserReadsWithAuthenticationOnly() throws Exception {
        assertReads(List.of("-v3", "-l", "authNoPriv", "-u", "reader", "-a", "SHA-256", "-A", "reader-auth-pass"));
        // USM accepts noAuthNoPriv for any known user (RFC 3414); the VACM grants the group authNoPriv only
        assertRefused(List.of("-v3", "-l", "noAuthNoPriv", "-u", "reader"), "authorizationError");
        assertRefused(List.of("-v3", "-l", "authNoPriv", "-u", "reader", "-a", "SHA-256", "-A", "wrong-auth-pass"),
            "Authentication failed");
        // a user without privacy asked with authPriv: snmp4j 3.13.1 drops it (no usmStatsUnsupportedSecLevels report)
        assertRefused(List.of("-v3", "-l", "authPriv", "-u", "reader", "-a", "SHA-256", "-A", "reader-auth-pass",
            "-x", "AES", "-X", "reader-priv-pass"), "Timeout");
    }

    private static List<String> v3(String user, String auth, String priv) {
        return List.of("-v3", "-l", "authPriv", "-u", user, "-a", auth, "-A", user + "-auth-pass", "-x", priv, "-X",
            user + "-priv-pass");
    }

    private void assertReads(List<String> security) throws Exception {
        NetSnmp.Result r = NetSnmp.run("snmpget", security, address, SYS_NAME, HOST_NAME);
        assertTrue(r.ok() && r.out().contains(SYS_NAME + " = STRING: ") && r.out().contains(HOST_NAME + " = STRING: "),
            security + ": " + r);
    }

    /**
     * A refused request, with the refusal's trace in net-snmp's output: a report or error it names, or "Timeout"
     * where the agent drops the message without a report. One short try: loopback answers within milliseconds.
     */
    private void assertRefused(List<String> security, String reason) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(NetSnmp.which("snmpget").toString()));
        cmd.addAll(security);
        cmd.addAll(List.of("-On", "-t", "0.5", "-r", "0", address, SYS_NAME));
        NetSnmp.Result r = NetSnmp.exec(cmd);
        assertFalse(r.ok() && r.out().contains("STRING"), security + ": " + r);
        assertTrue(r.all().contains(reason), security + ": expected " + reason + ", got " + r);
    }
}
