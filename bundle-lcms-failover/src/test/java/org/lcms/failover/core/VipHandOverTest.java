package org.lcms.failover.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The operator's switchover ({@link VipElection#requestHandOver}) on the simulated cluster of
 * {@link VipElectionTest}: the VIP moves to the named ready member through the witnesses with a gap of a few ms,
 * a member handed the VIP down the ranks keeps it (no fail-back), and refused requests change nothing.
 */
class VipHandOverTest {

    private static Optional<String> handOver(ElectionBed b, String from, String to) {
        return b.election(from).requestHandOver(to, 1000, b.now());
    }

    @Test
    void theHolderHandsTheVipToABackupWhichKeepsItDespiteFailback() {
        ElectionBed b = VipElectionTest.serving(300);
        long epoch = b.election("lb").epoch();
        assertEquals(Optional.empty(), handOver(b, "lb", "bs2"));
        assertEquals("bs2", b.election("lb").status(b.now()).handOverTo());
        long took = b.runUntilHolder("bs2", 500);
        assertTrue(took >= 0 && took <= 2 * ElectionBed.RENEW, "bs2 holds within a renew round or two, took "
            + took + " ms:\n" + b.log());
        assertTrue(b.lastOutageMillis <= 3, "a gap of a few ms, was " + b.lastOutageMillis + ":\n" + b.log());
        b.run(2000); // far beyond the fail-back delay: lb is ready all along
        assertEquals(Set.of("bs2"), b.holders(), "pinned: no fail-back after a switchover\n" + b.log());
        VipElection.Status bs2 = b.election("bs2").status(b.now());
        assertTrue(bs2.pinned());
        assertEquals("bs2", bs2.holder());
        assertEquals(epoch + 1, bs2.epoch(), "the transfer is the next epoch");
        assertTrue(bs2.leaseRemainingMillis() > 0 && bs2.leaseRemainingMillis() <= ElectionBed.LEASE);
        VipElection.Status lb = b.election("lb").status(b.now());
        assertEquals(VipElection.Role.STANDBY, lb.role());
        assertEquals("bs2", lb.holder(), "the others see who holds it");
        assertEquals(java.util.List.of("lb", "bs1", "bs2"), lb.ready());
        assertEquals(1, b.maxHolders, "never two holders");
    }

    @Test
    void aSwitchoverBackToTheLoadBalancerUnpinsAndFailbackWorksAgain() {
        ElectionBed b = VipElectionTest.serving(300);
        assertEquals(Optional.empty(), handOver(b, "lb", "bs1"));
        assertTrue(b.runUntilHolder("bs1", 500) >= 0, b.log());
        b.run(500);
        assertEquals(Optional.empty(), handOver(b, "bs1", "lb"));
        assertTrue(b.runUntilHolder("lb", 500) >= 0, b.log());
        assertFalse(b.election("lb").status(b.now()).pinned(), "handed up the ranks: not pinned");
        // a later failure and return of lb: the backup hands back after the fail-back delay as before
        b.kill("lb");
        assertTrue(b.runUntilHolder("bs1", 1000) >= 0, b.log());
        assertFalse(b.election("bs1").status(b.now()).pinned(), "a takeover is not a switchover");
        b.restart("lb");
        assertTrue(b.runUntilHolder("lb", 3000) >= 300, b.log());
        assertEquals(1, b.maxHolders);
    }

    @Test
    void aPinnedHolderThatDiesIsReplacedAsUsual() {
        ElectionBed b = VipElectionTest.serving(300);
        handOver(b, "lb", "bs1");
        assertTrue(b.runUntilHolder("bs1", 500) >= 0, b.log());
        b.kill("bs1");
        assertTrue(b.runUntilHolder("lb", 1000) >= 0, "lb takes over when the pinned bs1 dies\n" + b.log());
        assertEquals(1, b.maxHolders);
    }

    @Test
    void refusedRequestsNameTheProblemAndChangeNothing() {
        ElectionBed b = VipElectionTest.serving(-1);
        assertEquals(Optional.of("bs1 does not hold the VIP of web (it is standby); ask the holder, lb"),
            handOver(b, "bs1", "bs2"));
        assertEquals(Optional.of("lb already holds the VIP of web; name another member"), handOver(b, "lb", "lb"));
        assertEquals(Optional.of("rs1 is not a load balancer or backup of web (members: lb, bs1, bs2)"),
            handOver(b, "lb", "rs1"));
        b.kill("bs2");
        b.run(ElectionBed.DEAD_AFTER + 1);
        assertEquals(Optional.of("bs2 is not ready to take the VIP of web (not heard for " + ElectionBed.DEAD_AFTER
            + " ms); check its node agent"), handOver(b, "lb", "bs2"));
        b.run(1000);
        assertEquals(Set.of("lb"), b.holders(), b.log());
        assertEquals("", b.election("lb").status(b.now()).handOverTo());
    }

    @Test
    void aTargetThatIsNotReadyIsRefusedAndOneThatDiesDuringTheHandOverCostsAtMostALeaseOrTwo() {
        ElectionBed b = VipElectionTest.serving(-1);
        b.cut("bs1", "rs1");
        b.cut("bs1", "rs2");
        b.cut("bs1", "rs3"); // bs1 still reaches lb, bs2, itself: 3 of 6 witnesses, no majority
        b.run(100);
        assertEquals(Optional.of("bs1 is not ready to take the VIP of web (it reaches fewer than 4 of the 6 "
            + "witnesses); check its node agent"), handOver(b, "lb", "bs1"));
        b.heal("bs1", "rs1");
        b.heal("bs1", "rs2");
        b.heal("bs1", "rs3");
        b.run(100);
        assertEquals(Optional.empty(), handOver(b, "lb", "bs1"));
        b.kill("bs1"); // before the transfer: the witnesses hand the lease to a dead member
        b.run(4 * ElectionBed.LEASE);
        assertEquals(1, b.holders().size(), "a live member serves again\n" + b.log());
        assertTrue(b.lastOutageMillis <= 2 * ElectionBed.LEASE, "outage " + b.lastOutageMillis + " ms\n" + b.log());
        assertEquals(1, b.maxHolders);
    }
}
