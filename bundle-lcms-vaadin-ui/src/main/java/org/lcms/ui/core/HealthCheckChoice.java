package org.lcms.ui.core;

import java.util.List;
import java.util.Optional;
import org.lcms.model.api.FailoverPolicy;

/**
 * The health check the builder offers for the real servers: the agents' own (their {@code agent.cfg}, the default,
 * as lcms:cluster-build leaves it), or one check the model's failover policy sets for every agent of the cluster.
 */
public enum HealthCheckChoice {
    AGENTS_OWN("agents' own", "each load balancer uses the health check of its agent.cfg (as lcms:cluster-build)",
        Optional.empty()),
    TCP("tcp", "a real server is up while it accepts a TCP connection on the service port", Optional.of(List.of("tcp"))),
    HTTP("http", "a real server is up while it answers an HTTP request on the service port",
        Optional.of(List.of("http"))),
    NONE("none", "no check: every real server stays in rotation", Optional.of(List.of()));

    private final String label;
    private final String meaning;
    private final Optional<List<String>> checks;

    HealthCheckChoice(String label, String meaning, Optional<List<String>> checks) {
        this.label = label;
        this.meaning = meaning;
        this.checks = checks;
    }

    public String label() {
        return label;
    }

    public String meaning() {
        return meaning;
    }

    /** The policy to build the cluster with. */
    public FailoverPolicy policy() {
        return FailoverPolicy.AGENT_DEFAULTS.withHealthChecks(checks);
    }
}
