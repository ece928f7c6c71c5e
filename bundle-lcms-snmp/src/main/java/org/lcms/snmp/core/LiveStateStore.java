package org.lcms.snmp.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Role;
import org.lcms.model.api.RoleState;
import org.lcms.snmp.api.ClusterLiveState;
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.HostLiveState;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.Reachability;
import org.lcms.snmp.api.RealServerLiveState;
import org.lcms.snmp.api.RealServerReport;
import org.lcms.snmp.api.Severity;

/**
 * The manager's cached view of what the agents report: one {@link HostLiveState} per host of the model, and the
 * per-cluster view derived from them and the model. It decides the reachability transitions (and raises their
 * events); it does no I/O. Thread-safe: poll results arrive on SNMP threads, readers take immutable snapshots.
 */
public final class LiveStateStore {
    private final PollPolicy policy;
    private final EventLog events;
    private Inventory inventory = Inventory.empty();
    /** By host name; an entry stays the same object while its host stays in the model at the same address. */
    private final Map<String, HostEntry> hosts = new HashMap<>();
    /** Built on demand: polls (thousands a second) only mark it stale; readers (UI, shell, listeners) build it. */
    private ClusterStateSnapshot snapshot;
    private boolean stale;
    private Instant lastChange = Instant.EPOCH;
    private Map<String, ClusterLiveState> clusters = Map.of();
    private final Map<String, org.lcms.snmp.api.RoleAssignment> assignments = new HashMap<>();

    /**
     * A host's place in the store, for its poller to record into without looking the host up by name: with
     * thousands of hosts that lookup walks cold memory on every poll (JFR, 1,000 agents: 6 % of the manager's
     * CPU in HashMap.getNode). Valid until the host leaves the model or its agent address changes
     * ({@link #setInventory}); a result recorded after that is ignored, as one for an unknown host is.
     */
    public static final class HostEntry {
        private HostLiveState state; // guarded by the store
        private boolean gone; // guarded by the store

        private HostEntry(HostLiveState state) {
            this.state = state;
        }
    }

    public LiveStateStore(PollPolicy policy, EventLog events) {
        this.policy = policy;
        this.events = events;
        this.snapshot = new ClusterStateSnapshot(Instant.EPOCH, 0, Map.of(), Map.of(), Map.of());
    }

    /**
     * Takes the host and cluster lists of a new model revision: new hosts start not polled, removed hosts are
     * forgotten, a host whose agent address changed starts over.
     *
     * @param agentAddress where each host's agent is polled ("address/port")
     * @return true if a host or cluster changed (a new revision that only recorded an event in the history
     *     changes nothing here)
     */
    public synchronized boolean setInventory(Inventory next, Function<Host, String> agentAddress, Instant now) {
        // Only objects matter: an event recorded in the history also advances the model revision.
        boolean changed = !sameObjects(next, inventory);
        if (next.modelRevision() != inventory.modelRevision()) {
            stale = true; // the snapshot names the revision
        }
        inventory = next;
        Map<String, HostEntry> kept = new HashMap<>();
        for (Host h : next.hosts()) {
            String address = agentAddress.apply(h);
            HostEntry old = hosts.get(h.name());
            if (old != null && old.state.agentAddress().equals(address)) {
                kept.put(h.name(), old);
            } else {
                kept.put(h.name(), new HostEntry(HostLiveState.notPolled(h.name(), address)));
                changed = true;
            }
        }
        changed |= kept.size() != hosts.size();
        for (HostEntry e : hosts.values()) {
            e.gone = kept.get(e.state.hostName()) != e; // removed, or replaced (a new agent address)
        }
        hosts.clear();
        hosts.putAll(kept);
        assignments.keySet().retainAll(kept.keySet());
        if (changed) {
            rebuild(now);
        }
        return changed;
    }

    private static boolean sameObjects(Inventory a, Inventory b) {
        return List.copyOf(a.hosts()).equals(List.copyOf(b.hosts()))
            && List.copyOf(a.clusters()).equals(List.copyOf(b.clusters()));
    }

    public synchronized Inventory inventory() {
        return inventory;
    }

    /**
     * What recording a poll did: the events it raised (reachability changes), and whether anything an observer
     * sees changed (not only poll times).
     */
    /** @param state the host's state after the poll; null if the host is no longer in the model */
    public record Recorded(List<LcmsEvent> raised, boolean visible, HostLiveState state) {
        static final Recorded NOTHING = new Recorded(List.of(), false, null);
    }

    /** The entry to record {@code host}'s polls into; null if the host is not in the model. */
    public synchronized HostEntry entry(String host) {
        return hosts.get(host);
    }

    /** Records the outcome of a poll of {@code host}. A result for a host no longer in the model is ignored. */
    public Recorded record(String host, PollOutcome outcome, Instant now) {
        HostEntry entry = entry(host);
        return entry == null ? Recorded.NOTHING : record(entry, outcome, now);
    }

