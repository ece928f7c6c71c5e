package org.lcms.model.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A load cluster: one virtual service, its scheduler, the load balancer that owns the VIP, the backup servers
 * in takeover order (index 0 = primary backup) and the real servers with their weights. The cluster is the
 * one truth about which host has which role; an inactive cluster is defined but its roles are not applied.
 *
 * @param loadBalancer host name of the load balancer, {@code ""} while none is chosen
 * @param policy the failover policy for its agents; {@link FailoverPolicy#AGENT_DEFAULTS} leaves their own
 */
public record LoadCluster(String id, VirtualService service, Scheduler scheduler, String loadBalancer,
                          List<String> backups, List<RealServerMember> realServers, boolean active,
                          String description, Revision revision, FailoverPolicy policy) {

    public LoadCluster {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(scheduler, "scheduler");
        loadBalancer = Objects.requireNonNullElse(loadBalancer, "");
        backups = List.copyOf(Objects.requireNonNullElse(backups, List.of()));
        realServers = List.copyOf(Objects.requireNonNullElse(realServers, List.of()));
        description = Objects.requireNonNullElse(description, "");
        revision = Objects.requireNonNullElse(revision, Revision.NEW);
        policy = Objects.requireNonNullElse(policy, FailoverPolicy.AGENT_DEFAULTS);
    }

    /** As before failover policies existed: the agents' own policy. */
    public LoadCluster(String id, VirtualService service, Scheduler scheduler, String loadBalancer,
                       List<String> backups, List<RealServerMember> realServers, boolean active, String description,
                       Revision revision) {
        this(id, service, scheduler, loadBalancer, backups, realServers, active, description, revision,
            FailoverPolicy.AGENT_DEFAULTS);
    }

    /** A new, inactive cluster with no members yet. */
    public static LoadCluster of(String id, VirtualService service, Scheduler scheduler) {
        return new LoadCluster(id, service, scheduler, "", List.of(), List.of(), false, "", Revision.NEW);
    }

    public boolean hasLoadBalancer() {
        return !loadBalancer.isEmpty();
    }

    /** Every host this cluster uses, in order LB, backups, real servers (a host named twice appears once). */
    public Set<String> memberHosts() {
        Set<String> all = new LinkedHashSet<>();
        if (hasLoadBalancer()) {
            all.add(loadBalancer);
        }
        all.addAll(backups);
        realServers.forEach(m -> all.add(m.host()));
        return all;
    }

    /** The role this cluster gives {@code host} (names compare case-insensitively), or {@link Role#NONE}. */
    public Role roleOf(String host) {
        if (hasLoadBalancer() && loadBalancer.equalsIgnoreCase(host)) {
            return Role.LOAD_BALANCER;
        }
        if (backups.stream().anyMatch(b -> b.equalsIgnoreCase(host))) {
            return Role.BACKUP_SERVER;
        }
        return realServer(host).isPresent() ? Role.REAL_SERVER : Role.NONE;
    }

    public Optional<RealServerMember> realServer(String host) {
        return realServers.stream().filter(m -> m.host().equalsIgnoreCase(host)).findFirst();
    }

    /**
     * The real server {@code host} of this cluster, for a change that needs it to be one (set its weight, remove
     * it): the shell and the web UI both ask here.
     *
     * @throws ModelException [rule not-found] naming the cluster and its real servers when it is none of them
     */
    public RealServerMember requireRealServer(String host) {
        return realServer(host).orElseThrow(() -> new ModelException(Rule.NOT_FOUND, "host " + host
            + " is not a real server of cluster " + id + " (its real servers: " + (realServers.isEmpty() ? "none"
            : String.join(", ", realServers.stream().map(RealServerMember::host).toList())) + "); lcms:cluster-show "
            + id + " shows its members"));
    }

    /** 1-based backup rank of {@code host} (1 = primary), 0 if it is no backup of this cluster. */
    public int backupRank(String host) {
        for (int i = 0; i < backups.size(); i++) {
            if (backups.get(i).equalsIgnoreCase(host)) {
                return i + 1;
            }
        }
        return 0;
    }

    public LoadCluster withService(VirtualService value) {
        return new LoadCluster(id, value, scheduler, loadBalancer, backups, realServers, active, description,
            revision, policy);
    }

    public LoadCluster withScheduler(Scheduler value) {
        return new LoadCluster(id, service, value, loadBalancer, backups, realServers, active, description,
            revision, policy);
    }

    public LoadCluster withLoadBalancer(String host) {
        return new LoadCluster(id, service, scheduler, host, backups, realServers, active, description, revision,
            policy);
    }

    public LoadCluster withBackups(List<String> value) {
        return new LoadCluster(id, service, scheduler, loadBalancer, value, realServers, active, description,
            revision, policy);
    }

    /** Adds {@code host} as backup at {@code rank} (1-based; beyond the end = last). */
    public LoadCluster withBackup(String host, int rank) {
        List<String> list = new ArrayList<>(backups);
        list.removeIf(b -> b.equalsIgnoreCase(host));
        list.add(Math.max(0, Math.min(rank - 1, list.size())), host);
        return withBackups(list);
    }

    public LoadCluster withoutBackup(String host) {
        List<String> list = new ArrayList<>(backups);
        list.removeIf(b -> b.equalsIgnoreCase(host));
        return withBackups(list);
    }

    public LoadCluster withRealServers(List<RealServerMember> value) {
        return new LoadCluster(id, service, scheduler, loadBalancer, backups, value, active, description,
            revision, policy);
    }

    /**
     * Adds {@code host} as real server, or changes its weight if it already is one (keeping its place and whether
     * it is drained).
     */
    public LoadCluster withRealServer(String host, int weight) {
        List<RealServerMember> list = new ArrayList<>(realServers);
        RealServerMember member = new RealServerMember(host, weight);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).host().equalsIgnoreCase(host)) {
                list.set(i, member.withDrained(list.get(i).drained()));
                return withRealServers(list);
            }
        }
        list.add(member);
        return withRealServers(list);
    }

    /** Drains or enables the real server {@code host} (unchanged if it is none of this cluster's). */
    public LoadCluster withRealServerDrained(String host, boolean drained) {
        return withRealServers(realServers.stream()
            .map(m -> m.host().equalsIgnoreCase(host) ? m.withDrained(drained) : m).toList());
    }

    public LoadCluster withoutRealServer(String host) {
        List<RealServerMember> list = new ArrayList<>(realServers);
        list.removeIf(m -> m.host().equalsIgnoreCase(host));
        return withRealServers(list);
    }

    public LoadCluster withActive(boolean value) {
        return new LoadCluster(id, service, scheduler, loadBalancer, backups, realServers, value, description,
            revision, policy);
    }

    public LoadCluster withDescription(String value) {
        return new LoadCluster(id, service, scheduler, loadBalancer, backups, realServers, active, value,
            revision, policy);
    }

    /** The failover policy the manager writes to the cluster's agents ({@link FailoverPolicy#AGENT_DEFAULTS}: none). */
    public LoadCluster withPolicy(FailoverPolicy value) {
        return new LoadCluster(id, service, scheduler, loadBalancer, backups, realServers, active, description,
            revision, value);
    }

    public LoadCluster withRevision(Revision value) {
        return new LoadCluster(id, service, scheduler, loadBalancer, backups, realServers, active, description,
            value, policy);
    }
}
