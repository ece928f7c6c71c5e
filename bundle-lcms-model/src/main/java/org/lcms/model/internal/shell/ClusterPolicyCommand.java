package org.lcms.model.internal.shell;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.FailoverPolicy;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange.UpdateCluster;
import org.lcms.model.internal.shell.completers.ClusterIdCompleter;
import org.lcms.model.internal.shell.completers.HealthCheckCompleter;
import org.lcms.model.internal.shell.completers.OnFailureCompleter;

/**
 * Shows or changes a cluster's failover policy. Every option takes {@code agent} to give the setting back to the
 * agents' own configuration; without options the policy is shown.
 */
@Command(scope = "lcms", name = "cluster-policy", description = "Shows or sets a cluster's failover policy, which "
    + "the SNMP manager writes to its load balancer and backups (each value overrides the agents' agent.cfg; "
    + "'agent' gives a setting back to agent.cfg)")
@Service
public final class ClusterPolicyCommand extends LcmsCommand {
    static final String AGENT = "agent";

    @Argument(index = 0, name = "id", required = true, description = "cluster id")
    @Completion(ClusterIdCompleter.class)
    String id;

    @Option(name = "--failback-delay", description = "milliseconds the load balancer must be back and ready before "
        + "it gets the VIP again (0..3600000), never (the backup keeps it), or agent")
    String failbackDelay;

    @Option(name = "--health-check", description = "the load balancer's checks of the real servers: none, or a "
        + "comma-separated list of tcp, http, https, script, mib (script, mib and https need their settings in the "
        + "load balancer's agent.cfg), or agent")
    @Completion(HealthCheckCompleter.class)
    String healthCheck;

    @Option(name = "--interval", description = "milliseconds between two checks of a real server (10..3600000), "
        + "or agent")
    String interval;

    @Option(name = "--timeout", description = "milliseconds a check may take before it fails (1..600000), or agent")
    String timeout;

    @Option(name = "--rise", description = "successes in a row that put a failed real server back (1..100), or agent")
    String rise;

    @Option(name = "--fall", description = "failures in a row that take a real server out (1..100), or agent")
    String fall;

    @Option(name = "--on-failure", description = "what a failed real server gets: drain (weight 0, connections "
        + "finish) or remove (out of the table), or agent")
    @Completion(OnFailureCompleter.class)
    String onFailure;

    @Option(name = "--revision", description = "the cluster revision your change is based on (lcms:cluster-show); "
        + "if someone changed the cluster since, nothing is written. Default: the revision read just now")
    String revision;

    @Override
    void run() throws Exception {
        Inventory inventory = directory().inventory();
        LoadCluster current = existingCluster(inventory, id);
        if (failbackDelay == null && healthCheck == null && interval == null && timeout == null && rise == null
            && fall == null && onFailure == null) {
            out().println("cluster " + current.id() + " failover policy: " + current.policy()
                + (current.policy().isEmpty() ? "" : " (other settings: the agents' own)"));
            return;
        }
        FailoverPolicy p = current.policy();
        if (failbackDelay != null) {
            p = p.withFailbackDelay(longOption("--failback-delay", failbackDelay,
                v -> v.equalsIgnoreCase("never") ? FailoverPolicy.NEVER : Long.parseLong(v)));
        }
        if (healthCheck != null) {
            p = p.withHealthChecks(healthCheck.trim().equalsIgnoreCase(AGENT) ? Optional.empty()
                : Optional.of(FailoverPolicy.checks(healthCheck)));
        }
        if (interval != null) {
            p = p.withInterval(longOption("--interval", interval, Long::parseLong));
        }
        if (timeout != null) {
            p = p.withTimeout(longOption("--timeout", timeout, Long::parseLong));
        }
        if (rise != null) {
            p = p.withRise(intOption("--rise", rise));
        }
        if (fall != null) {
            p = p.withFall(intOption("--fall", fall));
        }
        if (onFailure != null) {
            p = p.withOnFailure(onFailure.trim().equalsIgnoreCase(AGENT) ? Optional.empty()
                : Optional.of(FailoverPolicy.OnFailure.parse(onFailure)));
        }
        apply(new UpdateCluster(current.withPolicy(p), expectedRevision(revision, current.revision())));
    }

    private static OptionalLong longOption(String option, String text, Function<String, Long> parse) {
        String v = text.trim();
        if (v.equalsIgnoreCase(AGENT)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(parse.apply(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a whole number of milliseconds"
                + (option.equals("--failback-delay") ? ", never" : "") + " or agent");
        }
    }

    private static OptionalInt intOption(String option, String text) {
        String v = text.trim();
        if (v.equalsIgnoreCase(AGENT)) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a whole number or agent");
        }
    }
}
