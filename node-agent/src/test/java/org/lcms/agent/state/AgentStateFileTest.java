package org.lcms.agent.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.dispatch.DispatchTable;
import org.lcms.agent.dispatch.Protocol;
import org.lcms.agent.dispatch.RealServer;
import org.lcms.agent.dispatch.RealServerStatus;
import org.lcms.agent.dispatch.Scheduler;
import org.lcms.agent.dispatch.VirtualService;
import org.lcms.agent.role.AgentRole;

class AgentStateFileTest {
    @Test
    void aSavedStateLoadsBackEqual(@TempDir Path dir) throws Exception {
        AgentStateFile file = new AgentStateFile(dir.resolve("state"));
        assertEquals(AgentState.INITIAL, file.load(), "nothing kept yet");
        DispatchTable table = DispatchTable.EMPTY
            .withVirtualService(new VirtualService(3, InetAddress.getByName("2001:db8::10"), 53, Protocol.UDP,
                Scheduler.SH, false))
            .withVirtualService(new VirtualService(1, InetAddress.getByName("192.0.2.10"), 80, Protocol.TCP,
                Scheduler.WRR, true))
            .withRealServer(new RealServer(1, 2, InetAddress.getByName("10.0.0.2"), 80, 5, RealServerStatus.DRAINING,
                true))
            .withRealServer(new RealServer(3, 1, InetAddress.getByName("2001:db8::2"), 53, 0, RealServerStatus.DOWN,
                false));
        AgentState state = new AgentState(AgentRole.LOAD_BALANCER, "www", Optional.of(InetAddress.getByName(
            "192.0.2.10")), 0, 7, table);
        file.save(state);
        assertEquals(state, file.load());
        assertFalse(Files.exists(dir.resolve("state").resolve(AgentStateFile.NAME + ".tmp")), "no temporary left");
        file.save(AgentState.INITIAL);
        assertEquals(AgentState.INITIAL, file.load(), "replaced, not merged");
    }

    @Test
    void theManagersFailoverPoliciesAreKept(@TempDir Path dir) throws Exception {
        AgentStateFile file = new AgentStateFile(dir);
        AgentState state = AgentState.INITIAL.withPolicies(java.util.Map.of("www",
            "failbackDelay=never healthCheck=tcp,http rise=3", "mail", "onFailure=drain"));
        file.save(state);
        assertEquals(state, file.load());
        assertTrue(Files.readString(file.path()).contains("policy.www = failbackDelay=never healthCheck=tcp,http "
            + "rise=3\n"), Files.readString(file.path()));
    }

    @Test
    void aDamagedFileNamesItself(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(AgentStateFile.NAME), "role = CAPTAIN\n");
        IOException e = assertThrows(IOException.class, () -> new AgentStateFile(dir).load());
        assertTrue(e.getMessage().contains(AgentStateFile.NAME), e.getMessage());
    }
}
