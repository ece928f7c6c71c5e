package org.lcms.failover.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lcms.failover.core.WitnessLedger.Reply;
import org.lcms.failover.core.WitnessLedger.Request;

class WitnessLedgerTest {
    static final long LEASE = 100;

    static WitnessLedger started() {
        return new WitnessLedger(LEASE, 0);
    }

    @Test
    void aFreshWitnessRefusesForOneLeaseSinceAGrantFromBeforeARestartMayStillRun() {
        WitnessLedger w = started();
        assertFalse(w.answer(Request.claim("web", "lb", 1), 99).granted());
        assertTrue(w.answer(Request.claim("web", "lb", 1), 100).granted());
    }

    @Test
    void oneHolderAtATimeAndANewOneOnlyAfterTheLeaseRanOutWithANewerEpoch() {
        WitnessLedger w = started();
        assertEquals(new Reply("web", true, "lb", 1, LEASE), w.answer(Request.claim("web", "lb", 1), 200));
        assertEquals(new Reply("web", false, "lb", 1, 50), w.answer(Request.claim("web", "bs1", 2), 250),
            "the lease runs: refused, naming the holder and how long it still runs");
        assertEquals(new Reply("web", true, "lb", 1, LEASE), w.answer(Request.claim("web", "lb", 1), 280),
            "the holder renews");
        assertFalse(w.answer(Request.claim("web", "bs1", 1), 400).granted(), "an epoch already given is not given again");
        assertEquals(new Reply("web", true, "bs1", 2, LEASE), w.answer(Request.claim("web", "bs1", 2), 400));
        assertEquals(new Reply("web", false, "bs1", 2, LEASE), w.answer(Request.claim("web", "lb", 1), 400),
            "the old holder learns it was superseded");
    }

    @Test
    void aTransferHandsTheLeaseOverAtTheNextEpochWithoutAGap() {
        WitnessLedger w = started();
        w.answer(Request.claim("web", "bs1", 2), 200);
        assertEquals(new Reply("web", true, "lb", 3, LEASE), w.answer(Request.transfer("web", "bs1", 2, "lb"), 210));
        assertTrue(w.answer(Request.claim("web", "lb", 3), 211).granted(), "the new holder is granted at once");
        assertFalse(w.answer(Request.transfer("web", "bs1", 2, "bs2"), 212).granted(), "only the holder transfers");
    }

    @Test
    void probesReportWithoutChangingAnythingAndClustersAreSeparate() {
        WitnessLedger w = started();
        w.answer(Request.claim("web", "lb", 1), 200);
        assertEquals(new Reply("web", false, "lb", 1, 90), w.answer(Request.probe("web", "bs1"), 210));
        assertTrue(w.answer(Request.claim("mail", "lb2", 1), 210).granted(), "another cluster's lease");
        assertEquals(new Reply("web", false, "lb", 1, 0), w.answer(Request.probe("web", "bs1"), 400));
    }
}
