package org.lcms.failover.core;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Decides the status of one health check of one real server from its raw results: probes only report success
 * or failure (keepalived's checker shape), this applies rise/fall counts and damps flapping. Times are a
 * monotonic clock in milliseconds supplied by the caller. Not thread-safe: one owner per check.
 *
 * <pre>
 * from   on                                            to     change reported
 * UP     `fall` failures in a row                      DOWN   "failed: DETAIL"
 * DOWN   `rise` successes in a row                     UP     "recovered"
 * UP/DOWN a transition that makes `flapLimit` within
 *        `flapWindow`                                  HELD   "flapping: N changes in W ms, held out for H ms"
 * HELD   `holdDown` over, then `rise` successes        UP     "recovered after being held out"
 * </pre>
 *
 * A new check starts UP, as keepalived's checkers do unless told otherwise ({@code alpha}); with
 * {@link Policy#startDown} it starts DOWN and needs {@code rise} successes first.
 */
public final class HealthHysteresis {

    public enum Status {
        /** In rotation. */
        UP,
        /** Out of rotation until {@code rise} successes. */
        DOWN,
        /** Flapping: out of rotation for {@code holdDown}, then until {@code rise} successes. */
        HELD
    }

    /**
     * @param rise successes in a row that bring a server back (1..100)
     * @param fall failures in a row that take it out (1..100)
     * @param flapLimit transitions within {@code flapWindowMillis} that mark it flapping (2..100; 0 = never)
     * @param holdDownMillis how long a flapping server is held out before it may recover
     * @param startDown a new check starts DOWN (needs {@code rise} successes) instead of UP
     */
    public record Policy(int rise, int fall, int flapLimit, long flapWindowMillis, long holdDownMillis,
                         boolean startDown) {
        public static final Policy DEFAULT = new Policy(2, 3, 6, 60_000, 120_000, false);

        public Policy {
            check("rise", rise, 1, 100);
            check("fall", fall, 1, 100);
            if (flapLimit != 0) {
                check("flapLimit", flapLimit, 2, 100);
            }
            if (flapWindowMillis < 0 || holdDownMillis < 0) {
                throw new IllegalArgumentException("flap window and hold-down must not be negative");
            }
        }

        private static void check(String what, int v, int min, int max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(what + " = " + v + ": give " + min + ".." + max);
            }
        }
    }

    /** A status change and why, for the event that reports it. */
    public record Change(Status from, Status to, String reason) {
    }

    private Policy policy;
    private Status status;
    private int successes;
    private int failures;
    private long heldUntil;
    private final ArrayDeque<Long> transitions = new ArrayDeque<>();

    public HealthHysteresis(Policy policy) {
        this.policy = policy;
        this.status = policy.startDown() ? Status.DOWN : Status.UP;
    }

    /**
     * Takes new rise, fall and flap settings (the manager's policy) from the next probe on; the status and the
     * successes or failures counted so far are kept, so a changed policy moves no server by itself.
     */
    public void policy(Policy next) {
        policy = java.util.Objects.requireNonNull(next);
    }

    public Status status() {
        return status;
    }

    /** Takes one probe result; returns the status change it caused, if any. */
    public Optional<Change> record(boolean success, String detail, long now) {
        if (success) {
            successes++;
            failures = 0;
        } else {
            failures++;
            successes = 0;
        }
        return switch (status) {
            case UP -> failures >= policy.fall() ? transition(Status.DOWN, "failed: " + detail, now) : Optional.empty();
            case DOWN -> successes >= policy.rise() ? transition(Status.UP, "recovered", now) : Optional.empty();
            case HELD -> {
                if (now < heldUntil) {
                    successes = 0; // only successes after the hold-down count
                    yield Optional.empty();
                }
                if (successes >= policy.rise()) {
                    transitions.clear();
                    Status from = status;
                    status = Status.UP;
                    yield Optional.of(new Change(from, Status.UP, "recovered after being held out for flapping"));
                }
                yield Optional.empty();
            }
        };
    }

    private Optional<Change> transition(Status to, String reason, long now) {
        Status from = status;
        successes = 0;
        failures = 0;
        transitions.addLast(now);
        while (!transitions.isEmpty() && transitions.peekFirst() < now - policy.flapWindowMillis()) {
            transitions.removeFirst();
        }
        if (policy.flapLimit() > 0 && transitions.size() >= policy.flapLimit()) {
            status = Status.HELD;
            heldUntil = now + policy.holdDownMillis();
            return Optional.of(new Change(from, Status.HELD, "flapping: " + transitions.size() + " changes within "
                + policy.flapWindowMillis() + " ms, held out for " + policy.holdDownMillis() + " ms (last: "
                + reason + ")"));
        }
        status = to;
        return Optional.of(new Change(from, to, reason));
    }
}
