package org.lcms.snmp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.snmp.api.ClusterLiveState;
import org.lcms.snmp.api.FailoverReport;
import org.lcms.snmp.api.FailoverReport.FailoverState;
import org.lcms.snmp.api.RoleReport;

/** The cluster state's VIP holder, epoch and chain from the agents' own lcmsFailoverTable reports. */
class LiveStateStoreFailoverTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static LiveStateStore store() {
        LiveStateStore s = new LiveStateStore(new PollPolicy(Duration.ofSeconds(5), Duration.ofMillis(800), 1, 2,
            Duration.ofSeconds(60)), new EventLog(100));
        Inventory inv = new Inventory(1, List.of(Host.of("lb", IpAddress.parse("10.0.0.1")),
            Host.of("bs1", IpAddress.parse("10.0.0.2")), Host.of("bs2", IpAddress.parse("10.0.0.3")),
            Host.of("rs1", IpAddress.parse("10.0.1.1")), Host.of("rs2", IpAddress.parse("10.0.1.2"))),
            List.of(RoleReconcilerTest.web(true)), List.of());
        s.setInventory(inv, h -> h.address() + "/161", T0);
        return s;
    }

    static void report(LiveStateStore s, String host, int rank, FailoverState state, String holder, long epoch,
                       Instant at) {
        s.record(host, new PollOutcome.Answered(null, RoleReport.NONE, List.of(), List.of(), List.of(), 1,
            List.of(new FailoverReport(1, "web", rank, state, holder, epoch, state == FailoverState.HOLDER ? 90 : 0,
                5, 5, List.of("lb", "bs1"), false))), at);
    }

    static ClusterLiveState web(LiveStateStore s) {
        return s.snapshot().clusters().get("web");
    }

    @Test
    void theHolderIsTheMemberWhoseOwnReportSaysSoAndTheChainShowsEachView() {
        LiveStateStore s = store();
        report(s, "lb", 0, FailoverState.STANDBY, "bs1", 5, T0.plusSeconds(1));
        report(s, "bs1", 1, FailoverState.HOLDER, "bs1", 5, T0.plusSeconds(1));
        ClusterLiveState w = web(s);
        assertEquals(Optional.of("bs1"), w.vipHolder());
        assertEquals(List.of(), w.contestedBy());
        assertEquals(5, w.epoch());
        assertEquals(List.of("lb", "bs1", "bs2"), w.chain().stream().map(m -> m.host()).toList());
        assertEquals(Optional.empty(), w.chain().get(2).view(), "bs2 not polled yet");
        assertEquals(FailoverState.STANDBY, w.chain().get(0).view().orElseThrow().state());
    }

    @Test
    void anOlderEpochsHolderPolledBeforeTheNewHolderIsStaleNotContested() {
        LiveStateStore s = store();
        report(s, "lb", 0, FailoverState.HOLDER, "lb", 4, T0.plusSeconds(1)); // polled before the switchover
        report(s, "bs1", 1, FailoverState.HOLDER, "bs1", 5, T0.plusSeconds(2));
        assertEquals(Optional.of("bs1"), web(s).vipHolder());
        assertEquals(List.of(), web(s).contestedBy());
        // polled after bs1 and still claiming: shown
        report(s, "lb", 0, FailoverState.HOLDER, "lb", 4, T0.plusSeconds(3));
        assertEquals(Optional.of("bs1"), web(s).vipHolder());
        assertEquals(List.of("lb"), web(s).contestedBy());
    }
}
