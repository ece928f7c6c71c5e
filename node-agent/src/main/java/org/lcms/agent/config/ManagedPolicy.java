package org.lcms.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.lcms.failover.core.RotationPlanner;

/**
 * The failover policy the manager wrote for one cluster (LCMS-MIB lcmsFailoverPolicySet), over this agent's file.
 * Pure: parsing and checking with the ranges of {@link AgentConfigParser}, and the merge with the file's values.
 *
 * <p>Precedence: {@code agent.cfg} is complete on its own; a setting present here overrides the file's value of
 * the same setting; an absent one is the file's. Membership, keys and addresses are never set here.
 *
 * <pre>
 * text                                  answer             why
 * not NAME=VALUE, unknown NAME, a NAME  wrongValue         malformed
 * twice, a value out of the parser's
 * range
 * anything on a witness-only row        inconsistentValue  a witness elects nothing and checks nothing
 * healthCheck=script                    inconsistentValue  the file has no healthCheck.script
 * healthCheck=mib                       inconsistentValue  the file has no healthCheck.agent.user
 * healthCheck=https                     inconsistentValue  the file's checks do not include https (its tls.* settings)
 * a health-check setting, file none     inconsistentValue  the agent started without a checker (restart needed)
 * </pre>
 */
public record ManagedPolicy(OptionalLong failbackDelay, Optional<List<AgentConfig.HealthCheckKind>> checks,
                            OptionalLong interval, OptionalLong timeout, OptionalInt rise, OptionalInt fall,
                            Optional<RotationPlanner.OnFailure> onFailure) {
    public static final ManagedPolicy NONE = new ManagedPolicy(OptionalLong.empty(), Optional.empty(),
        OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty());
    /** The text's longest form (DisplayString (SIZE (0..255))). */
    public static final int MAX_TEXT = 255;

    /** A text that is no valid policy; the message names the word and the allowed values. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    public ManagedPolicy {
        checks = checks.map(List::copyOf);
    }

    /** True when nothing is set (every setting is the file's). */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** True when a setting of the health checks is set. */
    public boolean touchesHealthChecks() {
        return checks.isPresent() || interval.isPresent() || timeout.isPresent() || rise.isPresent()
            || fall.isPresent() || onFailure.isPresent();
    }

    /** Reads the manager's words (see LCMS-MIB lcmsFailoverPolicySet); ranges as {@link AgentConfigParser}. */
    public static ManagedPolicy parse(String text) throws Malformed {
        if (text.length() > MAX_TEXT) {
            throw new Malformed("the policy has " + text.length() + " characters; at most " + MAX_TEXT);
        }
        OptionalLong failback = OptionalLong.empty();
        Optional<List<AgentConfig.HealthCheckKind>> kinds = Optional.empty();
        OptionalLong interval = OptionalLong.empty();
        OptionalLong timeout = OptionalLong.empty();
        OptionalInt rise = OptionalInt.empty();
        OptionalInt fall = OptionalInt.empty();
        Optional<RotationPlanner.OnFailure> onFailure = Optional.empty();
        List<String> seen = new ArrayList<>();
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int eq = word.indexOf('=');
            if (eq < 1) {
                throw new Malformed("'" + word + "' is not NAME=VALUE");
            }
            String name = word.substring(0, eq);
            String v = word.substring(eq + 1);
            if (seen.contains(name)) {
                throw new Malformed(name + " is named twice");
            }
            seen.add(name);
            switch (name) {
                case "failbackDelay" -> failback = OptionalLong.of(v.equals("never") ? -1
                    : number(word, v, 0, 3_600_000, "milliseconds 0..3600000 or never"));
                case "healthCheck" -> kinds = Optional.of(kinds(word, v));
                case "interval" -> interval = OptionalLong.of(number(word, v, 10, 3_600_000, "milliseconds 10..3600000"));
                case "timeout" -> timeout = OptionalLong.of(number(word, v, 1, 600_000, "milliseconds 1..600000"));
                case "rise" -> rise = OptionalInt.of((int) number(word, v, 1, 100, "1..100"));
                case "fall" -> fall = OptionalInt.of((int) number(word, v, 1, 100, "1..100"));
                case "onFailure" -> onFailure = Optional.of(switch (v) {
                    case "remove" -> RotationPlanner.OnFailure.REMOVE;
                    case "drain" -> RotationPlanner.OnFailure.DRAIN;
                    default -> throw new Malformed("'" + word + "': use onFailure=remove or onFailure=drain");
                });
                default -> throw new Malformed("unknown setting '" + name + "'; use failbackDelay, healthCheck, "
                    + "interval, timeout, rise, fall, onFailure");
            }
        }
        return new ManagedPolicy(failback, kinds, interval, timeout, rise, fall, onFailure);
    }

    private static long number(String word, String v, long min, long max, String allowed) throws Malformed {
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Malformed("'" + word + "': give " + allowed);
    }

    private static List<AgentConfig.HealthCheckKind> kinds(String word, String v) throws Malformed {
        if (v.equals("none")) {
            return List.of();
        }
        List<AgentConfig.HealthCheckKind> out = new ArrayList<>();
        for (String item : v.split(",", -1)) {
            AgentConfig.HealthCheckKind k;
            try {
                k = AgentConfig.HealthCheckKind.valueOf(item.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                k = AgentConfig.HealthCheckKind.NONE;
            }
            if (k == AgentConfig.HealthCheckKind.NONE || !item.equals(item.toLowerCase(Locale.ROOT))
                || out.contains(k)) {
                throw new Malformed("'" + word + "': use healthCheck=none or name each of tcp, http, https, script, "
                    + "mib at most once, comma-separated");
            }
            out.add(k);
        }
        return out;
    }

    /** The canonical words (the order of LCMS-MIB and the manager's model), present settings only. */
    public String text() {
        List<String> out = new ArrayList<>();
        failbackDelay.ifPresent(v -> out.add("failbackDelay=" + (v < 0 ? "never" : Long.toString(v))));
        checks.ifPresent(v -> out.add("healthCheck=" + kindsText(v)));
        interval.ifPresent(v -> out.add("interval=" + v));
        timeout.ifPresent(v -> out.add("timeout=" + v));
        rise.ifPresent(v -> out.add("rise=" + v));
        fall.ifPresent(v -> out.add("fall=" + v));
        onFailure.ifPresent(v -> out.add("onFailure=" + v.name().toLowerCase(Locale.ROOT)));
        return String.join(" ", out);
    }

    private static String kindsText(List<AgentConfig.HealthCheckKind> kinds) {
        return kinds.isEmpty() ? "none"
            : String.join(",", kinds.stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
    }

    /**
     * Why this agent cannot apply the policy for {@code cluster}, or empty. {@code member}: this agent is the
     * cluster's load balancer or a backup (not only a witness).
     */
    public Optional<String> refusal(AgentConfig config, String cluster, boolean member) {
        if (isEmpty()) {
            return Optional.empty(); // giving everything back to the file is always possible
        }
        if (!member) {
            return Optional.of("this agent is only a witness of cluster " + cluster + ": it elects nothing and "
                + "checks nothing; write the policy to the cluster's load balancer and backups");
        }
        AgentConfig.HealthCheck file = config.healthCheck();
        if (touchesHealthChecks() && file.none()) {
            return Optional.of("this agent's agent.cfg has healthCheck = none, so it started without health checks; "
                + "set healthCheck in agent.cfg (e.g. tcp) and restart the agent once, then the manager can choose "
                + "the checks");
        }
        List<AgentConfig.HealthCheckKind> kinds = checks.orElse(List.of());
        if (kinds.contains(AgentConfig.HealthCheckKind.SCRIPT) && file.script().isEmpty()) {
            return Optional.of("healthCheck=script needs healthCheck.script in this agent's agent.cfg (the script "
                + "to run); add it there or choose another check");
        }
        if (kinds.contains(AgentConfig.HealthCheckKind.MIB) && file.agent().isEmpty()) {
            return Optional.of("healthCheck=mib needs healthCheck.agent.user in this agent's agent.cfg (the user the "
                + "real servers' agents are read with); add it there or choose another check");
        }
        if (kinds.contains(AgentConfig.HealthCheckKind.HTTPS) && !file.kinds().contains(AgentConfig.HealthCheckKind.HTTPS)) {
            return Optional.of("healthCheck=https needs an https check in this agent's agent.cfg (where its "
                + "healthCheck.tls.* settings are decided); add https there or choose http");
        }
        return Optional.empty();
    }

    /** The fail-back delay in force: this policy's, else the file's. */
    public long failbackDelay(long file) {
        return failbackDelay.orElse(file);
    }

    /** The health checks in force: the file's with this policy's settings over them. */
    public AgentConfig.HealthCheck healthCheck(AgentConfig.HealthCheck f) {
        return new AgentConfig.HealthCheck(checks.orElse(f.kinds()), f.path(), f.expectStatus(), f.script(),
            interval.orElse(f.interval()), timeout.orElse(f.timeout()), rise.orElse(f.rise()), fall.orElse(f.fall()),
            onFailure.orElse(f.onFailure()), f.flapLimit(), f.flapWindow(), f.holdDown(), f.tls(), f.agent(),
            f.sorryServer(), f.loadAware());
    }

    /** Every setting in force, in the words of {@link #text()} (LCMS-MIB lcmsFailoverPolicyInForce). */
    public static String inForce(long failbackDelay, AgentConfig.HealthCheck hc) {
        return new ManagedPolicy(OptionalLong.of(failbackDelay), Optional.of(hc.kinds()), OptionalLong.of(hc.interval()),
            OptionalLong.of(hc.timeout()), OptionalInt.of(hc.rise()), OptionalInt.of(hc.fall()),
            Optional.of(hc.onFailure())).text();
    }
}
