package org.lcms.agent.health;

import java.util.ArrayList;
import java.util.List;
import org.lcms.agent.config.AgentConfig;

/**
 * Probes one real server once (a thin adapter over a socket or a process). Never throws: a probe that cannot be
 * carried out is a failed probe, with what went wrong as its detail. Must return within about {@code timeoutMillis}.
 * {@link #close} releases what the probe holds (a socket shared by all its probes); the default holds nothing.
 */
public interface HealthProbe extends AutoCloseable {
    ProbeResult probe(Endpoint target, long timeoutMillis);

    @Override
    default void close() {
    }

    /**
     * The probe the configuration asks for ({@code healthCheck} must not be none): with several checks, all of
     * them in the configured order, each with the whole timeout; the first failure decides (and the later ones are
     * not run). {@code agents} serves the mib check.
     */
    static HealthProbe of(AgentConfig.HealthCheck settings, RealServerAgents agents) {
        if (settings.none()) {
            throw new IllegalArgumentException("healthCheck = none has no probe");
        }
        List<HealthProbe> probes = new ArrayList<>();
        for (AgentConfig.HealthCheckKind kind : settings.kinds()) {
            probes.add(switch (kind) {
                case TCP -> new TcpConnectProbe();
                case HTTP -> new HttpGetProbe(settings.path(), settings.expectStatus());
                case HTTPS -> HttpGetProbe.https(settings.path(), settings.expectStatus(), settings.tls());
                case SCRIPT -> new ScriptProbe(settings.script());
                case MIB -> new MibServiceProbe(agents);
                case NONE -> throw new IllegalArgumentException("healthCheck = none has no probe");
            });
        }
        return probes.size() == 1 ? probes.get(0) : allOf(probes);
    }

    /** Healthy when every probe is, run in order; the first failure is the result. */
    static HealthProbe allOf(List<HealthProbe> probes) {
        List<HealthProbe> all = List.copyOf(probes);
        return (target, timeoutMillis) -> {
            List<String> seen = new ArrayList<>();
            for (HealthProbe p : all) {
                ProbeResult r = p.probe(target, timeoutMillis);
                if (!r.healthy()) {
                    return r;
                }
                seen.add(r.detail());
            }
            return ProbeResult.healthy(String.join("; ", seen));
        };
    }
}
