package org.lcms.model.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A consistent snapshot of the whole model at one model revision: hosts, clusters and administrators, each
 * keyed by name case-insensitively. Immutable; cheap to share.
 */
public final class Inventory {
    private final long modelRevision;
    private final SortedMap<String, Host> hosts;
    private final SortedMap<String, LoadCluster> clusters;
    private final SortedMap<String, Administrator> administrators;
    /**
     * Clusters by member host name (case-insensitive), built on first use: asking every cluster about every host
     * took ~0.5 s for 1,000 hosts in 100 clusters (the host list, the web UI's Hosts view). Immutable once built; a
     * race builds it twice, harmlessly.
     */
    private volatile SortedMap<String, List<LoadCluster>> clustersByMember;
    /**
     * Hosts by their name exactly as stored, for {@link #host}: most lookups use the stored spelling (the SNMP
     * manager asks once per poll), and a hash lookup is O(1) where the case-insensitive sorted map walks ~14
     * string comparisons at 10,000 hosts (4 % of the manager's CPU at 1,000 agents). Built on first use.
     */
    private volatile Map<String, Host> hostsByExactName;

    public Inventory(long modelRevision, Collection<Host> hosts, Collection<LoadCluster> clusters,
                     Collection<Administrator> administrators) {
        this.modelRevision = modelRevision;
        this.hosts = index(hosts, Host::name);
        this.clusters = index(clusters, LoadCluster::id);
        this.administrators = index(administrators, Administrator::login);
    }

    public static Inventory empty() {
        return new Inventory(0, List.of(), List.of(), List.of());
    }

    private static <T> SortedMap<String, T> index(Collection<T> values, Function<T, String> key) {
        SortedMap<String, T> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        values.forEach(v -> map.put(key.apply(v), v));
        return Collections.unmodifiableSortedMap(map);
    }

    /** The revision of the whole model; every change through LCMS raises it by one. */
    public long modelRevision() {
        return modelRevision;
    }

    /** Hosts sorted by name. */
    public Collection<Host> hosts() {
        return hosts.values();
    }

    public Optional<Host> host(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Map<String, Host> exact = hostsByExactName;
        if (exact == null) {
            exact = new HashMap<>(hosts.size() * 2);
            for (Host h : hosts.values()) {
                exact.put(h.name(), h);
            }
            hostsByExactName = exact;
        }
        Host h = exact.get(name);
        return Optional.ofNullable(h != null ? h : hosts.get(name)); // another spelling: case-insensitive
    }

    /** Clusters sorted by id. */
    public Collection<LoadCluster> clusters() {
        return clusters.values();
    }

    public Optional<LoadCluster> cluster(String id) {
        return Optional.ofNullable(id == null ? null : clusters.get(id));
    }

    /** Administrators sorted by login. */
    public Collection<Administrator> administrators() {
        return administrators.values();
    }

    public Optional<Administrator> administrator(String login) {
        return Optional.ofNullable(login == null ? null : administrators.get(login));
    }

    /** Clusters that use {@code host} in any role, sorted by id. */
    public List<LoadCluster> clustersUsing(String host) {
        if (host == null) {
            return new ArrayList<>();
        }
        return new ArrayList<>(membership().getOrDefault(host, List.of()));
    }

    private SortedMap<String, List<LoadCluster>> membership() {
        SortedMap<String, List<LoadCluster>> index = clustersByMember;
        if (index == null) {
            SortedMap<String, List<LoadCluster>> built = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (LoadCluster c : clusters.values()) { // by id: each list stays sorted by id
                java.util.Set<String> members = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                if (c.hasLoadBalancer()) {
                    members.add(c.loadBalancer());
                }
                members.addAll(c.backups());
                c.realServers().forEach(m -> members.add(m.host()));
                for (String m : members) {
                    built.computeIfAbsent(m, k -> new ArrayList<>()).add(c);
                }
            }
            index = Collections.unmodifiableSortedMap(built);
            clustersByMember = index;
        }
        return index;
    }

    /**
     * The role {@code host} has by the cluster definitions. In a consistent model a host has one role; if a
     * hand-edited directory gives it several, the strongest (LB, then BS, then RS) is reported.
     */
    public HostRole roleOf(String host) {
        Role best = Role.NONE;
        List<String> ids = new ArrayList<>();
        for (LoadCluster c : clustersUsing(host)) {
            Role r = c.roleOf(host);
            if (best == Role.NONE || r.ordinal() < best.ordinal()) {
                best = r;
                ids.clear();
            }
            if (r == best) {
                ids.add(c.id());
            }
        }
        return best == Role.NONE ? HostRole.NONE : new HostRole(best, ids);
    }

    public Inventory withModelRevision(long revision) {
        return new Inventory(revision, hosts.values(), clusters.values(), administrators.values());
    }
}
