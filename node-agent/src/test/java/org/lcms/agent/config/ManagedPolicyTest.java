package org.lcms.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lcms.failover.core.RotationPlanner;

/** The manager's policy as the agent checks and merges it: the parser's ranges, the file's settings needed. */
class ManagedPolicyTest {
    static final String LB = AgentConfigParserTest.MINIMAL + """
        failover.self = lb1
        failover.listen = 127.0.0.1/7411
        failover.cluster.web.key = a-cluster-key-of-16
        failover.cluster.web.vip = 10.0.0.100
        failover.cluster.web.members = lb1@127.0.0.1/7411, bs1@127.0.0.2/7411
        failover.cluster.web.witnesses = rs1@127.0.0.3/7411
        failover.cluster.web.failbackDelay = 2000
        """;

    static AgentConfig config(String text) throws Exception {
        return AgentConfigParser.parse("agent.cfg", AgentConfigParserTest.props(text));
    }

    @Test
    void theCanonicalTextReadsBackAndEverySettingOverridesOnlyItsOwn() throws Exception {
        ManagedPolicy p = ManagedPolicy.parse("  onFailure=drain rise=3 failbackDelay=never healthCheck=tcp,http ");
        assertEquals("failbackDelay=never healthCheck=tcp,http rise=3 onFailure=drain", p.text());
        assertEquals(p, ManagedPolicy.parse(p.text()));
        AgentConfig file = config(LB + "healthCheck = tcp\nhealthCheck.interval = 300\nhealthCheck.fall = 4\n");
        AgentConfig.HealthCheck merged = p.healthCheck(file.healthCheck());
        assertEquals(List.of(AgentConfig.HealthCheckKind.TCP, AgentConfig.HealthCheckKind.HTTP), merged.kinds());
        assertEquals(300, merged.interval(), "not set: the file's");
        assertEquals(4, merged.fall(), "not set: the file's");
        assertEquals(3, merged.rise());
        assertEquals(RotationPlanner.OnFailure.DRAIN, merged.onFailure());
        assertEquals(-1, p.failbackDelay(2000));
        assertEquals(2000, ManagedPolicy.NONE.failbackDelay(2000));
        assertEquals("failbackDelay=never healthCheck=tcp,http interval=300 "
            + "timeout=500 rise=3 fall=4 onFailure=drain", ManagedPolicy.inForce(-1, merged));
        assertEquals("", ManagedPolicy.parse("").text());
        assertTrue(ManagedPolicy.parse("").isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "failbackDelay=-1          | give milliseconds 0..3600000 or never",
        "failbackDelay=3600001     | give milliseconds 0..3600000 or never",
        "interval=9                | 10..3600000",
        "timeout=0                 | 1..600000",
        "timeout=600001            | 1..600000",
        "rise=0                    | 1..100",
        "fall=101                  | 1..100",
        "rise=x                    | 1..100",
        "onFailure=panic           | onFailure=remove or onFailure=drain",
        "healthCheck=icmp          | at most once",
        "healthCheck=tcp,tcp       | at most once",
        "healthCheck=TCP           | at most once",
        "healthCheck=none,tcp      | at most once",
        "speed=9                   | unknown setting 'speed'",
        "rise                      | is not NAME=VALUE",
        "rise=2 rise=3             | rise is named twice"})
    void malformedTextIsRefusedNamingTheWord(String text, String reason) {
        ManagedPolicy.Malformed e = assertThrows(ManagedPolicy.Malformed.class, () -> ManagedPolicy.parse(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void checkKindsNeedTheirSettingsInTheFile() throws Exception {
        AgentConfig tcp = config(LB + "healthCheck = tcp\n");
        assertEquals(Optional.empty(), ManagedPolicy.parse("healthCheck=tcp,http interval=100").refusal(tcp, "web",
            true));
        assertTrue(ManagedPolicy.parse("healthCheck=script").refusal(tcp, "web", true).orElseThrow()
            .contains("needs healthCheck.script"));
        assertTrue(ManagedPolicy.parse("healthCheck=mib").refusal(tcp, "web", true).orElseThrow()
            .contains("needs healthCheck.agent.user"));
        assertTrue(ManagedPolicy.parse("healthCheck=https").refusal(tcp, "web", true).orElseThrow()
            .contains("needs an https check"));
        AgentConfig script = config(LB + "healthCheck = script\nhealthCheck.script = /bin/true\n");
        assertEquals(Optional.empty(), ManagedPolicy.parse("healthCheck=tcp,script").refusal(script, "web", true));
        AgentConfig https = config(LB + "healthCheck = https\n");
        assertEquals(Optional.empty(), ManagedPolicy.parse("healthCheck=https").refusal(https, "web", true));
    }

    @Test
    void aWitnessOrAnAgentWithoutChecksRefusesWithTheReason() throws Exception {
        AgentConfig none = config(LB);
        assertEquals(Optional.empty(), ManagedPolicy.parse("failbackDelay=never").refusal(none, "web", true),
            "the fail-back delay needs no checks");
        assertTrue(ManagedPolicy.parse("rise=3").refusal(none, "web", true).orElseThrow()
            .contains("healthCheck = none"));
        assertTrue(ManagedPolicy.parse("failbackDelay=0").refusal(none, "web", false).orElseThrow()
            .contains("only a witness of cluster web"));
        assertFalse(ManagedPolicy.NONE.refusal(none, "web", false).isPresent(), "clearing is always possible");
    }
}
