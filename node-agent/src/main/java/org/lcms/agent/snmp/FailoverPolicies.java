package org.lcms.agent.snmp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.config.ManagedPolicy;
import org.lcms.agent.failover.FailoverRuntime;
import org.lcms.agent.health.HealthCheckedDriver;

/**
 * The failover policies the manager wrote (lcmsFailoverPolicyTable): checks a write ({@link ManagedPolicy}), applies
 * it to the running election and health checks, and keeps it for the state file. Thread-safe: SETs come from the
 * SNMP workers one at a time per request, reads from any thread.
 */
final class FailoverPolicies {
    private static final Logger LOG = Logger.getLogger(FailoverPolicies.class.getName());

    /** The outcome of checking a write: a malformed text (wrongValue), one this agent cannot apply, or fine. */
    sealed interface Check {
        record Malformed(String reason) implements Check {
        }

        record Inconsistent(String reason) implements Check {
        }

        record Fine(ManagedPolicy policy) implements Check {
        }
    }

    private final AgentConfig config;
    private final Optional<HealthCheckedDriver> healthChecks;
    private final Supplier<Optional<FailoverRuntime>> failover;
    private final Runnable persist;
    /** The clusters of the file, in order (the rows), with whether this agent is their LB or a backup. */
    private final Map<String, Boolean> clusters = new LinkedHashMap<>();
    private final Map<String, ManagedPolicy> kept = new TreeMap<>();
    /**
     * {@link #kept}'s texts as the state file keeps them, replaced whole at every change and read without the lock:
     * the failover thread reads them (a take or release persists the state) while a SET or the start holds the lock
     * waiting for that very thread ({@link #attachTo}), which would otherwise stall both until the wait timed out.
     */
    private volatile Map<String, String> keptTexts = Map.of();
    private final Map<String, String> results = new TreeMap<>();

    /**
     * @param keptTexts the policies from the state file; one this agent can no longer apply (its file changed) is
     *     dropped with a warning and the file's values stay in force
     */
    FailoverPolicies(AgentConfig config, Map<String, String> keptTexts, Optional<HealthCheckedDriver> healthChecks,
                     Supplier<Optional<FailoverRuntime>> failover, Runnable persist) {
        this.config = config;
        this.healthChecks = healthChecks;
        this.failover = failover;
        this.persist = persist;
        config.failover().ifPresent(f -> f.clusters().forEach(c -> clusters.put(c.name(),
            c.ranked().stream().anyMatch(p -> p.name().equals(f.self())))));
        keptTexts.forEach((cluster, text) -> {
            Check c = check(cluster, text);
            if (c instanceof Check.Fine fine) {
                kept.put(cluster, fine.policy());
            } else {
                LOG.warning("the kept failover policy of " + cluster + " '" + text + "' is dropped, agent.cfg's "
                    + "values are in force: " + reason(c) + " (the manager writes it again if it still can)");
            }
        });
        keptChanged();
        // the health checks are the agent's (one list for its load balancing): a kept policy that sets them applies
        // over the file's from the start, before any table is checked
        kept.values().stream().filter(ManagedPolicy::touchesHealthChecks).findFirst().ifPresent(p ->
            healthChecks.ifPresent(h -> h.reconfigure(p.healthCheck(config.healthCheck()))));
    }

    List<String> clusters() {
        return List.copyOf(clusters.keySet());
    }

    Check check(String cluster, String text) {
        Boolean member = clusters.get(cluster);
        if (member == null) {
            return new Check.Inconsistent("this agent takes no part in the failover of cluster " + cluster);
        }
        ManagedPolicy p;
        try {
            p = ManagedPolicy.parse(text);
        } catch (ManagedPolicy.Malformed e) {
            return new Check.Malformed(e.getMessage());
        }
        return p.refusal(config, cluster, member).<Check>map(Check.Inconsistent::new).orElse(new Check.Fine(p));
    }

    static String reason(Check c) {
        return c instanceof Check.Malformed m ? m.reason() : c instanceof Check.Inconsistent i ? i.reason() : "";
    }

    /** Keeps a refusal as the last write's outcome (an SNMP error carries no text). */
    synchronized void refused(String cluster, String text, String reason) {
        results.put(cluster, "refused '" + text + "': " + reason);
        LOG.info("failover policy of " + cluster + ": refused '" + text + "': " + reason);
    }

    /** Applies a checked policy to the running election and checks, keeps it and writes the state file. */
    synchronized void apply(String cluster, ManagedPolicy policy) {
        attachTo(cluster, policy);
        if (policy.touchesHealthChecks() || kept.getOrDefault(cluster, ManagedPolicy.NONE).touchesHealthChecks()) {
            healthChecks.ifPresent(h -> h.reconfigure(policy.healthCheck(config.healthCheck())));
        }
        if (policy.isEmpty()) {
            kept.remove(cluster);
        } else {
            kept.put(cluster, policy);
        }
        keptChanged();
        results.put(cluster, "applied: " + (policy.isEmpty() ? "everything from agent.cfg" : policy.text()));
        LOG.info("failover policy of " + cluster + " set by the manager: " + (policy.isEmpty() ? "(agent.cfg's)"
            : policy.text()));
        persist.run();
    }

    /** Gives the running failover the kept fail-back delays (called once it runs). */
    synchronized void failoverStarted() {
        kept.forEach(this::attachTo);
    }

    private void attachTo(String cluster, ManagedPolicy policy) {
        long file = config.failover().flatMap(f -> f.clusters().stream().filter(c -> c.name().equals(cluster))
            .findFirst()).map(AgentConfig.FailoverCluster::failbackDelay).orElse(10_000L);
        failover.get().ifPresent(f -> f.failbackDelay(cluster, policy.failbackDelay(file)));
    }

    synchronized String set(String cluster) {
        return kept.getOrDefault(cluster, ManagedPolicy.NONE).text();
    }

    synchronized String result(String cluster) {
        return results.getOrDefault(cluster, "");
    }

    /** Every setting in force for {@code cluster} (the running election's fail-back delay, the checks in force). */
    synchronized String inForce(String cluster) {
        ManagedPolicy p = kept.getOrDefault(cluster, ManagedPolicy.NONE);
        long file = config.failover().flatMap(f -> f.clusters().stream().filter(c -> c.name().equals(cluster))
            .findFirst()).map(AgentConfig.FailoverCluster::failbackDelay).orElse(10_000L);
        AgentConfig.HealthCheck hc = healthChecks.map(HealthCheckedDriver::settings)
            .orElse(p.healthCheck(config.healthCheck()));
        return ManagedPolicy.inForce(p.failbackDelay(file), hc);
    }

    /** The kept policies as the state file keeps them; never waits (see {@link #keptTexts}). */
    Map<String, String> texts() {
        return keptTexts;
    }

    private void keptChanged() {
        Map<String, String> out = new TreeMap<>();
        kept.forEach((c, p) -> out.put(c, p.text()));
        keptTexts = java.util.Collections.unmodifiableMap(out);
    }
}
