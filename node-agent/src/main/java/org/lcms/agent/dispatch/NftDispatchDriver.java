package org.lcms.agent.dispatch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.lcms.failover.core.BucketPlan;

/**
 * The data plane for kernels without IPVS: one nftables table on the service interface's ingress hook sends each
 * frame for a virtual service straight to a real server (direct routing), chosen by a stateless hash of the
 * flow. The ruleset ({@link #ruleset}) is a pure function of the dispatch table; {@link #apply} only loads it.
 *
 * <pre>
 * table netdev lcms_dr {
 *     map vs_1 { type mark : ipv4_addr; elements = { 0 : 10.0.0.21, 1 : 10.0.0.23, ... } }   # bucket -> server
 *     chain ingress {
 *         type filter hook ingress device "eth0" priority 0; policy accept;
 *         meta pkttype != host accept        # only frames sent to this host's MAC (not what a bridge floods)
 *         meta protocol != ip accept         # ARP and the rest belong to this host's own stack
 *         ip daddr 10.0.0.100 tcp dport 80 meta mark set jhash ip saddr . tcp sport mod 256 seed 0x4c434d53
 *             counter fwd ip to meta mark map @vs_1 device "eth0"
 *         ip daddr 10.0.0.100 udp dport 53 counter reject                 # a service with no server (yet)
 *     }
 * }
 * </pre>
 * Why it looks like this (each point was met on {@code bed/netns-bed.sh}, see bed/README.md "Traps met"):
 * <ul>
 * <li>{@code meta pkttype != host}: a bridge floods frames for a MAC it has not learnt to every port; without the
 * guard a standby would dispatch those copies too. With it the table does nothing on a host until clients send
 * it frames, i.e. until it holds the VIP, so a standby may keep the same table loaded.</li>
 * <li>{@code meta protocol != ip}: the rules below each match IPv4 already, but on the bed a non-IP frame that
 * reached a forwarding rule cost the director every neighbour (its own ARP replies went to a real server); the
 * guard keeps ARP away from the dispatch whatever rules follow.</li>
 * <li>{@code meta mark}: a map keyed directly by the jhash result is a datatype mismatch for nft 1.0.6; the mark
 * carries the bucket number (it is scrubbed when the frame leaves the host).</li>
 * <li>{@code fwd ip to ADDRESS device}: the kernel resolves the real server's MAC itself (neighbour table) and
 * writes this host's MAC as the source, so the bridge or switch never learns the client's MAC on our port and
 * no MAC has to be configured. Tried on this project's kernel with nft 1.0.6 before choosing it.</li>
 * <li>The VIP dead man's switch ({@code lcms_vip}, priority -10) runs before this table: a host whose lease
 * lapsed drops the VIP's frames before they are dispatched.</li>
 * </ul>
 *
 * <p><b>Buckets.</b> Each virtual service has {@code buckets} hash buckets, assigned by {@link BucketPlan#plan}
 * with each real server keyed by its address: a pure function of servers and weights, so every director that
 * loads the same dispatch table sends a flow to the same server and established connections survive a takeover.
 * DOWN real servers are out; DRAINING ones have weight 0, so they get no bucket.
 *
 * <p><b>Schedulers</b> (IPVS's, approximated by bucket shares):
 * <pre>
 * scheduler  here                                                             exact?
 * wrr        each server's share of buckets = its share of the weights         yes, per flow hash (not per
 *                                                                              arrival order)
 * rr         every server with weight above 0 gets an equal share              yes, per flow hash
 * sh         hash of the source address only: a client always reaches the     yes
 *            same server; shares by weight
 * wlc        shares by weight only                                             approximated: no connection
 * lc         equal shares                                                      counts (stateless)
 * </pre>
 * <b>Stateless</b>, unlike IPVS: there is no connection table. {@link #connections} always returns
 * {@link Connections#NONE}, and a drained (or removed) server's established connections move with its buckets
 * to other servers, which reset them: DRAINING means "no new connections", not "let the open ones finish".
 * A virtual service whose servers are all DOWN or DRAINING rejects new flows (ICMP port unreachable, as IPVS).
 * IPv4 only in this version: a table with an IPv6 virtual service is refused.
 *
 * <p>{@link #apply} replaces the whole table in one {@code nft -f -} transaction: either the new table serves or,
 * when nft refuses it, the previous one does, untouched. It takes a few milliseconds (one nft process).
 */
public final class NftDispatchDriver implements DispatchTableDriver {
    /** The nft table of the dispatch; one per host. */
    public static final String TABLE = "lcms_dr";
    /** The jhash seed ("LCMS"): the same on every director, or flows change servers on a takeover. */
    public static final String SEED = "0x4c434d53";
    /** What Linux accepts as an interface name (IFNAMSIZ - 1 characters, no blank, slash or quote). */
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");
    private static final long NFT_TIMEOUT_SECONDS = 10;

    /** The nft command, as an argument list (tests prefix it with {@code ip netns exec NS}). */
    public record Commands(List<String> nft) {
        public Commands {
            nft = List.copyOf(nft);
        }

        public static Commands system() {
            return new Commands(List.of("nft"));
        }
    }

    private final String device;
    private final int buckets;
    private final Commands commands;

