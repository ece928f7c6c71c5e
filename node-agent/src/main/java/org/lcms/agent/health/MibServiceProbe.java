package org.lcms.agent.health;

import java.io.IOException;
import org.lcms.mib.LcmsMib;

/**
 * healthCheck = mib: the real server's own node agent reports the service registered on the real server's port
 * up (lcmsServiceStatus up(1), from the agent's local check of that service). An agent that does not answer, a
 * port no service is registered on, and a service down or unknown are failures: the load balancer cannot tell
 * the service is up.
 */
final class MibServiceProbe implements HealthProbe {
    private final RealServerAgents agents;

    MibServiceProbe(RealServerAgents agents) {
        this.agents = agents;
    }

    @Override
    public ProbeResult probe(Endpoint target, long timeoutMillis) {
        RealServerAgents.Report report;
        try {
            report = agents.read(target.address(), timeoutMillis);
        } catch (IOException e) {
            return ProbeResult.failed(e.getMessage());
        }
        String agent = "the agent at " + target.address().getHostAddress() + "/" + agents.port();
        return report.service(target.port()).map(s -> switch (s.status()) {
            case LcmsMib.SERVICE_UP -> ProbeResult.healthy(agent + " reports the service on port " + target.port()
                + " up");
            case LcmsMib.SERVICE_DOWN -> ProbeResult.failed(agent + " reports the service on port " + target.port()
                + " down");
            default -> ProbeResult.failed(agent + " reports the service on port " + target.port() + " unknown "
                + "(lcmsServiceStatus " + s.status() + ")");
        }).orElseGet(() -> ProbeResult.failed(agent + " has no service registered on port " + target.port()
            + "; add service.NAME.port = " + target.port() + " to its configuration"));
    }
}
