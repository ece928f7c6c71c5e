package org.lcms.failover.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One witness's leases on the VIPs of the clusters it belongs to. Every agent of a cluster (load balancer,
 * backups, real servers) is a witness; a load balancer or backup holds a cluster's VIP only while a majority of
 * the witnesses grant it a lease. Two majorities always share a witness, and a witness grants a cluster's lease
 * to one holder at a time and to a new one only after the old lease ran out, so two holders can never both have
 * a valid lease: that is the fence against split brain.
 *
 * <pre>
 * request (candidate C, epoch E)          witness state (holder H, epoch F, expires X)   answer
 * C == H and E >= F                       any                                             grant: F := E, extend
 *                                                                                         to now+L
 * transfer to T, C == H and E == F        any                                             grant: H := T, F := E+1
 * E > F                                   lease over (now >= X) or none                   grant: H := C, F := E
 * anything else                           -                                               refuse, naming H, F, X-now
 * any                                     less than L since this witness started           refuse (it may have
 *                                                                                         forgotten a lease)
 * probe                                   any                                             refuse (a report)
 * </pre>
 *
 * Times are this witness's monotonic clock in milliseconds; a holder counts its lease from when it sent the
 * request (before any witness received it), so it always gives up before every witness lets go. Not
 * thread-safe: the agent serializes calls.
 */
public final class WitnessLedger {

    /**
     * A lease request. {@code transferTo} non-empty: the holder hands the VIP to that member (fail-back) at
     * {@code epoch + 1}, without a gap in which nobody holds the lease. {@code probe}: only asks how the lease
     * stands (a standby member measuring whether it reaches a majority); changes nothing.
     */
    public record Request(String cluster, String candidate, long epoch, String transferTo, boolean probe) {
        public Request {
            Objects.requireNonNull(cluster);
            Objects.requireNonNull(candidate);
            transferTo = Objects.requireNonNullElse(transferTo, "");
        }

        public static Request claim(String cluster, String candidate, long epoch) {
            return new Request(cluster, candidate, epoch, "", false);
        }

        public static Request transfer(String cluster, String holder, long epoch, String to) {
            return new Request(cluster, holder, epoch, to, false);
        }

        public static Request probe(String cluster, String member) {
            return new Request(cluster, member, 0, "", true);
        }
    }

    /** The answer: granted or not, and the lease as this witness now holds it. */
    public record Reply(String cluster, boolean granted, String holder, long epoch, long remainingMillis) {
    }

    private record Lease(String holder, long epoch, long expiresAt) {
    }

    private final long leaseMillis;
    private final long quietUntil;
    private final Map<String, Lease> leases = new HashMap<>();

    /**
     * @param startedAt when this witness started: it refuses everything for one lease time, since a lease it
     *     granted before a restart may still run
     */
    public WitnessLedger(long leaseMillis, long startedAt) {
        if (leaseMillis < 1) {
            throw new IllegalArgumentException("lease must be at least 1 ms, was " + leaseMillis);
        }
        this.leaseMillis = leaseMillis;
        this.quietUntil = startedAt + leaseMillis;
    }

    public Reply answer(Request r, long now) {
        Lease l = leases.get(r.cluster());
        if (now < quietUntil || r.probe()) {
            return refuse(r, l, now);
        }
        if (l != null && r.candidate().equals(l.holder())) {
            // the same holder: extending (or raising its own epoch, after it retried) makes no second holder
            Lease next = null;
            if (r.transferTo().isEmpty() && r.epoch() >= l.epoch()) {
                next = new Lease(l.holder(), r.epoch(), now + leaseMillis);
            } else if (!r.transferTo().isEmpty() && r.epoch() == l.epoch()) {
                next = new Lease(r.transferTo(), l.epoch() + 1, now + leaseMillis);
            }
            if (next != null) {
                leases.put(r.cluster(), next);
                return grant(r, next, now);
            }
            return refuse(r, l, now);
        }
        boolean free = l == null || now >= l.expiresAt();
        if (r.transferTo().isEmpty() && free && r.epoch() > (l == null ? 0 : l.epoch())) {
            Lease next = new Lease(r.candidate(), r.epoch(), now + leaseMillis);
            leases.put(r.cluster(), next);
            return grant(r, next, now);
        }
        return refuse(r, l, now);
    }

    private static Reply grant(Request r, Lease l, long now) {
        return new Reply(r.cluster(), true, l.holder(), l.epoch(), l.expiresAt() - now);
    }

    private static Reply refuse(Request r, Lease l, long now) {
        return l == null ? new Reply(r.cluster(), false, "", 0, 0)
            : new Reply(r.cluster(), false, l.holder(), l.epoch(), Math.max(0, l.expiresAt() - now));
    }
}
