package org.lcms.snmp.core;

import java.util.List;
import java.util.Optional;
import org.lcms.snmp.api.AgentFacts;
import org.lcms.snmp.api.RealServerReport;
import org.lcms.snmp.api.RoleReport;
import org.lcms.snmp.api.ServiceReport;
import org.lcms.snmp.api.VirtualServiceReport;

/** The result of one poll of a host: what its agent reported, or why it did not. */
public sealed interface PollOutcome {

    /** The agent answered: its reported state, and the round trip in microseconds. */
    record Answered(AgentFacts facts, RoleReport role, List<VirtualServiceReport> virtualServices,
                    List<RealServerReport> realServers, List<ServiceReport> services, long responseMicros,
                    List<org.lcms.snmp.api.FailoverReport> failover)
        implements PollOutcome {
        public Answered {
            virtualServices = List.copyOf(virtualServices);
            realServers = List.copyOf(realServers);
            services = List.copyOf(services);
            failover = List.copyOf(failover);
        }

        public Answered(AgentFacts facts, RoleReport role, List<VirtualServiceReport> virtualServices,
                        List<RealServerReport> realServers, List<ServiceReport> services, long responseMicros) {
            this(facts, role, virtualServices, realServers, services, responseMicros, List.of());
        }

        public Optional<AgentFacts> factsIfAny() {
            return Optional.ofNullable(facts);
        }
    }

    /** No usable answer: timed out, refused (authentication, report PDU) or an error status; {@code reason} says. */
    record Failed(String reason) implements PollOutcome {
    }
}