    /** Records the outcome of a poll into the host's entry; ignored if the entry is no longer the host's. */
    public Recorded record(HostEntry entry, PollOutcome outcome, Instant now) {
        List<LcmsEvent> raised = new ArrayList<>(1);
        synchronized (this) {
            if (entry.gone) {
                return Recorded.NOTHING;
            }
            HostLiveState old = entry.state;
            String host = old.hostName();
            HostLiveState next;
            if (outcome instanceof PollOutcome.Answered a) {
                next = new HostLiveState(host, old.agentAddress(), Reachability.REACHABLE, now, now,
                    a.responseMicros(), 0, "", a.factsIfAny(), a.role(), a.virtualServices(), a.realServers(),
                    a.services(), a.failover());
                if (old.reachability() == Reachability.UNREACHABLE) {
                    raised.add(events.append(now, EventType.AGENT_REACHABLE, Severity.NORMAL, host,
                        clusterOf(host), "the agent of " + host + " (" + old.agentAddress() + ") answers again after "
                            + old.consecutiveFailures() + " failed polls", Map.of(), false));
                }
            } else {
                PollOutcome.Failed f = (PollOutcome.Failed) outcome;
                int failures = old.consecutiveFailures() + 1;
                Reachability r = failures >= policy.unreachableAfter() ? Reachability.UNREACHABLE
                    : old.reachability();
                next = new HostLiveState(host, old.agentAddress(), r, now, old.lastAnswer(), old.responseMicros(),
                    failures, f.reason(), old.facts(), old.role(), old.virtualServices(), old.realServers(),
                    old.services(), old.failover());
                if (r == Reachability.UNREACHABLE && old.reachability() != Reachability.UNREACHABLE) {
                    raised.add(events.append(now, EventType.AGENT_UNREACHABLE, Severity.MAJOR, host, clusterOf(host),
                        "the agent of " + host + " (" + old.agentAddress() + ") did not answer " + failures
                            + " polls in a row: " + f.reason(), Map.of("lcmsNotifReason", f.reason()), false));
                }
            }
            // two members reporting the VIP: which one is stale depends on when each was polled (clusterView)
            boolean visible = !sameReport(old, next) || anotherHolder(host, next);
            entry.state = next;
            if (visible) {
                rebuild(now);
            } else {
                stale = true; // timing fields only: the clusters stay as they are
                lastChange = now;
            }
            return new Recorded(raised, visible, next);
        }
    }

    public synchronized ClusterStateSnapshot snapshot() {
        if (stale) {
            Map<String, HostLiveState> states = new HashMap<>(hosts.size() * 2);
            hosts.forEach((name, e) -> states.put(name, e.state));
            snapshot = new ClusterStateSnapshot(lastChange, inventory.modelRevision(), states, clusters, assignments);
            stale = false;
        }
        return snapshot;
    }

    public synchronized Optional<HostLiveState> host(String name) {
        return Optional.ofNullable(state(name));
    }

    /** A host's state; null if it is not in the model. Call with the lock held. */
    private HostLiveState state(String name) {
        HostEntry e = hosts.get(name);
        return e == null ? null : e.state;
    }

    /** The cluster a host serves in (the first, for a real server in several), empty if none. */
    private String clusterOf(String host) {
        return inventory.clustersUsing(host).stream().map(LoadCluster::id).findFirst().orElse("");
    }

    /** True if nothing an observer sees changed (only poll times and response time). */
    /** Whether {@code host} reports holding a VIP that another host also reports holding. */
    private boolean anotherHolder(String host, HostLiveState next) {
        for (org.lcms.snmp.api.FailoverReport f : next.failover()) {
            if (f.holding() && hosts.values().stream().map(e -> e.state).anyMatch(h -> !h.hostName().equals(host)
                && h.failover(f.cluster()).map(org.lcms.snmp.api.FailoverReport::holding).orElse(false))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether two states of a host look the same to an observer. The decoder shares equal reports between polls
     * and hosts, so most comparisons end at {@code ==}, without reading the older state's parts from memory.
     */
    private static boolean sameReport(HostLiveState a, HostLiveState b) {
        return a.reachability() == b.reachability() && (a.role() == b.role() || a.role().equals(b.role()))
            && a.virtualServices().equals(b.virtualServices()) && a.realServers().equals(b.realServers())
            && a.services().equals(b.services()) && a.lastError().equals(b.lastError())
            && sameFailover(a.failover(), b.failover()) && sameSlowFacts(a.facts(), b.facts());
    }

    private static boolean sameFailover(List<org.lcms.snmp.api.FailoverReport> a,
                                        List<org.lcms.snmp.api.FailoverReport> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).withoutTimers().equals(b.get(i).withoutTimers())) {
                return false;
            }
        }
        return true;
    }

