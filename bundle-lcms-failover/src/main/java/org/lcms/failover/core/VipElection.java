package org.lcms.failover.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who serves a cluster's VIP, decided on each load balancer and backup server (the paper's LB manager, run by
 * the agents so that failover works while the Karaf manager is down). The members are ranked: the load balancer
 * first, then the backups in cascade order. Liveness comes from heartbeats among the members; safety from leases
 * that a majority of the cluster's witnesses grant ({@link WitnessLedger}), one holder per epoch.
 *
 * <p>Every member asks the witnesses something each renew interval — the holder to renew, a candidate to be
 * granted, a standby member only how things stand — and announces in its heartbeat how many witnesses answered
 * (its <em>reach</em>). A member is <em>ready</em> when it is heard and reaches a majority: only a ready member
 * keeps a worse-ranked one from claiming, and only to a ready member is the VIP handed back. So a load balancer
 * cut off from its real servers loses its lease, is not ready, and its backup takes over; a backup that merely
 * stopped hearing the load balancer is refused by the witnesses that still renew the load balancer's lease.
 *
 * <pre>
 * role       event                                                   next       action
 * STANDBY    reaching a majority, no holder heard for deadAfter, no  CANDIDATE  ask witnesses: epoch = newest
 *            better-ranked member ready, listened for deadAfter                 granted + 1
 *            (at a cold start, i.e. no holder heard yet: plus four
 *            leases per rank, so the load balancer wins a joint start)
 * STANDBY    a heartbeat hands the VIP to me at epoch E              CANDIDATE  ask witnesses for E (granted at once)
 * CANDIDATE  a majority granted, with at least a renew interval left  HOLDER     take the VIP, heartbeat now
 * CANDIDATE  no majority within the round, a holder is heard, or a   STANDBY    try again when the first rule holds,
 *            better-ranked member is ready                                      when the refused lease runs out
 * HOLDER     every renew interval                                    HOLDER     ask witnesses to extend
 * HOLDER     lease not renewed by a majority in time                 STANDBY    release the VIP (self-fencing)
 * HOLDER     a holder of a newer epoch is heard                      STANDBY    release the VIP at once
 * HOLDER     a witness reports a newer epoch                         HOLDER     renew under a newer epoch
 * HOLDER     a better-ranked member ready for failbackDelay          HOLDER     ask witnesses to transfer to it
 *            (not while pinned: see the operator's hand-over)
 * HOLDER     the operator asked to hand the VIP to a ready member    HOLDER     ask witnesses to transfer to it
 *            ({@link #requestHandOver}), within handOverTimeout                 (at most every fourth round)
 * HOLDER     a majority granted the transfer                         STANDBY    release the VIP, hand over in the
 *                                                                               heartbeat
 * </pre>
 *
 * The operator's hand-over (a switchover) uses the fail-back's transfer, to any ready member. A member handed the VIP
 * by a better-ranked one can only have been handed it by the operator (fail-back hands only upwards): it is
 * <em>pinned</em> while it holds the VIP — no fail-back moves it away again, only another switchover or a failure.
 *
 * <p>A cluster without backups has nobody to conflict with: its load balancer holds the VIP without leases.
 * Times are the member's monotonic clock in milliseconds. Not thread-safe: the agent serializes calls. The
 * returned actions are for the adapter to carry out, in order.
 */
public final class VipElection {

    /**
     * @param ranked the load balancer, then the backups in cascade order (host names)
     * @param witnesses how many witnesses the cluster has (all its agents); a lease needs a majority
     * @param heartbeatMillis how often a member announces itself to the others
     * @param deadAfterMillis a member not heard for this long is taken as dead
     * @param leaseMillis how long a witness's grant lasts
     * @param renewMillis how often every member asks the witnesses (the holder renews); well below the lease
     * @param failbackDelayMillis how long a better-ranked member must be ready before the VIP is handed to it;
     *     negative: never hand back
     */
    public record Settings(String cluster, String self, List<String> ranked, int witnesses, long heartbeatMillis,
                           long deadAfterMillis, long leaseMillis, long renewMillis, long failbackDelayMillis) {
        public Settings {
            Objects.requireNonNull(cluster);
            Objects.requireNonNull(self);
            ranked = List.copyOf(ranked);
            if (!ranked.contains(self)) {
                throw new IllegalArgumentException(self + " is not a load balancer or backup of " + cluster);
            }
            if (ranked.size() > 1 && witnesses < 1) {
                throw new IllegalArgumentException("cluster " + cluster + " has backups but no witnesses");
            }
            if (heartbeatMillis < 1 || deadAfterMillis <= heartbeatMillis || renewMillis < 1
                || leaseMillis <= renewMillis) {
                throw new IllegalArgumentException("timers of cluster " + cluster + ": need heartbeat < deadAfter "
                    + "and renew < lease (heartbeat " + heartbeatMillis + ", deadAfter " + deadAfterMillis
                    + ", renew " + renewMillis + ", lease " + leaseMillis + " ms)");
            }
        }

        public int majority() {
            return witnesses / 2 + 1;
        }

        boolean leased() {
            return ranked.size() > 1;
        }
    }

    public enum Role { STANDBY, CANDIDATE, HOLDER }

    /**
     * How this member sees its cluster, for the agent's status objects (what the agents decided).
     *
     * @param holder the member this one believes holds the VIP: itself when holder, else a holder heard within
     *     deadAfter; empty when none is known
     * @param epoch the holder's epoch when holding, else the newest epoch known to have been granted
     * @param leaseRemainingMillis how long this member's lease still runs (0 unless holder)
     * @param reach how many witnesses answered within the last two renew intervals
     * @param ready the ranked members (this one included) this member sees ready, in rank order
     * @param pinned holding by the operator's hand-over: no fail-back
     * @param handOverTo the member an operator's hand-over is pending for; empty if none
     */
    public record Status(Role role, String holder, long epoch, long leaseRemainingMillis, int reach,
                         List<String> ready, boolean pinned, String handOverTo) {
        public Status {
            ready = List.copyOf(ready);
        }
    }

    /**
     * What a member announces every heartbeat interval (and at once when its role changes).
     *
     * @param epoch the holder's epoch; from others, the newest epoch they know was granted
     * @param reach how many witnesses answered it within the last two renew intervals
     * @param handoverTo the member it just handed the VIP to, until that member is heard holding it
     */
    public record Heartbeat(String cluster, String from, long epoch, boolean holding, int reach, String handoverTo) {
        public Heartbeat {
            handoverTo = Objects.requireNonNullElse(handoverTo, "");
        }
    }

    /** What the adapter must do. */
    public sealed interface Action {
    }

    /** Send this heartbeat to the other members. */
    public record SendHeartbeat(Heartbeat heartbeat) implements Action {
    }

    /** Send this request to every witness; pass their replies to {@link #onReply} with {@code round}. */
    public record AskWitnesses(WitnessLedger.Request request, long round) implements Action {
    }

    /**
     * Take the VIP and the dispatch table now (address, gratuitous ARP). {@code validUntil}: the lease's end on
     * this member's clock; the data plane should stop serving by itself then unless {@link LeaseExtended} moves
     * it (a dead-man's switch: a member that stalls longer than its lease must not keep serving).
     */
    public record TakeVip(long epoch, long validUntil, String reason) implements Action {
    }

    /** The lease was renewed: serving may go on until {@code validUntil}. */
    public record LeaseExtended(long epoch, long validUntil) implements Action {
    }

    /** Give the VIP up now. */
    public record ReleaseVip(long epoch, String reason) implements Action {
    }

    private enum Purpose { PROBE, CLAIM, RENEW, TRANSFER }

    private Settings s;
    private final long startedAt;
    private Role role = Role.STANDBY;
    /** My epoch while candidate or holder. */
    private long epoch;
    /**
     * The newest epoch known to have been granted (by a witness's reply, a holder's or hand-over's heartbeat):
     * a claim takes the next one. Epochs only claimed are not counted, so failed claims do not use them up.
     */
    private long newestGranted;
    private long validUntil;
    private long nextHeartbeat;
    private long nextRound;
    private long round;
    private Purpose purpose;
    private long roundSentAt;
    private String transferTarget = "";
    private long lastTransferAt = Long.MIN_VALUE / 2;
    private final Set<String> grants = new HashSet<>();
    /**
     * Renewal rounds still within a lease of their sending, by round: a reply may come after the next round has
     * started (replies slower than the renew interval, on a loaded host), and a majority of grants for any of
     * them extends the lease from when that round was sent.
     */
    private final Map<Long, Renewal> renewals = new java.util.LinkedHashMap<>();

    private record Renewal(long sentAt, Set<String> grants) {
    }
    private final Set<String> answered = new HashSet<>();
    private long refusedRemaining;
    /**
     * When each witness last answered anything: the reach counts those heard within two renew intervals (replies
     * keep coming once per round even when each is late, so slow replies do not shrink the reach).
     */
    private final Map<String, Long> lastAnswer = new HashMap<>();
    private String handoverTo = "";
    private final Map<String, Long> lastHeard = new HashMap<>();
    /** Whether any member or witness has been heard since the start (then this is no cold start of the cluster). */
    private boolean holderEverHeard;
    private final Map<String, Long> readySince = new HashMap<>();
    private final Map<String, Heartbeat> lastBeat = new HashMap<>();
    /** The operator's hand-over: its target while pending, and until when it may be tried. */
    private String requestedTarget = "";
    private long requestedUntil;
    /** The current claim answers a hand-over heartbeat (so a better-ranked member being ready does not stop it). */
    private boolean claimByHandOver;
    /** Holding by the operator's hand-over from a better-ranked member: no fail-back (see the class comment). */
    private boolean pinned;
    private boolean pinOnTake;

    /**
     * Changes the fail-back delay of the running election (the manager's policy); negative: never hand back.
     * A better-ranked member already ready counts from when it became ready, so a shorter delay can hand back at
     * the next step; everything else (role, epoch, lease) is kept.
     */
    public void failbackDelay(long millis) {
        s = new Settings(s.cluster(), s.self(), s.ranked(), s.witnesses(), s.heartbeatMillis(), s.deadAfterMillis(),
            s.leaseMillis(), s.renewMillis(), millis);
    }

    /** The fail-back delay in force (negative: never). */
    public long failbackDelay() {
        return s.failbackDelayMillis();
    }

    public VipElection(Settings settings, long now) {
        this.s = settings;
        this.startedAt = now;
        this.nextHeartbeat = now;
        this.nextRound = now;
    }

    public Role role() {
        return role;
    }

    public long epoch() {
        return epoch;
    }

    /** How many witnesses answered within the last two renew intervals. */
    public int reach(long now) {
        int n = 0;
        for (long t : lastAnswer.values()) {
            if (now - t <= 2 * s.renewMillis()) {
                n++;
            }
        }
        return n;
    }

    /**
     * The operator asks this member to hand the VIP to {@code target} (a switchover). Accepted only on the holder
     * and for a ready member of the cluster; the transfer then runs at the next renew round through the
     * witnesses, like a fail-back (no gap beyond a few milliseconds), and the new holder is pinned if it is
     * ranked below this one. If the transfer has not happened within {@code timeoutMillis} (the target stopped
     * being ready, the witnesses did not answer) the request lapses and this member keeps the VIP.
     *
     * @return why the request is refused (for the operator, naming the member and what to do); empty if accepted
     */
    public java.util.Optional<String> requestHandOver(String target, long timeoutMillis, long now) {
        java.util.Optional<String> refusal = handOverRefusal(target, now);
        if (refusal.isPresent()) {
            return refusal;
        }
        requestedTarget = target;
        requestedUntil = now + Math.max(timeoutMillis, 1);
        lastTransferAt = Long.MIN_VALUE / 2; // at the next round
        return java.util.Optional.empty();
    }

    /** Why {@link #requestHandOver} would refuse {@code target} now; empty if it would accept. Changes nothing. */
    public java.util.Optional<String> handOverRefusal(String target, long now) {
        String refusal = null;
        if (target.equals(s.self())) {
            refusal = s.self() + " already holds the VIP of " + s.cluster() + "; name another member";
        } else if (!s.ranked().contains(target)) {
            refusal = target + " is not a load balancer or backup of " + s.cluster() + " (members: "
                + String.join(", ", s.ranked()) + ")";
        } else if (role != Role.HOLDER) {
            refusal = s.self() + " does not hold the VIP of " + s.cluster() + " (it is " + role.name().toLowerCase(
                java.util.Locale.ROOT) + "); ask the holder" + java.util.Optional.ofNullable(liveHolder(now))
                .map(h -> ", " + h).orElse("");
        } else if (!ready(target, now)) {
            refusal = target + " is not ready to take the VIP of " + s.cluster() + " (" + (alive(target, now)
                ? "it reaches fewer than " + s.majority() + " of the " + s.witnesses() + " witnesses"
                : "not heard for " + s.deadAfterMillis() + " ms") + "); check its node agent";
        }
        return java.util.Optional.ofNullable(refusal);
    }

    /** How this member sees the cluster now (see {@link Status}). */
    public Status status(long now) {
        List<String> readyMembers = new ArrayList<>();
        for (String m : s.ranked()) {
            if (m.equals(s.self()) ? reach(now) >= s.majority() || !s.leased() : ready(m, now)) {
                readyMembers.add(m);
            }
        }
        String holder = role == Role.HOLDER ? s.self() : java.util.Objects.requireNonNullElse(liveHolder(now), "");
        return new Status(role, holder, role == Role.HOLDER ? epoch : newestGranted,
            role == Role.HOLDER ? Math.max(0, Math.min(validUntil, Long.MAX_VALUE / 2) - now) : 0, reach(now),
            readyMembers, pinned, requestedTarget);
    }

    public List<Action> tick(long now) {
        List<Action> out = new ArrayList<>();
        if (!s.leased()) {
            if (role != Role.HOLDER) {
                role = Role.HOLDER;
                out.add(new TakeVip(epoch, Long.MAX_VALUE, "the only load balancer of " + s.cluster()
                    + " (no backups)"));
            }
            return out;
        }
        switch (role) {
            case HOLDER -> holderTick(now, out);
            case CANDIDATE -> {
                // a claim not granted within its round is over; the standby rules decide whether to claim again
                if ((!claimByHandOver && betterRankedReady(now)) || liveHolder(now) != null || now >= nextRound) {
                    claimByHandOver = false;
                    role = Role.STANDBY;
                    purpose = null;
                    standbyTick(now, out);
                }
            }
            case STANDBY -> standbyTick(now, out);
        }
        if (now >= nextHeartbeat) {
            out.add(heartbeat(now));
        }
        return out;
    }

    private void holderTick(long now, List<Action> out) {
        if (now >= validUntil) {
            release("its lease was not renewed by a majority of the " + s.witnesses() + " witnesses within "
                + s.leaseMillis() + " ms (cut off from them?)", now, out);
            return;
        }
        if (now < nextRound) {
            return;
        }
        if (!requestedTarget.isEmpty() && (now >= requestedUntil || !ready(requestedTarget, now))) {
            requestedTarget = ""; // the operator's hand-over did not happen in time, or its target went away
        }
        String back = requestedTarget.isEmpty() ? failbackTarget(now) : requestedTarget;
        // A transfer round renews nothing: try one at most every fourth round, so that a transfer the witnesses
        // do not complete cannot starve the lease.
        if (!back.isEmpty() && now - lastTransferAt >= 4 * s.renewMillis()) {
            lastTransferAt = now;
            transferTarget = back;
            ask(Purpose.TRANSFER, WitnessLedger.Request.transfer(s.cluster(), s.self(), epoch, back), now, out);
        } else {
            if (newestGranted > epoch) {
                // Someone was granted a newer epoch somewhere (a failed claim while this holder was silent):
                // renew under a newer one, or those witnesses would refuse this holder for good.
                epoch = newestGranted + 1;
            }
            ask(Purpose.RENEW, WitnessLedger.Request.claim(s.cluster(), s.self(), epoch), now, out);
        }
    }

    private void standbyTick(long now, List<Action> out) {
        if (now < nextRound) {
            return;
        }
        // Listen first: a holder may be serving already. At a cold start a backup also gives the better-ranked
        // members time to come up (four leases per rank), so that agents started together do not move the VIP
        // to a backup and back.
        long listen = s.deadAfterMillis() + (holderEverHeard ? 0 : 4L * s.leaseMillis() * s.ranked().indexOf(s.self()));
        boolean listened = now - startedAt >= listen;
        // Claim only when reaching a majority: a member that cannot win would keep its minority of grants alive
        // by asking again and again, and so block the member that can.
        // Nor while the member it just handed the VIP to is alive and about to take it.
        boolean handingOver = !handoverTo.isEmpty() && alive(handoverTo, now);
        if (listened && reach(now) >= s.majority() && liveHolder(now) == null && !betterRankedReady(now)
            && !handingOver) {
            role = Role.CANDIDATE;
            epoch = newestGranted + 1;
            ask(Purpose.CLAIM, WitnessLedger.Request.claim(s.cluster(), s.self(), epoch), now, out);
        } else {
            ask(Purpose.PROBE, WitnessLedger.Request.probe(s.cluster(), s.self()), now, out);
        }
    }

    /** A better-ranked member that has been ready for the fail-back delay, if the policy hands back. */
    private String failbackTarget(long now) {
        if (s.failbackDelayMillis() < 0 || pinned) {
            return "";
        }
        for (String m : s.ranked()) {
            if (m.equals(s.self())) {
                return "";
            }
            Long since = readySince.get(m);
            if (ready(m, now) && since != null && now - since >= s.failbackDelayMillis()) {
                return m;
            }
        }
        return "";
    }

    public List<Action> onHeartbeat(Heartbeat hb, long now) {
        List<Action> out = new ArrayList<>();
        if (!hb.cluster().equals(s.cluster()) || hb.from().equals(s.self()) || !s.ranked().contains(hb.from())) {
            return out;
        }
        boolean wasReady = ready(hb.from(), now);
        holderEverHeard |= hb.holding();
        lastHeard.put(hb.from(), now);
        lastBeat.put(hb.from(), hb);
        if (!ready(hb.from(), now)) {
            readySince.remove(hb.from());
        } else if (!wasReady) {
            readySince.put(hb.from(), now);
        }
        newestGranted = Math.max(newestGranted, hb.epoch());
        if (hb.from().equals(handoverTo) && hb.holding()) {
            handoverTo = ""; // it took over: stop announcing the hand-over
        }
        if (role == Role.HOLDER && hb.holding() && hb.epoch() > epoch) {
            release(hb.from() + " holds the VIP at the newer epoch " + hb.epoch(), now, out);
        } else if (role == Role.CANDIDATE && hb.holding() && hb.epoch() >= epoch) {
            role = Role.STANDBY;
        } else if (role != Role.HOLDER && s.self().equals(hb.handoverTo()) && !hb.holding()
            && hb.epoch() >= epoch) {
            // the holder handed the lease to me at this epoch: the witnesses grant it at once
            role = Role.CANDIDATE;
            claimByHandOver = true;
            // handed down the ranks: only an operator does that, so this member keeps the VIP (no fail-back)
            pinOnTake = s.ranked().indexOf(hb.from()) < s.ranked().indexOf(s.self());
            epoch = hb.epoch();
            ask(Purpose.CLAIM, WitnessLedger.Request.claim(s.cluster(), s.self(), epoch), now, out);
        }
        return out;
    }

    public List<Action> onReply(String witness, long replyRound, WitnessLedger.Reply reply, long now) {
        List<Action> out = new ArrayList<>();
        lastAnswer.put(witness, now);
        Renewal renewal = renewals.get(replyRound);
        if (renewal != null) {
            if (role == Role.HOLDER && reply.granted() && renewal.grants().add(witness)
                && renewal.grants().size() >= s.majority()) {
                long end = leaseEnd(renewal.sentAt());
                renewals.keySet().removeIf(r -> r <= replyRound); // older rounds can only end sooner
                if (end > validUntil) {
                    validUntil = end;
                    out.add(new LeaseExtended(epoch, validUntil));
                }
            }
            if (replyRound != round) {
                return out;
            }
        }
        if (replyRound != round || !answered.add(witness)) {
            return out;
        }
        newestGranted = Math.max(newestGranted, reply.epoch());
        if (purpose == null || purpose == Purpose.PROBE) {
            return out; // nothing to decide (a probe, or a round already decided)
        }
        if (!reply.granted()) {
            // A holder refused by one witness keeps serving: only a majority could grant someone else, and none
            // can while this holder's lease runs (its last majority still holds it). If the majority is gone,
            // the renewals fail and the lease ends by itself.
            refusedRemaining = Math.max(refusedRemaining, reply.remainingMillis());
            if (role == Role.CANDIDATE && answered.size() - grants.size() > s.witnesses() - s.majority()) {
                // no majority this round (someone's lease still runs, or my epoch is stale): stand by; claim
                // again with an epoch above every one seen when that lease has run out
                role = Role.STANDBY;
                purpose = null;
                // again when the lease that refused runs out (a witness still starting: in half a round)
                nextRound = Math.min(nextRound, now + (refusedRemaining > 0 ? refusedRemaining + 1
                    : Math.max(1, s.renewMillis() / 2)));
            }
            return out;
        }
        grants.add(witness);
        if (grants.size() < s.majority()) {
            return out;
        }
        Purpose done = purpose;
        purpose = null;
        switch (done) {
            case CLAIM -> {
                if (leaseEnd(roundSentAt) - now < s.renewMillis()) {
                    // Granted too late to be of use (this member stalled, or the replies were slow): the lease
                    // may be over at the witnesses already and someone else granted. Do not take the VIP.
                    role = Role.STANDBY;
                    return out;
                }
                role = Role.HOLDER;
                pinned = claimByHandOver && pinOnTake;
                claimByHandOver = false;
                pinOnTake = false;
                renewals.clear();
                newestGranted = Math.max(newestGranted, epoch);
                handoverTo = "";
                validUntil = leaseEnd(roundSentAt);
                out.add(new TakeVip(epoch, validUntil, "a majority of the " + s.witnesses() + " witnesses granted "
                    + "the VIP of " + s.cluster() + " at epoch " + epoch));
                out.add(heartbeat(now));
            }
            case RENEW -> {
                // extended above, from the renewals (where this round is too)
            }
            case TRANSFER -> {
                long handed = epoch + 1;
                role = Role.STANDBY;
                pinned = false;
                renewals.clear(); // the lease is the new holder's now: no late renewal may extend it here
                boolean requested = transferTarget.equals(requestedTarget);
                requestedTarget = "";
                out.add(new ReleaseVip(epoch, requested ? "handed over to " + transferTarget + " (the operator's "
                    + "switchover)" : "handed back to " + transferTarget + " (better ranked, ready for "
                    + s.failbackDelayMillis() + " ms)"));
                epoch = handed;
                newestGranted = Math.max(newestGranted, handed);
                handoverTo = transferTarget;
                out.add(heartbeat(now));
            }
            default -> throw new IllegalStateException(done.name());
        }
        return out;
    }

    /** The holder counts its lease from sending the request, minus a margin for clock rate differences. */
    private long leaseEnd(long sentAt) {
        return sentAt + s.leaseMillis() - Math.max(1, s.leaseMillis() / 10);
    }

    private void ask(Purpose p, WitnessLedger.Request request, long now, List<Action> out) {
        purpose = p;
        round++;
        roundSentAt = now;
        grants.clear();
        answered.clear();
        refusedRemaining = 0;
        nextRound = now + s.renewMillis();
        renewals.values().removeIf(r -> now - r.sentAt() >= s.leaseMillis());
        if (p == Purpose.RENEW) {
            renewals.put(round, new Renewal(now, new HashSet<>()));
        }
        out.add(new AskWitnesses(request, round));
    }

    private void release(String reason, long now, List<Action> out) {
        role = Role.STANDBY;
        pinned = false;
        requestedTarget = "";
        purpose = null;
        renewals.clear();
        out.add(new ReleaseVip(epoch, reason));
        out.add(heartbeat(now));
    }

    private SendHeartbeat heartbeat(long now) {
        nextHeartbeat = now + s.heartbeatMillis();
        boolean holding = role == Role.HOLDER;
        return new SendHeartbeat(new Heartbeat(s.cluster(), s.self(), holding ? epoch : newestGranted, holding,
            reach(now), holding ? "" : handoverTo));
    }

    private boolean alive(String member, long now) {
        Long t = lastHeard.get(member);
        return t != null && now - t <= s.deadAfterMillis();
    }

    /** Heard lately and reaching a majority of the witnesses: able to hold the VIP. */
    private boolean ready(String member, long now) {
        Heartbeat hb = lastBeat.get(member);
        return alive(member, now) && hb != null && hb.reach() >= s.majority();
    }

    private boolean betterRankedReady(long now) {
        for (String m : s.ranked()) {
            if (m.equals(s.self())) {
                return false;
            }
            if (ready(m, now)) {
                return true;
            }
        }
        return false;
    }

    /** A member heard holding the VIP within deadAfter, if any. */
    private String liveHolder(long now) {
        for (Map.Entry<String, Heartbeat> e : lastBeat.entrySet()) {
            if (e.getValue().holding() && alive(e.getKey(), now)) {
                return e.getKey();
            }
        }
        return null;
    }
}
