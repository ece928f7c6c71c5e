package org.lcms.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lcms.agent.role.AgentRole;

class AgentConfigParserTest {
    static final String MINIMAL = """
        listen = 127.0.0.1/1161
        stateDirectory = /var/lib/lcms-agent
        user.lcms.authPassword = auth-secret-1
        user.lcms.privPassword = priv-secret-1
        """;

    static Properties props(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @Test
    void aMinimalFileIsSecureByDefault() throws Exception {
        AgentConfig c = AgentConfigParser.parse("agent.cfg", props(MINIMAL));
        AgentConfig.User u = c.users().get(0);
        assertEquals(AgentConfig.AuthProtocol.SHA256, u.auth());
        assertEquals(AgentConfig.PrivProtocol.AES128, u.priv());
        assertEquals(AgentConfig.SecurityLevel.AUTH_PRIV, u.level());
        assertFalse(u.readWrite(), "read-only unless said otherwise");
        assertEquals(Optional.empty(), c.readOnlyCommunity(), "no SNMPv2c unless configured");
        assertEquals("dry-run", c.configurator());
        assertEquals(EnumSet.of(AgentRole.LOAD_BALANCER, AgentRole.BACKUP_SERVER, AgentRole.REAL_SERVER),
            c.rolePotential());
        assertFalse(u.toString().contains("secret"), "passwords never show in logs");
    }

    @Test
    void aFullFileIsRead() throws Exception {
        AgentConfig c = AgentConfigParser.parse("agent.cfg", props(MINIMAL + """
            configurator = linux
            rolePotential = rs
            serviceInterface = eth0
            user.lcms.access = readwrite
            user.lcms.authProtocol = sha512
            user.lcms.privProtocol = aes256
            community.readonly = monitor-only-42
            target.nms.address = 127.0.0.1/1162
            target.nms.user = lcms
            target.nms.type = inform
            target.old.address = 127.0.0.1/1163
            target.old.community = monitor-only-42
            service.http.port = 80
            service.dns.port = 53
            service.dns.protocol = udp
            """));
        assertEquals(EnumSet.of(AgentRole.REAL_SERVER), c.rolePotential());
        assertTrue(c.users().get(0).readWrite());
        assertEquals(AgentConfig.AuthProtocol.SHA512, c.users().get(0).auth());
        assertEquals(2, c.targets().size());
        assertTrue(c.targets().get(0).inform());
        assertEquals(new AgentConfig.Service("dns", 53, "udp"), c.services().get(0));
        assertEquals(new AgentConfig.Service("http", 80, "tcp"), c.services().get(1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no user|listen = 127.0.0.1/1161\\nstateDirectory = /tmp/x|no SNMPv3 user",
        "short password|user.u.authPassword = short\\nuser.u.privPassword = priv-secret-1|user.u.authPassword = (hidden) is not valid; an SNMPv3 password has at least 8 characters",
        "md5|user.u.authPassword = auth-secret-1\\nuser.u.privPassword = priv-secret-1\\nuser.u.authProtocol = md5|MD5 and SHA-1 are not offered",
        "des|user.u.authPassword = auth-secret-1\\nuser.u.privPassword = priv-secret-1\\nuser.u.privProtocol = des|DES is not offered",
        "noauth|user.u.authPassword = auth-secret-1\\nuser.u.privPassword = priv-secret-1\\nuser.u.securityLevel = noAuthNoPriv|noAuthNoPriv is not offered",
        "public community|community.readonly = public|is not 'public'",
        "typo|user.lcms.privPasword = x|unknown key 'user.lcms.privPasword'",
        "bad listen|listen = localhost:1161|write ADDRESS/PORT",
        "bad port|service.web.port = 99999|give a port number 1..65535",
        "target without credentials|target.nms.address = 127.0.0.1/162|give exactly one",
        "target of unknown user|target.nms.address = 127.0.0.1/162\\ntarget.nms.user = bob|name a user defined in this file",
        "v2c target with v2c off|target.nms.address = 127.0.0.1/162\\ntarget.nms.community = monitor-only-42|needs SNMPv2c, which is off",
        "bad role|rolePotential = lb,web|list one or more of lb, bs, rs",
        "bad configurator|configurator = real|use linux (configures this host, needs root) or dry-run",
        "unknown data plane|dataPlane = lvs|dataPlane = lvs is not valid; use recording (default: the dispatch table is only recorded), ipvs",
        "ipvs on a dry run|dataPlane = ipvs|dataPlane = ipvs needs configurator = linux (it programs the kernel's IPVS with ipvsadm as root), but configurator is dry-run",
        "nftables on a dry run|dataPlane = nftables|dataPlane = nftables needs configurator = linux (it loads an nftables table as root), but configurator is dry-run",
        "nftables without interface|configurator = linux\\ndataPlane = nftables|dataPlane = nftables dispatches on serviceInterface, which is not set",
        "no bucket|dataPlane.buckets = 0|dataPlane.buckets = 0 is not valid; give 1..65536 hash buckets",
        "too many buckets|dataPlane.buckets = 65537|dataPlane.buckets = 65537 is not valid; give 1..65536",
        "buckets not a number|dataPlane.buckets = many|dataPlane.buckets = many is not valid; give 1..65536",
    })
    void badValuesAreRefusedNamingTheFileTheKeyAndTheFix(String name, String extra, String expected) throws Exception {
        String text = extra.startsWith("listen") ? extra.replace("\\n", "\n") : MINIMAL + extra.replace("\\n", "\n");
        if (name.equals("bad listen")) {
            text = MINIMAL.replace("listen = 127.0.0.1/1161", extra);
        }
        Properties p = props(text);
        AgentConfigParser.InvalidAgentConfig e = assertThrows(AgentConfigParser.InvalidAgentConfig.class,
            () -> AgentConfigParser.parse("agent.cfg", p));
        assertTrue(e.getMessage().startsWith("agent.cfg: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "no password in the message: " + e.getMessage());
    }

    @Test
    void theDataPlaneIsRecordedUnlessNftablesOrIpvsIsAskedForOnALinuxHost() throws Exception {
        AgentConfig.DataPlane recording = AgentConfigParser.parse("agent.cfg", props(MINIMAL)).dataPlane();
        assertEquals(AgentConfig.DataPlaneKind.RECORDING, recording.kind(), "recording by default");
        assertEquals(org.lcms.failover.core.BucketPlan.DEFAULT_BUCKETS, recording.buckets());
        AgentConfig.DataPlane nft = AgentConfigParser.parse("agent.cfg", props(MINIMAL + """
            configurator = linux
            serviceInterface = eth0
            dataPlane = nftables
            dataPlane.buckets = 64
            """)).dataPlane();
        assertEquals(new AgentConfig.DataPlane(AgentConfig.DataPlaneKind.NFTABLES, 64), nft);
        AgentConfig.DataPlane ipvs = AgentConfigParser.parse("agent.cfg", props(MINIMAL + """
            configurator = linux
            dataPlane = ipvs
            """)).dataPlane();
        assertEquals(AgentConfig.DataPlaneKind.IPVS, ipvs.kind(), "ipvs needs no serviceInterface: IPVS serves "
            + "the VIP on whatever interface it arrives");
    }

    static final String FAILOVER = """
        failover.self = bs1
        failover.listen = 10.0.0.2/7411
        failover.cluster.web.key = web-cluster-secret-42
        failover.cluster.web.vip = 10.0.0.100
        failover.cluster.web.members = lb1@10.0.0.1/7411, bs1@10.0.0.2/7411
        failover.cluster.web.witnesses = rs1@10.0.0.11/7411,rs2@10.0.0.12/7411
        """;

    @Test
    void theFailoverOfAClusterIsReadWithItsDefaults() throws Exception {
        AgentConfig c = AgentConfigParser.parse("agent.cfg", props(MINIMAL + FAILOVER
            + "failover.cluster.web.failbackDelay = -1\n"));
        AgentConfig.Failover f = c.failover().orElseThrow();
        assertEquals("bs1", f.self());
        AgentConfig.FailoverCluster web = f.clusters().get(0);
        assertEquals(java.util.List.of("lb1", "bs1"), web.ranked().stream().map(AgentConfig.FailoverPeer::name)
            .toList());
        assertEquals(java.util.List.of("lb1", "bs1", "rs1", "rs2"), web.witnesses().stream()
            .map(AgentConfig.FailoverPeer::name).toList(), "members are witnesses too");
        assertEquals(java.util.List.of(10L, 45L, 120L, 25L, -1L), java.util.List.of(web.heartbeat(), web.deadAfter(),
            web.lease(), web.renew(), web.failbackDelay()));
        assertFalse(web.toString().contains("secret"), "the key never shows in logs");
        assertEquals(Optional.empty(), AgentConfigParser.parse("agent.cfg", props(MINIMAL)).failover());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "failover.cluster.web.key = short|at least 16 characters",
        "failover.cluster.web.members = lb1@10.0.0.1|NAME@ADDRESS/PORT",
        "failover.self = nobody|must be one of the cluster's members or witnesses",
        "failover.cluster.web.lease = 20|renew < lease",
        "failover.cluster.web.renew = soon|whole number of milliseconds",
        "failover.cluster.web.witnesses = bs1@10.0.0.2/7411|a host appears once",
        "failover.cluster.web.colour = blue|unknown key",
        "configurator = linux|no interface is given for it; set serviceInterface",
        "failover.realtimePriority = 120|give 1..99"})
    void aFailoverThatCannotWorkIsRefusedWithTheFix(String line, String says) throws Exception {
        Properties p = props(MINIMAL + FAILOVER);
        Properties extra = props(line);
        p.putAll(extra);
        AgentConfigParser.InvalidAgentConfig e = assertThrows(AgentConfigParser.InvalidAgentConfig.class,
            () -> AgentConfigParser.parse("agent.cfg", p));
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertTrue(e.getMessage().startsWith("agent.cfg: "), "names the file: " + e.getMessage());
    }

    @Test
    void onALinuxHostTheVipGoesOnTheServiceInterfaceOrTheClustersOwn() throws Exception {
        String linux = MINIMAL + FAILOVER + "configurator = linux\nserviceInterface = eth0\n";
        assertEquals("eth0", AgentConfigParser.parse("agent.cfg", props(linux)).failover().orElseThrow().clusters()
            .get(0).device());
        assertEquals("bond1", AgentConfigParser.parse("agent.cfg", props(linux
            + "failover.cluster.web.interface = bond1\n")).failover().orElseThrow().clusters().get(0).device());
        AgentConfigParser.InvalidAgentConfig e = assertThrows(AgentConfigParser.InvalidAgentConfig.class,
            () -> AgentConfigParser.parse("agent.cfg", props(linux + "failover.cluster.web.vip = 2001:db8::100\n")));
        assertTrue(e.getMessage().contains("IPv4 VIPs only"), e.getMessage());
        String witnessOnly = MINIMAL + FAILOVER.replace("failover.self = bs1", "failover.self = rs1")
            + "configurator = linux\n";
        assertEquals("", AgentConfigParser.parse("agent.cfg", props(witnessOnly)).failover().orElseThrow()
            .clusters().get(0).device(), "a witness holds no VIP and needs no interface");
    }

    @Test
    void healthChecksAreOffByDefaultAndReadWithTheirDefaults() throws Exception {
        assertEquals(AgentConfig.HealthCheck.NONE, AgentConfigParser.parse("agent.cfg", props(MINIMAL)).healthCheck());
        AgentConfig.HealthCheck http = AgentConfigParser.parse("agent.cfg", props(MINIMAL + """
            healthCheck = http
            healthCheck.path = /health
            healthCheck.interval = 100
            healthCheck.onFailure = drain
            """)).healthCheck();
        assertEquals(new AgentConfig.HealthCheck(AgentConfig.HealthCheckKind.HTTP, "/health", 200, "", 100, 500, 2, 2,
            org.lcms.failover.core.RotationPlanner.OnFailure.DRAIN, 6, 60_000, 120_000), http);
        AgentConfig.HealthCheck script = AgentConfigParser.parse("agent.cfg", props(MINIMAL + """
            healthCheck = script
            healthCheck.script = /etc/lcms/check.sh "$LCMS_RS_ADDRESS"
            healthCheck.rise = 3
            healthCheck.fall = 1
            healthCheck.flapLimit = 0
            """)).healthCheck();
        assertEquals("/etc/lcms/check.sh \"$LCMS_RS_ADDRESS\"", script.script());
        assertEquals(java.util.List.of(3, 1, 0), java.util.List.of(script.rise(), script.fall(), script.flapLimit()));
        assertEquals(org.lcms.failover.core.RotationPlanner.OnFailure.REMOVE, script.onFailure());
    }

    @Test
    void aListOfChecksTlsAgentQueriesSorryServerAndLoadAwareWeightsAreRead() throws Exception {
        AgentConfig config = AgentConfigParser.parse("agent.cfg", props(MINIMAL + """
            healthCheck = tcp, https,mib
            healthCheck.path = /ping
            healthCheck.tls.verify = true
            healthCheck.tls.serverName = www.example.com
            healthCheck.agent.user = lcms
            healthCheck.agent.port = 1161
            healthCheck.sorryServer = 192.0.2.99
            healthCheck.loadAware = connections
            healthCheck.loadAware.interval = 500
            healthCheck.loadAware.maxFactor = 3
            """));
        AgentConfig.HealthCheck h = config.healthCheck();
        assertEquals(java.util.List.of(AgentConfig.HealthCheckKind.TCP, AgentConfig.HealthCheckKind.HTTPS,
            AgentConfig.HealthCheckKind.MIB), h.kinds());
        assertEquals(new AgentConfig.Tls(true, "www.example.com"), h.tls());
        assertEquals(new AgentConfig.AgentQuery(config.users().get(0), 1161), h.agent().orElseThrow());
        assertEquals(java.net.InetAddress.getByName("192.0.2.99"), h.sorryServer().orElseThrow());
        assertEquals(new AgentConfig.LoadAware(AgentConfig.LoadMetric.CONNECTIONS, 500,
            new org.lcms.failover.core.LoadAwareWeights.Policy(0.5, 3.0, 0.3, 0.25)), h.loadAware());
        AgentConfig.HealthCheck defaults = AgentConfigParser.parse("agent.cfg", props(MINIMAL + """
            healthCheck = mib
            healthCheck.agent.user = lcms
            """)).healthCheck();
        assertEquals(161, defaults.agent().orElseThrow().port());
        assertEquals(AgentConfig.Tls.DEFAULT, defaults.tls(), "certificates are not checked unless asked");
        assertEquals(AgentConfig.LoadAware.NONE, defaults.loadAware(), "load-aware weights are off by default");
        assertTrue(defaults.sorryServer().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "healthCheck = ping|healthCheck = ping is not valid; use none, or one or more (comma-separated, all must pass) of tcp (connect), http (GET), https (GET over TLS), script and mib",
        "healthCheck = tcp,tcp|name each check once, and none only alone",
        "healthCheck = none,tcp|name each check once, and none only alone",
        "healthCheck = https\\nhealthCheck.tls.verify = yes|use false (default: any certificate",
        "healthCheck = http\\nhealthCheck.tls.verify = true|it is used only with healthCheck = https (this file has healthCheck = http)",
        "healthCheck = https\\nhealthCheck.tls.serverName = a b|give a DNS name",
        "healthCheck = mib|healthCheck.agent.user is missing; the mib check and load-aware weights read the real servers' agents",
        "healthCheck = mib\\nhealthCheck.agent.user = nobody|healthCheck.agent.user = nobody is not valid; name a user defined in this file (user.nobody.*)",
        "healthCheck = mib\\nhealthCheck.agent.user = lcms\\nhealthCheck.agent.port = 0|give the UDP port the real servers' agents answer on",
        "healthCheck = tcp\\nhealthCheck.agent.user = lcms|it is used only with healthCheck = mib or healthCheck.loadAware; remove it",
        "healthCheck = tcp\\nhealthCheck.sorryServer = sorry.example|give the IP address of the server that answers",
        "healthCheck = tcp\\nhealthCheck.loadAware = cpu|use none (default: the operator's weights), connections",
        "healthCheck = tcp\\nhealthCheck.loadAware.minFactor = 0.5|it is used only with healthCheck.loadAware = connections or loadAverage",
        "healthCheck = tcp\\nhealthCheck.agent.user = lcms\\nhealthCheck.loadAware = connections\\nhealthCheck.loadAware.minFactor = 1.5|healthCheck.loadAware.*: load-aware weights need 0 < min <= 1 <= max",
        "healthCheck = tcp\\nhealthCheck.loadAware = connections|healthCheck.agent.user is missing",
        "healthCheck = tcp\\nhealthCheck.interval = 5|healthCheck.interval = 5 is not valid; give the milliseconds between",
        "healthCheck = tcp\\nhealthCheck.timeout = half a second|healthCheck.timeout = half a second is not valid",
        "healthCheck = tcp\\nhealthCheck.rise = 0|healthCheck.rise = 0 is not valid; give the successes in a row",
        "healthCheck = tcp\\nhealthCheck.fall = 101|healthCheck.fall = 101 is not valid; give the failures in a row",
        "healthCheck = tcp\\nhealthCheck.onFailure = quiesce|use remove (out of the table) or drain",
        "healthCheck = tcp\\nhealthCheck.flapLimit = 1|one change is no flapping",
        "healthCheck = tcp\\nhealthCheck.path = /health|healthCheck.path = /health is not valid; it is used only with healthCheck = http or https (this file has healthCheck = tcp)",
        "healthCheck = http\\nhealthCheck.script = true|it is used only with healthCheck = script",
        "healthCheck = http\\nhealthCheck.path = health|give an absolute path without spaces",
        "healthCheck = http\\nhealthCheck.expectStatus = 2xx|give an HTTP status, 100..599",
        "healthCheck = script|healthCheck.script is missing",
        "healthCheck.interval = 100|it is used only with healthCheck = tcp, http, https, script or mib",
        "healthCheck.intervall = 100|unknown key 'healthCheck.intervall'",
    })
    void badHealthChecksAreRefusedNamingTheKeyAndTheFix(String lines, String expected) throws Exception {
        Properties p = props(MINIMAL + lines.replace("\\n", "\n"));
        AgentConfigParser.InvalidAgentConfig e = assertThrows(AgentConfigParser.InvalidAgentConfig.class,
            () -> AgentConfigParser.parse("agent.cfg", p));
        assertTrue(e.getMessage().startsWith("agent.cfg: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
