package org.lcms.agent.dispatch;

import static org.lcms.agent.dispatch.DispatchTableException.Kind.CONFLICT;
import static org.lcms.agent.dispatch.DispatchTableException.Kind.NO_VIRTUAL_SERVICE;
import static org.lcms.agent.dispatch.DispatchTableException.Kind.OUT_OF_RANGE;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The dispatch table of a load balancer: virtual services and their real servers. Immutable and pure (no I/O):
 * every change returns a new table, or throws {@link DispatchTableException} and leaves this one as it was,
 * so a caller can compute the outcome of a whole request first and keep the old table to roll back to.
 *
 * <p>Rules every table keeps (checked after each change):
 * <pre>
 * rule                                                         kind
 * indexes, ports 1..65535; weight 0..65535                     OUT_OF_RANGE
 * a real server belongs to an existing virtual service          NO_VIRTUAL_SERVICE
 * no two virtual services with one protocol, address and port   CONFLICT
 * no two real servers of one virtual service with one address   CONFLICT
 *   and port
 * a real server has its virtual service's address family and    CONFLICT (direct routing cannot translate
 *   port                                                          either)
 * address, port and protocol of a row in service do not change  CONFLICT (take it out of service first)
 * </pre>
 * Removing a virtual service removes its real servers.
 */
public final class DispatchTable {
    /** Orders real servers by virtual service, then real server: the order of lcmsRsTable. */
    private static final Comparator<RsKey> RS_ORDER = Comparator.comparingInt(RsKey::vs).thenComparingInt(RsKey::rs);

    public static final DispatchTable EMPTY = new DispatchTable(new TreeMap<>(), new TreeMap<>(RS_ORDER));

    private record RsKey(int vs, int rs) {
    }

    private final SortedMap<Integer, VirtualService> services;
    private final SortedMap<RsKey, RealServer> servers;

    private DispatchTable(SortedMap<Integer, VirtualService> services, SortedMap<RsKey, RealServer> servers) {
        this.services = Collections.unmodifiableSortedMap(services);
        this.servers = Collections.unmodifiableSortedMap(servers);
    }

    public List<VirtualService> virtualServices() {
        return List.copyOf(services.values());
    }

    /** Every real server, ordered by virtual service index, then real server index. */
    public List<RealServer> realServers() {
        return List.copyOf(servers.values());
    }

    public List<RealServer> realServersOf(int vsIndex) {
        return servers.values().stream().filter(r -> r.vsIndex() == vsIndex).toList();
    }

    public Optional<VirtualService> virtualService(int index) {
        return Optional.ofNullable(services.get(index));
    }

    public Optional<RealServer> realServer(int vsIndex, int index) {
        return Optional.ofNullable(servers.get(new RsKey(vsIndex, index)));
    }

    public boolean isEmpty() {
        return services.isEmpty();
    }

    /** Adds the virtual service, or replaces the one with its index. */
    public DispatchTable withVirtualService(VirtualService vs) throws DispatchTableException {
        VirtualService old = services.get(vs.index());
        if (old != null && old.inService() && vs.inService() && (!old.address().equals(vs.address())
            || old.port() != vs.port() || old.protocol() != vs.protocol())) {
            throw new DispatchTableException(CONFLICT, old + ": address, port and protocol cannot change while "
                + "it is active; set lcmsVsRowStatus to notInService(2) in the same or an earlier request");
        }
        TreeMap<Integer, VirtualService> s = new TreeMap<>(services);
        s.put(vs.index(), vs);
        return checked(s, new TreeMap<>(servers));
    }

    /** Removes the virtual service and its real servers; nothing if there is none with this index. */
    public DispatchTable withoutVirtualService(int index) {
        TreeMap<Integer, VirtualService> s = new TreeMap<>(services);
        s.remove(index);
        TreeMap<RsKey, RealServer> r = new TreeMap<>(RS_ORDER);
        servers.forEach((k, v) -> {
            if (k.vs() != index) {
                r.put(k, v);
            }
        });
        return new DispatchTable(s, r);
    }

    /** Adds the real server, or replaces the one with its indexes. */
    public DispatchTable withRealServer(RealServer rs) throws DispatchTableException {
        RsKey key = new RsKey(rs.vsIndex(), rs.index());
        RealServer old = servers.get(key);
        if (old != null && old.inService() && rs.inService() && (!old.address().equals(rs.address())
            || old.port() != rs.port())) {
            throw new DispatchTableException(CONFLICT, old + ": address and port cannot change while it is "
                + "active; set lcmsRsRowStatus to notInService(2) in the same or an earlier request");
        }
        TreeMap<RsKey, RealServer> r = new TreeMap<>(RS_ORDER);
        r.putAll(servers);
        r.put(key, rs);
        return checked(new TreeMap<>(services), r);
    }

