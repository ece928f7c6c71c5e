package org.lcms.snmp.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the manager knows about one host of the inventory from polling its node agent. The reported parts
 * (facts, role, tables) are those of the last answered poll; they stay visible, marked by
 * {@link #reachability()}, while the host does not answer.
 *
 * @param agentAddress where the agent is polled ("address/port")
 * @param lastPoll when the last poll finished (answered or not); null before the first
 * @param lastAnswer when the agent last answered; null if it never did
 * @param responseMicros round-trip time of the last answered poll, in microseconds
 * @param consecutiveFailures polls in a row that went unanswered or were refused
 * @param lastError why the last failed poll failed, empty after an answered one
 * @param failover the agent's lcmsFailoverTable (polled on load balancers and backups only)
 */
public record HostLiveState(String hostName, String agentAddress, Reachability reachability, Instant lastPoll,
                            Instant lastAnswer, long responseMicros, int consecutiveFailures, String lastError,
                            Optional<AgentFacts> facts, RoleReport role, List<VirtualServiceReport> virtualServices,
                            List<RealServerReport> realServers, List<ServiceReport> services,
                            List<FailoverReport> failover) {

    public HostLiveState {
        Objects.requireNonNull(hostName, "hostName");
        agentAddress = Objects.requireNonNullElse(agentAddress, "");
        lastError = Objects.requireNonNullElse(lastError, "");
        facts = Objects.requireNonNullElse(facts, Optional.empty());
        role = Objects.requireNonNullElse(role, RoleReport.NONE);
        virtualServices = List.copyOf(virtualServices);
        realServers = List.copyOf(realServers);
        services = List.copyOf(services);
        failover = List.copyOf(Objects.requireNonNullElse(failover, List.of()));
    }

    /** Without failover reports. */
    public HostLiveState(String hostName, String agentAddress, Reachability reachability, Instant lastPoll,
                         Instant lastAnswer, long responseMicros, int consecutiveFailures, String lastError,
                         Optional<AgentFacts> facts, RoleReport role, List<VirtualServiceReport> virtualServices,
                         List<RealServerReport> realServers, List<ServiceReport> services) {
        this(hostName, agentAddress, reachability, lastPoll, lastAnswer, responseMicros, consecutiveFailures,
            lastError, facts, role, virtualServices, realServers, services, List.of());
    }

    /** This agent's view of {@code cluster}'s election, if it reports one. */
    public Optional<FailoverReport> failover(String cluster) {
        return failover.stream().filter(f -> f.cluster().equals(cluster)).findFirst();
    }

    /** A host not polled yet. */
    public static HostLiveState notPolled(String hostName, String agentAddress) {
        return new HostLiveState(hostName, agentAddress, Reachability.UNKNOWN, null, null, 0, 0, "",
            Optional.empty(), RoleReport.NONE, List.of(), List.of(), List.of());
    }

    public boolean reachable() {
        return reachability == Reachability.REACHABLE;
    }
}
