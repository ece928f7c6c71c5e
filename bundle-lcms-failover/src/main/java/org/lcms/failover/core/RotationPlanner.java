package org.lcms.failover.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The RS manager's decision: from the cluster's real servers (as the operator configured them), their health
 * and their load factors, the dispatch table the load balancer should have. Pure; the data-plane driver applies
 * the difference. As keepalived's {@code ipwrapper} does for IPVS, health only ever takes a server out or puts it
 * back; the operator's weight stays the operator's.
 *
 * <pre>
 * operator   health        policy   in the table
 * enabled    UP            any      weight = configured x load factor (at least 1), active
 * enabled    DOWN / HELD   DRAIN    weight 0: no new connections, existing ones finish
 * enabled    DOWN / HELD   REMOVE   absent
 * drained    any           any      weight 0 (lcms:drain)
 * no server with weight > 0 left, a sorry server configured: the sorry server, weight 1
 * </pre>
 */
public final class RotationPlanner {

    public enum OnFailure { DRAIN, REMOVE }

    /** The operator's choice for one real server. */
    public enum AdminState { ENABLED, DRAINED }

    /** A real server as configured: its weight is the operator's (0..65535). */
    public record Member(String host, String address, int weight, AdminState admin) {
        public Member {
            Objects.requireNonNull(host);
            Objects.requireNonNull(address);
            Objects.requireNonNull(admin);
            if (weight < 0 || weight > 65_535) {
                throw new IllegalArgumentException("weight of " + host + " is " + weight + ": give 0..65535");
            }
        }
    }

    /** @param sorryServer the address that answers when no real server can (e.g. a maintenance page) */
    public record Policy(OnFailure onFailure, Optional<String> sorryServer) {
        public static final Policy DEFAULT = new Policy(OnFailure.DRAIN, Optional.empty());
    }

    public enum EntryState { ACTIVE, DRAINING, SORRY }

    /** One row of the dispatch table, and why it is as it is. */
    public record Entry(String host, String address, int weight, EntryState state, String reason) {
    }

    /** The table; {@code removed} lists the members left out, with why. */
    public record Plan(List<Entry> entries, List<Entry> removed) {
        public boolean sorryActive() {
            return entries.stream().anyMatch(e -> e.state() == EntryState.SORRY);
        }

        public Optional<Entry> entry(String host) {
            return entries.stream().filter(e -> e.host().equals(host)).findFirst();
        }
    }

    private RotationPlanner() {
    }

    /**
     * @param health each member's verdict; a member without one is taken as UP (not checked yet)
     * @param loadFactors each member's load-aware factor ({@link LoadAwareWeights}); absent = 1
     */
    public static Plan plan(List<Member> members, Map<String, HealthHysteresis.Status> health,
                            Map<String, Double> loadFactors, Policy policy) {
        List<Entry> entries = new ArrayList<>();
        List<Entry> removed = new ArrayList<>();
        for (Member m : members) {
            HealthHysteresis.Status h = health.getOrDefault(m.host(), HealthHysteresis.Status.UP);
            if (m.admin() == AdminState.DRAINED) {
                entries.add(new Entry(m.host(), m.address(), 0, EntryState.DRAINING, "drained by the operator"));
            } else if (h != HealthHysteresis.Status.UP) {
                String why = h == HealthHysteresis.Status.HELD ? "held out for flapping" : "failed its health check";
                if (policy.onFailure() == OnFailure.DRAIN) {
                    entries.add(new Entry(m.host(), m.address(), 0, EntryState.DRAINING, why
                        + ": drained (existing connections finish)"));
                } else {
                    removed.add(new Entry(m.host(), m.address(), 0, EntryState.DRAINING, why + ": removed"));
                }
            } else {
                double factor = loadFactors.getOrDefault(m.host(), 1.0);
                int weight = effectiveWeight(m.weight(), factor);
                entries.add(new Entry(m.host(), m.address(), weight, EntryState.ACTIVE, factor == 1.0 ? "healthy"
                    : String.format(java.util.Locale.ROOT, "healthy, load factor %.2f", factor)));
            }
        }
        boolean serving = entries.stream().anyMatch(e -> e.state() == EntryState.ACTIVE && e.weight() > 0);
        if (!serving && policy.sorryServer().isPresent()) {
            entries.add(new Entry("sorry-server", policy.sorryServer().get(), 1, EntryState.SORRY,
                "no real server can take new connections"));
        }
        return new Plan(List.copyOf(entries), List.copyOf(removed));
    }

    /** The configured weight scaled by the load factor; a server the operator weighted stays at least 1. */
    static int effectiveWeight(int configured, double factor) {
        if (configured == 0) {
            return 0;
        }
        long w = Math.round(configured * factor);
        return (int) Math.max(1, Math.min(65_535, w));
    }
}
