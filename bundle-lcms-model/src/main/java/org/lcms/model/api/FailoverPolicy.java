package org.lcms.model.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A cluster's failover policy as the operator set it in the model: every setting is optional, and an absent one
 * leaves the agent's own value (its {@code agent.cfg}) in force. The manager writes the present ones to the
 * cluster's agents (lcmsFailoverPolicyTable); an agent keeps them in its state file and lets them override its file.
 *
 * @param failbackDelayMillis how long the load balancer must be back and ready before the VIP is handed back to it;
 *     {@link #NEVER} ({@code -1}): never hand back (agent key {@code failover.cluster.NAME.failbackDelay})
 * @param healthChecks the load balancer's checks of the real servers, in order ({@code tcp, http, https, script,
 *     mib}); an empty list is {@code none} (agent key {@code healthCheck})
 * @param intervalMillis between two checks of a real server ({@code healthCheck.interval})
 * @param timeoutMillis a check that takes longer counts as failed ({@code healthCheck.timeout})
 * @param rise successes in a row that put a failed real server back ({@code healthCheck.rise})
 * @param fall failures in a row that take a real server out ({@code healthCheck.fall})
 * @param onFailure what a failed real server gets ({@code healthCheck.onFailure})
 */
public record FailoverPolicy(OptionalLong failbackDelayMillis, Optional<List<String>> healthChecks,
                             OptionalLong intervalMillis, OptionalLong timeoutMillis, OptionalInt rise,
                             OptionalInt fall, Optional<OnFailure> onFailure) {
    public static final long NEVER = -1;
    /** No setting: every value is the agent's own. */
    public static final FailoverPolicy AGENT_DEFAULTS = new FailoverPolicy(OptionalLong.empty(), Optional.empty(),
        OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty());
    /** The health check kinds the agents know, in the order they run them. */
    public static final List<String> CHECK_KINDS = List.of("tcp", "http", "https", "script", "mib");

    /** What the load balancer does with a real server its checks failed. */
    public enum OnFailure implements Coded {
        /** Out of the dispatch table. */
        REMOVE("remove"),
        /** Weight 0: no new connections, established ones finish. */
        DRAIN("drain");

        private final String code;

        OnFailure(String code) {
            this.code = code;
        }

        @Override
        public String code() {
            return code;
        }

        public static OnFailure parse(String text) {
            return Coded.parse(OnFailure.class, "on-failure action", text);
        }
    }

    public FailoverPolicy {
        Objects.requireNonNull(failbackDelayMillis, "failbackDelayMillis");
        healthChecks = Objects.requireNonNull(healthChecks, "healthChecks").map(List::copyOf);
        Objects.requireNonNull(intervalMillis, "intervalMillis");
        Objects.requireNonNull(timeoutMillis, "timeoutMillis");
        Objects.requireNonNull(rise, "rise");
        Objects.requireNonNull(fall, "fall");
        Objects.requireNonNull(onFailure, "onFailure");
    }

    /** True when no setting is present (the agents' files decide everything). */
    public boolean isEmpty() {
        return equals(AGENT_DEFAULTS);
    }

    public FailoverPolicy withFailbackDelay(OptionalLong v) {
        return new FailoverPolicy(v, healthChecks, intervalMillis, timeoutMillis, rise, fall, onFailure);
    }

    public FailoverPolicy withHealthChecks(Optional<List<String>> v) {
        return new FailoverPolicy(failbackDelayMillis, v, intervalMillis, timeoutMillis, rise, fall, onFailure);
    }

    public FailoverPolicy withInterval(OptionalLong v) {
        return new FailoverPolicy(failbackDelayMillis, healthChecks, v, timeoutMillis, rise, fall, onFailure);
    }

    public FailoverPolicy withTimeout(OptionalLong v) {
        return new FailoverPolicy(failbackDelayMillis, healthChecks, intervalMillis, v, rise, fall, onFailure);
    }

    public FailoverPolicy withRise(OptionalInt v) {
        return new FailoverPolicy(failbackDelayMillis, healthChecks, intervalMillis, timeoutMillis, v, fall, onFailure);
    }

    public FailoverPolicy withFall(OptionalInt v) {
        return new FailoverPolicy(failbackDelayMillis, healthChecks, intervalMillis, timeoutMillis, rise, v, onFailure);
    }

    public FailoverPolicy withOnFailure(Optional<OnFailure> v) {
        return new FailoverPolicy(failbackDelayMillis, healthChecks, intervalMillis, timeoutMillis, rise, fall, v);
    }

    /**
     * The policy as words, {@code failbackDelay=never healthCheck=tcp,http interval=1000 timeout=500 rise=2 fall=3
     * onFailure=drain}, present settings only ({@code ""} when empty). The directory keeps this text; {@link #parse}
     * reads it back.
     */
    public String text() {
        List<String> out = new ArrayList<>();
        failbackDelayMillis.ifPresent(v -> out.add("failbackDelay=" + (v < 0 ? "never" : Long.toString(v))));
        healthChecks.ifPresent(v -> out.add("healthCheck=" + (v.isEmpty() ? "none" : String.join(",", v))));
        intervalMillis.ifPresent(v -> out.add("interval=" + v));
        timeoutMillis.ifPresent(v -> out.add("timeout=" + v));
        rise.ifPresent(v -> out.add("rise=" + v));
        fall.ifPresent(v -> out.add("fall=" + v));
        onFailure.ifPresent(v -> out.add("onFailure=" + v.code()));
        return String.join(" ", out);
    }

    @Override
    public String toString() {
        return isEmpty() ? "(agents' own)" : text();
    }

    /**
     * Reads {@link #text()}; syntax only (the ranges are {@code ModelRules}'). Throws IllegalArgumentException
     * naming the word that is wrong.
     */
    public static FailoverPolicy parse(String text) {
        FailoverPolicy p = AGENT_DEFAULTS;
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int eq = word.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("'" + word + "' is not NAME=VALUE");
            }
            String name = word.substring(0, eq);
            String v = word.substring(eq + 1);
            try {
                p = switch (name) {
                    case "failbackDelay" -> p.withFailbackDelay(OptionalLong.of(v.equals("never") ? NEVER
                        : Long.parseLong(v)));
                    case "healthCheck" -> p.withHealthChecks(Optional.of(checks(v)));
                    case "interval" -> p.withInterval(OptionalLong.of(Long.parseLong(v)));
                    case "timeout" -> p.withTimeout(OptionalLong.of(Long.parseLong(v)));
                    case "rise" -> p.withRise(OptionalInt.of(Integer.parseInt(v)));
                    case "fall" -> p.withFall(OptionalInt.of(Integer.parseInt(v)));
                    case "onFailure" -> p.withOnFailure(Optional.of(OnFailure.parse(v)));
                    default -> throw new IllegalArgumentException("unknown setting '" + name + "'");
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + word + "' is not a whole number");
            }
        }
        return p;
    }

    /** {@code none} or a comma-separated list, lowercased; the kinds are checked by the model's rules. */
    public static List<String> checks(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String item : t.split(",")) {
            out.add(item.trim());
        }
        return out;
    }
}