    /** Equal facts but for the ever-changing counters (load, free memory, uptime). */
    private static boolean sameSlowFacts(Optional<org.lcms.snmp.api.AgentFacts> a,
                                         Optional<org.lcms.snmp.api.AgentFacts> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() == b.isEmpty();
        }
        org.lcms.snmp.api.AgentFacts x = a.get();
        org.lcms.snmp.api.AgentFacts y = b.get();
        return x.cpuCount() == y.cpuCount() && x.memoryTotalMiB() == y.memoryTotalMiB()
            && x.hostName().equals(y.hostName()) && x.cpuType().equals(y.cpuType())
            && x.agentVersion().equals(y.agentVersion());
    }

    private void rebuild(Instant now) {
        Map<String, ClusterLiveState> clusters = new LinkedHashMap<>();
        for (LoadCluster c : inventory.clusters()) {
            clusters.put(c.id(), clusterView(c));
        }
        this.clusters = clusters;
        lastChange = now;
        stale = true;
    }

    /** Takes one host's role-assignment progress into the snapshot; true if it changed. */
    public synchronized boolean setAssignment(String host, org.lcms.snmp.api.RoleAssignment next, Instant now) {
        if (next == null || next.equals(assignments.get(host)) || !hosts.containsKey(host)) {
            return false;
        }
        assignments.put(host, next);
        lastChange = now;
        stale = true;
        return true;
    }

    private ClusterLiveState clusterView(LoadCluster c) {
        List<org.lcms.snmp.api.ChainMemberLiveState> chain = new ArrayList<>();
        List<String> ranked = new ArrayList<>();
        if (c.hasLoadBalancer()) {
            ranked.add(c.loadBalancer());
        }
        ranked.addAll(c.backups());
        for (String m : ranked) {
            HostLiveState h = state(m);
            chain.add(new org.lcms.snmp.api.ChainMemberLiveState(m, c.hasLoadBalancer() ? chain.size()
                : chain.size() + 1, h == null ? Reachability.UNKNOWN : h.reachability(),
                h == null ? Optional.empty() : h.failover(c.id())));
        }
        long epoch = chain.stream().flatMap(m -> m.view().stream()).mapToLong(org.lcms.snmp.api.FailoverReport::epoch)
            .max().orElse(0);
        // Where the agents run the failover, the VIP holder is the one whose own report says so (what the agents
        // decided); several, each claiming it, are listed newest epoch first (a split brain to show, not to mend).
        List<String> failoverHolders = chain.stream()
            .filter(m -> m.reachability() == Reachability.REACHABLE && m.view().map(
                org.lcms.snmp.api.FailoverReport::holding).orElse(false))
            .sorted(Comparator.comparingLong((org.lcms.snmp.api.ChainMemberLiveState m) -> m.view().get().epoch())
                .reversed().thenComparing(org.lcms.snmp.api.ChainMemberLiveState::host))
            .map(org.lcms.snmp.api.ChainMemberLiveState::host).toList();
        if (failoverHolders.size() > 1) {
            // A member that reported holding at an older epoch, and was polled before the newest holder was, has
            // most likely handed over or lost its lease since (the epoch fences it): not a second holder. One polled
            // after the newest holder and still holding is shown as contested.
            HostLiveState newest = state(failoverHolders.get(0));
            long newestEpoch = newest.failover(c.id()).map(org.lcms.snmp.api.FailoverReport::epoch).orElse(0L);
            failoverHolders = failoverHolders.stream().filter(h -> {
                HostLiveState o = state(h);
                long seen = o.failover(c.id()).map(org.lcms.snmp.api.FailoverReport::epoch).orElse(0L);
                return o == newest || seen >= newestEpoch || (o.lastAnswer() != null && newest.lastAnswer() != null
                    && o.lastAnswer().isAfter(newest.lastAnswer()));
            }).toList();
        }
        boolean byFailover = chain.stream().anyMatch(m -> m.view().isPresent());
        List<HostLiveState> holders = byFailover
            ? failoverHolders.stream().map(this::state).toList()
            : hosts.values().stream().map(e -> e.state)
            .filter(h -> h.reachable() && h.role().clusterId().equals(c.id())
                && (h.role().role() == Role.LOAD_BALANCER || h.role().role() == Role.BACKUP_SERVER)
                && h.role().state() == RoleState.ACTIVE)
            .sorted(Comparator.comparingLong((HostLiveState h) -> h.role().takeoverEpoch()).reversed()
                .thenComparing(HostLiveState::hostName))
            .toList();
        Optional<HostLiveState> holder = holders.stream().findFirst();
        List<String> contested = holders.stream().skip(1).map(HostLiveState::hostName).toList();
        List<RealServerLiveState> rs = new ArrayList<>();
        for (RealServerMember m : c.realServers()) {
            String address = inventory.host(m.host()).map(h -> h.address().toString()).orElse("");
            Optional<RealServerReport> row = holder.flatMap(h -> h.realServers().stream()
                .filter(r -> r.address().equals(address) && r.port() == c.service().port()).findFirst());
            Reachability reach = Optional.ofNullable(state(m.host())).map(HostLiveState::reachability)
                .orElse(Reachability.UNKNOWN);
            rs.add(new RealServerLiveState(m.host(), address, m.weight(), row, reach));
        }
        return new ClusterLiveState(c.id(), c.service().address().toString(), c.service().port(),
            c.service().protocol().code(), c.active(), c.loadBalancer(), c.backups(),
            holder.map(HostLiveState::hostName), contested, rs, epoch, chain);
    }
}