    /**
     * @param device the service interface: where clients' frames for the VIPs arrive and where they leave again
     *     for the real servers (direct routing: one segment)
     * @param buckets hash buckets per virtual service, 1..65536 ({@link BucketPlan#DEFAULT_BUCKETS} is a good
     *     default)
     */
    public NftDispatchDriver(String device, int buckets, Commands commands) {
        if (!DEVICE.matcher(device).matches()) {
            throw new IllegalArgumentException("'" + device + "' is not a network interface name; give the "
                + "service interface, e.g. eth0 (serviceInterface in agent.cfg)");
        }
        if (buckets < 1 || buckets > 65_536) {
            throw new IllegalArgumentException("buckets must be 1..65536, was " + buckets);
        }
        this.device = device;
        this.buckets = buckets;
        this.commands = commands;
    }

    @Override
    public synchronized void apply(DispatchTable table) throws DispatchDriverException {
        String text = ruleset(device, buckets, table);
        List<String> cmd = new ArrayList<>(commands.nft());
        cmd.addAll(List.of("-f", "-"));
        String out;
        int exit;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.US_ASCII));
            }
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(NFT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new DispatchDriverException("nft took over " + NFT_TIMEOUT_SECONDS + " s to load the "
                    + "dispatch table (" + String.join(" ", cmd) + "); the data plane keeps its previous table", null);
            }
            exit = p.exitValue();
        } catch (IOException e) {
            throw new DispatchDriverException("could not run " + String.join(" ", cmd) + " (" + e.getMessage()
                + "); install nftables and run the agent as root for dataPlane = nftables; the data plane keeps its "
                + "previous table", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DispatchDriverException("interrupted while nft loaded the dispatch table; nft applies a file "
                + "as one transaction, so the data plane holds either the previous table or the new one", e);
        }
        if (exit != 0) {
            throw new DispatchDriverException("nft refused the dispatch table for " + device + " (exit " + exit
                + "): " + out + "; the data plane keeps its previous table", null);
        }
    }

    /** Always {@link Connections#NONE}: nftables dispatches statelessly and counts no connections. */
    @Override
    public Connections connections(VirtualService vs, RealServer rs) {
        return Connections.NONE;
    }

    /**
     * The nft script that replaces table {@value #TABLE} with {@code table} (pure): its first two lines make the
     * replacement work whether the table exists or not, and nft runs the whole script as one transaction.
     *
     * @throws DispatchDriverException when the table has what this data plane cannot do (an IPv6 service)
     */
    public static String ruleset(String device, int buckets, DispatchTable table) throws DispatchDriverException {
        DispatchTable served = table.inService();
        StringBuilder maps = new StringBuilder();
        StringBuilder rules = new StringBuilder();
        for (VirtualService vs : served.virtualServices()) {
            if (!(vs.address() instanceof Inet4Address)) {
                throw new DispatchDriverException(vs + ": the nftables data plane handles IPv4 virtual services "
                    + "only in this version; take it out of service or use IPVS", null);
            }
            String proto = vs.protocol() == Protocol.TCP ? "tcp" : "udp";
            String match = "ip daddr " + vs.address().getHostAddress() + " " + proto + " dport " + vs.port();
            String[] plan = BucketPlan.plan(weights(vs, served.realServersOf(vs.index())), buckets);
            if (plan.length == 0 || plan[0] == null) {
                rules.append("        ").append(match).append(" counter reject\n");
                continue;
            }
            String map = "vs_" + vs.index();
            maps.append("    map ").append(map).append(" {\n        type mark : ipv4_addr\n        elements = {");
            for (int b = 0; b < plan.length; b++) {
                maps.append(b % 8 == 0 ? "\n            " : " ").append(b).append(" : ").append(plan[b])
                    .append(b < plan.length - 1 ? "," : "\n");
            }
            maps.append("        }\n    }\n");
            String flow = vs.scheduler() == Scheduler.SH ? "ip saddr" : "ip saddr . " + proto + " sport";
            rules.append("        ").append(match).append(" meta mark set jhash ").append(flow).append(" mod ")
                .append(buckets).append(" seed ").append(SEED).append(" counter fwd ip to meta mark map @")
                .append(map).append(" device \"").append(device).append("\"\n");
        }
        return "table netdev " + TABLE + " {}\n"
            + "delete table netdev " + TABLE + "\n"
            + "table netdev " + TABLE + " {\n"
            + maps
            + "    chain ingress {\n"
            + "        type filter hook ingress device \"" + device + "\" priority 0; policy accept;\n"
            + "        meta pkttype != host accept\n"
            + "        meta protocol != ip accept\n"
            + rules
            + "    }\n"
            + "}\n";
    }

    /**
     * Each real server's weight in the bucket plan, keyed by its address: DOWN ones are out, DRAINING ones have
     * 0; rr and lc ignore the configured weight (equal shares, as IPVS does for them).
     */
    static Map<String, Integer> weights(VirtualService vs, List<RealServer> servers) {
        boolean equalShares = vs.scheduler() == Scheduler.RR || vs.scheduler() == Scheduler.LC;
        Map<String, Integer> w = new TreeMap<>();
        for (RealServer rs : servers) {
            if (rs.status() == RealServerStatus.DOWN) {
                continue;
            }
            int weight = rs.status() == RealServerStatus.DRAINING ? 0 : rs.weight();
            w.put(rs.address().getHostAddress(), equalShares && weight > 0 ? 1 : weight);
        }
        return w;
    }
}
