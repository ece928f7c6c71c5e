package org.lcms.snmp.api;

import java.util.List;
import java.util.Objects;

/**
 * One row of an agent's lcmsFailoverTable: how that agent sees the VIP election of one cluster (what the agents
 * decided; the manager never decides who holds the VIP).
 *
 * @param index the row's lcmsFailoverIndex on that agent
 * @param rank 0 the load balancer, 1 the primary backup, ...; -1 a witness only
 * @param holder the member this agent believes holds the VIP; empty if it knows of none
 * @param epoch the holder's epoch when this agent holds the VIP, else the newest it knows was granted
 * @param leaseRemainingMillis how long this agent's own lease still runs (0 unless it holds the VIP)
 * @param reach witnesses that answered it lately, of {@code witnesses}
 * @param ready the load balancer and backups it sees ready to hold the VIP, in rank order
 * @param pinned it holds the VIP by an operator's hand-over down the chain: no fail-back
 * @param policySet the failover policy the manager wrote and the agent keeps (lcmsFailoverPolicySet); empty: none
 * @param policyInForce every setting of the policy in force on that agent (lcmsFailoverPolicyInForce); empty from
 *     an agent without lcmsFailoverPolicyTable
 */
public record FailoverReport(int index, String cluster, int rank, FailoverState state, String holder, long epoch,
                             long leaseRemainingMillis, int reach, int witnesses, List<String> ready,
                             boolean pinned, String policySet, String policyInForce) {

    /** Without the policy columns. */
    public FailoverReport(int index, String cluster, int rank, FailoverState state, String holder, long epoch,
                          long leaseRemainingMillis, int reach, int witnesses, List<String> ready, boolean pinned) {
        this(index, cluster, rank, state, holder, epoch, leaseRemainingMillis, reach, witnesses, ready, pinned, "",
            "");
    }

    /** lcmsFailoverState. */
    public enum FailoverState {
        WITNESS, STANDBY, CANDIDATE, HOLDER, UNKNOWN;

        public static FailoverState ofMib(int value) {
            return switch (value) {
                case 1 -> WITNESS;
                case 2 -> STANDBY;
                case 3 -> CANDIDATE;
                case 4 -> HOLDER;
                default -> UNKNOWN;
            };
        }
    }

    public FailoverReport {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(state, "state");
        holder = Objects.requireNonNullElse(holder, "");
        ready = List.copyOf(ready);
        policySet = Objects.requireNonNullElse(policySet, "");
        policyInForce = Objects.requireNonNullElse(policyInForce, "");
    }

    public boolean holding() {
        return state == FailoverState.HOLDER;
    }

    /** The same report without the figures that change at every poll (lease left, reach). */
    public FailoverReport withoutTimers() {
        return new FailoverReport(index, cluster, rank, state, holder, epoch, 0, 0, witnesses, ready, pinned, policySet,
            policyInForce);
    }
}
