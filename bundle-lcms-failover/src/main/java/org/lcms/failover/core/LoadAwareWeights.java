package org.lcms.failover.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Load-aware weights (the design paper's future work): each real server's weight is scaled by a factor that
 * follows how loaded it is compared with the others, so that a server that is slower or busier than its
 * configured weight says gets fewer new connections. Bounded (the factor stays within [min, max]) and smoothed
 * (each update moves it part of the way, and at most {@code maxStep}), so one noisy reading cannot swing the
 * table. The configured weight is never changed; only the effective one in the dispatch table.
 *
 * <p>The load is what the agents report per server and unit of configured weight (e.g. load average / weight, or
 * active connections / weight). A server with a load equal to the cluster's mean gets 1.0. Not thread-safe.
 */
public final class LoadAwareWeights {

    /**
     * @param minFactor lowest factor (0 &lt; min &le; 1)
     * @param maxFactor highest factor (&ge; 1)
     * @param smoothing share of the way to the target that one update goes (0 &lt; s &le; 1)
     * @param maxStep largest change of a factor in one update
     */
    public record Policy(double minFactor, double maxFactor, double smoothing, double maxStep) {
        public static final Policy DEFAULT = new Policy(0.5, 2.0, 0.3, 0.25);

        public Policy {
            if (!(minFactor > 0 && minFactor <= 1 && maxFactor >= 1 && smoothing > 0 && smoothing <= 1
                && maxStep > 0)) {
                throw new IllegalArgumentException("load-aware weights need 0 < min <= 1 <= max, 0 < smoothing <= 1 "
                    + "and maxStep > 0 (min " + minFactor + ", max " + maxFactor + ", smoothing " + smoothing
                    + ", maxStep " + maxStep + ")");
            }
        }
    }

    private final Policy policy;
    private final Map<String, Double> factors = new HashMap<>();

    public LoadAwareWeights(Policy policy) {
        this.policy = policy;
    }

    /**
     * Takes one reading per server (only servers in rotation: a drained server's load says nothing) and returns
     * every server's factor. Servers without a reading go back to 1.
     */
    public Map<String, Double> update(Map<String, Double> loadPerWeight) {
        factors.keySet().retainAll(loadPerWeight.keySet());
        double mean = loadPerWeight.values().stream().mapToDouble(Double::doubleValue).filter(v -> v >= 0)
            .average().orElse(0);
        for (Map.Entry<String, Double> e : loadPerWeight.entrySet()) {
            double load = e.getValue();
            double target;
            if (load < 0 || mean <= 0) {
                target = 1.0; // no usable reading, or nobody loaded: nothing to balance
            } else if (load == 0) {
                target = policy.maxFactor(); // idle while others work
            } else {
                target = mean / load;
            }
            target = clamp(target, policy.minFactor(), policy.maxFactor());
            double old = factors.getOrDefault(e.getKey(), 1.0);
            double step = clamp((target - old) * policy.smoothing(), -policy.maxStep(), policy.maxStep());
            factors.put(e.getKey(), clamp(old + step, policy.minFactor(), policy.maxFactor()));
        }
        return Map.copyOf(factors);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