    public DispatchTable withoutRealServer(int vsIndex, int index) {
        TreeMap<RsKey, RealServer> r = new TreeMap<>(RS_ORDER);
        r.putAll(servers);
        r.remove(new RsKey(vsIndex, index));
        return new DispatchTable(new TreeMap<>(services), r);
    }

    /** What the data plane should hold: the virtual services in service and their real servers in service. */
    public DispatchTable inService() {
        TreeMap<Integer, VirtualService> s = new TreeMap<>();
        services.forEach((k, v) -> {
            if (v.inService()) {
                s.put(k, v);
            }
        });
        TreeMap<RsKey, RealServer> r = new TreeMap<>(RS_ORDER);
        servers.forEach((k, v) -> {
            if (v.inService() && s.containsKey(k.vs())) {
                r.put(k, v);
            }
        });
        return new DispatchTable(s, r);
    }

    private static DispatchTable checked(TreeMap<Integer, VirtualService> s, TreeMap<RsKey, RealServer> r)
        throws DispatchTableException {
        if (r.comparator() == null) {
            TreeMap<RsKey, RealServer> ordered = new TreeMap<>(RS_ORDER);
            ordered.putAll(r);
            r = ordered;
        }
        for (VirtualService vs : s.values()) {
            range(vs + ": lcmsVsIndex", vs.index(), 1, 65535);
            range(vs + ": lcmsVsPort", vs.port(), 1, 65535);
            for (VirtualService other : s.values()) {
                if (other.index() < vs.index() && other.protocol() == vs.protocol()
                    && other.address().equals(vs.address()) && other.port() == vs.port()) {
                    throw new DispatchTableException(CONFLICT, vs + " duplicates " + other
                        + "; use that row or give this one another address or port");
                }
            }
        }
        for (RealServer rs : r.values()) {
            range(rs + ": lcmsRsIndex", rs.index(), 1, 65535);
            range(rs + ": lcmsRsPort", rs.port(), 1, 65535);
            range(rs + ": lcmsRsWeight", rs.weight(), 0, 65535);
            VirtualService vs = s.get(rs.vsIndex());
            if (vs == null) {
                throw new DispatchTableException(NO_VIRTUAL_SERVICE, rs + ": there is no virtual service "
                    + rs.vsIndex() + "; create the lcmsVsTable row first (or in the same request)");
            }
            if (vs.ipv6() != rs.ipv6()) {
                throw new DispatchTableException(CONFLICT, rs + " is " + family(rs.address()) + " but " + vs
                    + " is " + family(vs.address()) + "; direct routing cannot translate between them");
            }
            if (vs.port() != rs.port()) {
                throw new DispatchTableException(CONFLICT, rs + ": port " + rs.port() + " differs from " + vs
                    + "; direct routing cannot change ports, use " + vs.port());
            }
            for (RealServer other : r.values()) {
                if (other.vsIndex() == rs.vsIndex() && other.index() < rs.index()
                    && other.address().equals(rs.address()) && other.port() == rs.port()) {
                    throw new DispatchTableException(CONFLICT, rs + " duplicates " + other + " of " + vs
                        + "; change its weight or status instead");
                }
            }
        }
        return new DispatchTable(s, r);
    }

    private static void range(String what, int value, int min, int max) throws DispatchTableException {
        if (value < min || value > max) {
            throw new DispatchTableException(OUT_OF_RANGE, what + " = " + value + " is outside " + min + ".."
                + max);
        }
    }

    private static String family(InetAddress a) {
        return a instanceof Inet6Address ? "IPv6" : "IPv4";
    }

    static String endpoint(InetAddress address, int port) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]:" + port
            : address.getHostAddress() + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DispatchTable t && services.equals(t.services) && servers.equals(t.servers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(services, servers);
    }

    @Override
    public String toString() {
        List<String> rows = new ArrayList<>();
        for (Map.Entry<Integer, VirtualService> e : services.entrySet()) {
            rows.add(e.getValue() + " " + e.getValue().scheduler().ipvsName() + " " + realServersOf(e.getKey()));
        }
        return "DispatchTable" + rows;
    }
}
