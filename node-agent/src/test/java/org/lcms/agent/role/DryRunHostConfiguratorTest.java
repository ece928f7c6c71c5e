package org.lcms.agent.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DryRunHostConfiguratorTest {
    @Test
    void applyingIsRecordedIdempotentAndReversible() throws Exception {
        DryRunHostConfigurator host = new DryRunHostConfigurator();
        RoleTarget rs = RolePlannerTest.rs("192.0.2.10");
        assertEquals(5, host.apply(rs).size());
        assertEquals(Set.of("192.0.2.10/32 dev lo"), host.addresses());
        assertEquals("1", host.sysctl("net/ipv4/conf/all/arp_ignore"));
        assertEquals(List.of(), host.apply(rs), "applying the same role again changes nothing");

        host.apply(RoleTarget.NONE);
        assertEquals(Set.of(), host.addresses());
        assertEquals("0", host.sysctl("net/ipv4/conf/all/arp_ignore"), "restored");
        assertEquals(RoleTarget.NONE, host.current());
        assertEquals(10, host.record().size());
    }

    @Test
    void aFailedStepUndoesTheStepsDoneAndKeepsThePreviousRole() throws Exception {
        DryRunHostConfigurator host = new DryRunHostConfigurator();
        host.failWhen(s -> s instanceof HostStep.AddAddress);
        HostConfigurationException e = assertThrows(HostConfigurationException.class,
            () -> host.apply(RolePlannerTest.rs("192.0.2.10")));
        assertTrue(e.getMessage().contains("could not ip addr add 192.0.2.10/32 dev lo (simulated failure)"),
            e.getMessage());
        assertTrue(e.getMessage().contains("the host keeps its previous role"), e.getMessage());
        assertEquals(RoleTarget.NONE, host.current());
        assertEquals("0", host.sysctl("net/ipv4/conf/all/arp_ignore"), "the sysctl steps were undone");
        assertEquals(Set.of(), host.addresses());
    }

    @Test
    void theRecordKeepsOnlyTheNewestSteps() throws Exception {
        DryRunHostConfigurator host = new DryRunHostConfigurator();
        RoleTarget rs = RolePlannerTest.rs("192.0.2.10");
        int cycles = DryRunHostConfigurator.RECORD_LIMIT / 10 + 5; // 10 steps per apply + undo
        for (int i = 0; i < cycles; i++) {
            host.apply(rs);
            host.apply(RoleTarget.NONE);
        }
        List<String> record = host.record();
        assertEquals(DryRunHostConfigurator.RECORD_LIMIT, record.size());
        assertEquals(5, host.apply(rs).size());
        assertEquals(DryRunHostConfigurator.RECORD_LIMIT, host.record().size(),
            "the oldest steps made room for the new ones");
        assertTrue(host.record().get(host.record().size() - 1).contains("192.0.2.10"), host.record().toString());
    }
}
