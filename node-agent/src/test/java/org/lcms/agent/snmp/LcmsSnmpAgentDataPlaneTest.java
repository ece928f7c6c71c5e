package org.lcms.agent.snmp;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.config.AgentConfigParser;
import org.lcms.agent.dispatch.IpvsadmDispatchDriver;
import org.lcms.agent.dispatch.NftDispatchDriver;
import org.lcms.agent.dispatch.RecordingDispatchTableDriver;

/** The agent's driver is the one agent.cfg's dataPlane names (built only: nothing is loaded here). */
class LcmsSnmpAgentDataPlaneTest {
    private static final String MINIMAL = """
        listen = 127.0.0.1/1161
        stateDirectory = /var/lib/lcms-agent
        user.lcms.authPassword = auth-secret-1
        user.lcms.privPassword = priv-secret-1
        """;

    @TempDir
    Path dir;

    AgentConfig config(String text) throws Exception {
        return AgentConfigParser.parse(Files.writeString(dir.resolve("agent.cfg"), text));
    }

    @Test
    void recordingByDefaultAndNftablesOrIpvsWhenAsked() throws Exception {
        assertInstanceOf(RecordingDispatchTableDriver.class,
            LcmsSnmpAgent.dataPlane(config(MINIMAL)));
        assertInstanceOf(NftDispatchDriver.class, LcmsSnmpAgent.dataPlane(
            config(MINIMAL + "configurator = linux\nserviceInterface = eth0\ndataPlane = nftables\n")));
        assertInstanceOf(IpvsadmDispatchDriver.class, LcmsSnmpAgent.dataPlane(
            config(MINIMAL + "configurator = linux\ndataPlane = ipvs\n")));
    }
}
