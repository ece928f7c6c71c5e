package org.lcms.agent.health;

import org.lcms.agent.config.AgentConfig;

/**
 * Probes one real server once (a thin adapter over a socket or a process). Never throws: a probe that cannot be
 * carried out is a failed probe, with what went wrong as its detail. Must return within about {@code timeoutMillis}.
 */
public interface HealthProbe {
    ProbeResult probe(Endpoint target, long timeoutMillis);

    /** The probe the configuration asks for ({@code healthCheck} must not be none). */
    static HealthProbe of(AgentConfig.HealthCheck settings) {
        return switch (settings.kind()) {
            case TCP -> new TcpConnectProbe();
            case HTTP -> new HttpGetProbe(settings.path(), settings.expectStatus());
            case SCRIPT -> new ScriptProbe(settings.script());
            case NONE -> throw new IllegalArgumentException("healthCheck = none has no probe");
        };
    }
}
