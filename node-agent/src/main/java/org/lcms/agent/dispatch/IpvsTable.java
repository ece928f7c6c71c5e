package org.lcms.agent.dispatch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPVS table as ipvsadm sees it: services keyed by protocol and address, each with its scheduler and its
 * destinations (IPVS's word for real servers) keyed by address. Immutable and pure: it is read from
 * {@code ipvsadm -S -n} ({@link #parseSave}), made from a dispatch table ({@link #of}), and compared, giving the
 * {@code ipvsadm -R} lines that take one to the other ({@link #changesTo}).
 *
 * <p>Addresses are kept in one canonical spelling ({@link DispatchTable#endpoint}), so that {@code [2001:db8::10]:80}
 * from ipvsadm and {@code 2001:db8:0:0:0:0:0:10} from Java name the same service.
 *
 * @param services in ipvsadm's order (read) or the dispatch table's (made)
 */
public record IpvsTable(Map<ServiceKey, Service> services) {
    public static final IpvsTable EMPTY = new IpvsTable(Map.of());

    /** {@code -A -t ADDRESS:PORT -s SCHEDULER [flags]}, as {@code ipvsadm -S -n} writes a service. */
    private static final Pattern SERVICE_LINE = Pattern.compile("-A (-[tuf]) (\\S+)(?: -s (\\S+))?(.*)");
    /** {@code -a -t ADDRESS:PORT -r ADDRESS:PORT -g -w WEIGHT [...]}, a destination. */
    private static final Pattern DESTINATION_LINE = Pattern.compile(
        "-a (-[tuf]) (\\S+) -r (\\S+) (-[gim])(?: -w (\\d+))?(.*)");
    /** {@code 192.0.2.10:80} or {@code [2001:db8::10]:80}. */
    private static final Pattern ENDPOINT = Pattern.compile("\\[?([0-9A-Fa-f:.]+?)\\]?:(\\d{1,5})");

    /**
     * A service as IPVS identifies it.
     *
     * @param protocol ipvsadm's option: {@code -t} (TCP), {@code -u} (UDP) or {@code -f} (firewall mark)
     * @param address {@code ADDRESS:PORT} in canonical spelling, or the mark of a {@code -f} service
     */
    public record ServiceKey(String protocol, String address) {
        @Override
        public String toString() {
            return protocol + " " + address;
        }
    }

    /**
     * @param scheduler ipvsadm's name (wrr, ...)
     * @param flags the rest of the service's line (persistence, scheduler flags), "" for none: LCMS sets none
     * @param destinations by address ({@code ADDRESS:PORT}, canonical)
     */
    public record Service(String scheduler, String flags, Map<String, Destination> destinations) {
        public Service {
            Objects.requireNonNull(scheduler, "scheduler");
            flags = flags.strip();
            destinations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(destinations));
        }
    }

    /**
     * @param forwarding {@code -g} (direct routing, "Route"), {@code -i} (tunnel) or {@code -m} (NAT)
     * @param weight 0 means no new connections; established ones go on
     */
    public record Destination(String forwarding, int weight) {
    }

    public IpvsTable {
        services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /**
     * What IPVS should hold for a dispatch table: its virtual services in service with their scheduler, and each
     * of their real servers in service in direct-routing mode, except DOWN ones; DRAINING ones with weight 0.
     */
    public static IpvsTable of(DispatchTable table) {
        DispatchTable served = table.inService();
        Map<ServiceKey, Service> services = new LinkedHashMap<>();
        for (VirtualService vs : served.virtualServices()) {
            Map<String, Destination> destinations = new LinkedHashMap<>();
            for (RealServer rs : served.realServersOf(vs.index())) {
                if (rs.status() != RealServerStatus.DOWN) {
                    destinations.put(rs.endpoint(),
                        new Destination("-g", rs.status() == RealServerStatus.DRAINING ? 0 : rs.weight()));
                }
            }
            services.put(key(vs), new Service(vs.scheduler().ipvsName(), "", destinations));
        }
        return new IpvsTable(services);
    }

    /** How IPVS names a virtual service of a dispatch table. */
    public static ServiceKey key(VirtualService vs) {
        return new ServiceKey(vs.protocol().ipvsadmOption(), vs.endpoint());
    }

    /**
     * Reads what {@code ipvsadm -S -n} (ipvsadm-save) prints.
     *
     * @throws IllegalArgumentException naming the line it does not understand
     */
    public static IpvsTable parseSave(String text) {
        Map<ServiceKey, Service> services = new LinkedHashMap<>();
        Map<ServiceKey, Map<String, Destination>> destinations = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher s = SERVICE_LINE.matcher(line);
            Matcher d = DESTINATION_LINE.matcher(line);
            if (s.matches()) {
                ServiceKey key = new ServiceKey(s.group(1), canonical(s.group(1), s.group(2), line));
                // ipvsadm writes -s for every service; its default scheduler is wlc
                services.put(key, new Service(s.group(3) == null ? "wlc" : s.group(3), s.group(4), Map.of()));
                destinations.put(key, new LinkedHashMap<>());
            } else if (d.matches()) {
                ServiceKey key = new ServiceKey(d.group(1), canonical(d.group(1), d.group(2), line));
                Map<String, Destination> of = destinations.get(key);
                if (of == null) {
                    throw new IllegalArgumentException("ipvsadm -S line '" + line + "' names a service that no "
                        + "earlier -A line defined");
                }
                // flags after the weight (thresholds, tunnel options) are not LCMS's: kept out of the comparison
                of.put(canonical("-t", d.group(3), line),
                    new Destination(d.group(4), d.group(5) == null ? 1 : Integer.parseInt(d.group(5))));
            } else {
                throw new IllegalArgumentException("ipvsadm -S line '" + line + "' is neither a service (-A) nor a "
                    + "real server (-a) as ipvsadm 1.31 writes them");
            }
        }
        Map<ServiceKey, Service> complete = new LinkedHashMap<>();
        services.forEach((k, v) -> complete.put(k, new Service(v.scheduler(), v.flags(), destinations.get(k))));
        return new IpvsTable(complete);
    }

    /** The same spelling for an address however it was written; a firewall mark stays as it is. */
    static String canonical(String protocol, String endpoint, String line) {
        if (protocol.equals("-f")) {
            return endpoint;
        }
        Matcher m = ENDPOINT.matcher(endpoint);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + endpoint + "' in ipvsadm line '" + line + "' is not ADDRESS:PORT");
        }
        try {
            // a literal (checked by the pattern: digits, hex, dots and colons only), so no name lookup happens
            return DispatchTable.endpoint(InetAddress.getByName(m.group(1)), Integer.parseInt(m.group(2)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + endpoint + "' in ipvsadm line '" + line + "' is not an IP "
                + "address", e);
        }
    }

    /** This table with only the services {@code keys} names (those LCMS owns); the others are left alone. */
    public IpvsTable only(Collection<ServiceKey> keys) {
        Map<ServiceKey, Service> kept = new LinkedHashMap<>(services);
        kept.keySet().retainAll(Set.copyOf(keys));
        return new IpvsTable(kept);
    }

    /**
     * The {@code ipvsadm -R} lines that make this table {@code wanted}: removed real servers, removed services,
     * added or changed services, added or changed real servers, in that order. Nothing is torn down that stays:
     * a service whose scheduler changes is edited (-E), a real server whose weight changes too (-e), so
     * established connections and the other servers' are not touched. No change, no line.
     */
    public List<String> changesTo(IpvsTable wanted) {
        List<String> lines = new ArrayList<>();
        services.forEach((key, old) -> {
            Service now = wanted.services.get(key);
            if (now != null) {
                old.destinations().keySet().stream().filter(d -> !now.destinations().containsKey(d))
                    .forEach(d -> lines.add("-d " + key + " -r " + d));
            }
        });
        services.keySet().stream().filter(k -> !wanted.services.containsKey(k)).forEach(k -> lines.add("-D " + k));
        wanted.services.forEach((key, now) -> {
            Service old = services.get(key);
            if (old == null || !old.scheduler().equals(now.scheduler()) || !old.flags().equals(now.flags())) {
                // -E sets every parameter of the service: flags it is not given are cleared
                lines.add((old == null ? "-A " : "-E ") + key + " -s " + now.scheduler()
                    + (now.flags().isEmpty() ? "" : " " + now.flags()));
            }
        });
        wanted.services.forEach((key, now) -> {
            Service old = services.get(key);
            now.destinations().forEach((address, d) -> {
                Destination was = old == null ? null : old.destinations().get(address);
                if (!d.equals(was)) {
                    lines.add((was == null ? "-a " : "-e ") + key + " -r " + address + " " + d.forwarding() + " -w "
                        + d.weight());
                }
            });
        });
        return lines;
    }
}
