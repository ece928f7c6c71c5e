package org.lcms.agent.dispatch;

import org.lcms.agent.host.ChildProcesses;
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
import org.lcms.agent.failover.RealtimePriority;
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
 * <p>{@link #apply} changes the table in one nft transaction: either the new table serves or, when nft refuses it,
 * the previous one does, untouched. A change that only moves buckets between servers (a server down, back, drained
 * or re-weighted: what the health checks do) replaces only the changed map elements; any other change replaces
 * the whole table. Both go through one long-running {@code nft -i} process ({@link NftSession}), which confirms
 * each change by reading back a generation number the change sets in the table's {@code applied} set: on the
 * busy 2-CPU bed an {@code nft -f} process per change took 65-110 ms, mostly starting nft. When the session
 * fails, the whole table is loaded with {@code nft -f -}. The maps' contents are a pure function of the dispatch
 * table whichever way they were written, so every director still maps a flow to the same server.
 */
public final class NftDispatchDriver implements DispatchTableDriver {
    /** The nft table of the dispatch; one per host. */
    public static final String TABLE = "lcms_dr";
    /** The jhash seed ("LCMS"): the same on every director, or flows change servers on a takeover. */
    public static final String SEED = "0x4c434d53";
    /** What Linux accepts as an interface name (IFNAMSIZ - 1 characters, no blank, slash or quote). */
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");
    private static final long NFT_TIMEOUT_SECONDS = 10;
    /** The set whose one element, the number of the last change, tells that the change was applied. */
    static final String APPLIED = "applied";
    /** How long a change through {@code nft -i} may take before the driver gives up on the session. */
    private static final long CONFIRM_MILLIS = 2_000;
    private static final String HOOK = "type filter hook ingress device \"%s\" priority 0; policy accept;";
    /** Before any service: only frames sent to this host's MAC, and IPv4 only (see the class comment). */
    private static final List<String> GUARDS = List.of("meta pkttype != host accept", "meta protocol != ip accept");
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(
        NftDispatchDriver.class.getName());

    /**
     * The nft command, as an argument list (tests prefix it with {@code ip netns exec NS}); whether changes go
     * through a long-running {@code nft -i} ({@code session}) or one {@code nft -f -} each; and the SCHED_RR
     * priority of the session's process (0: normal scheduling). An {@code nft -f} process inherits the priority
     * of the thread that applies (the health checks' and the failover's threads are real-time); the session is
     * started once, by whichever thread applies first, so it is given the priority itself.
     */
    public record Commands(List<String> nft, boolean session, int realtimePriority) {
        public Commands {
            nft = List.copyOf(nft);
        }

        public Commands(List<String> nft) {
            this(nft, true, 0);
        }

        public Commands(List<String> nft, boolean session) {
            this(nft, session, 0);
        }

        public static Commands system() {
            return new Commands(List.of("nft"));
        }
    }

    private final String device;
    private final int buckets;
    private final Commands commands;
    /** The {@code nft -i} process, started by the first apply; null after a failure. */
    private NftSession session;
    /** What the data plane holds, as far as this driver knows (null: unknown, the next apply loads all). */
    private Layout loaded;
    /**
     * The number of the last change sent (a mark: 32 bits). It starts anywhere, so that another driver on the host
     * (an agent restarted, a test) is unlikely to have sent the number this one waits for.
     */
    private long generations = new java.util.Random().nextInt(1 << 30);
    /** What {@link #prepare} rendered, and for which table. */
    private DispatchTable preparedFor;
    private Layout prepared;
    private String preparedCommands;

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

    /**
     * Applies {@code table} atomically: either all of it serves or, when nft refuses it, the previous table does.
     * When only bucket assignments change (the same services and rules: a server down, back, drained or
     * re-weighted), only the changed map elements are replaced; otherwise the whole table is. Both go through a
     * long-running {@code nft -i} that must confirm each change (see {@link NftSession}); when it cannot (it ended
     * or did not answer), this apply falls back to loading the whole table with {@code nft -f -} and the next one
     * starts a new session.
     */
    @Override
    public synchronized void apply(DispatchTable table) throws DispatchDriverException {
        Layout next = table.equals(preparedFor) ? prepared : layout(device, buckets, table);
        if (commands.session()) {
            Layout before = loaded;
            boolean delta = before != null && before.sameStructure(next);
            long generation = ++generations;
            String change = delta ? before.elementChanges(next) : next == prepared ? preparedCommands
                : next.commands();
            String line = (change.isEmpty() ? "" : change + "; ") + generationCommand(generation);
            String problem;
            NftSession.Outcome outcome = session().run(line, generation, CONFIRM_MILLIS);
            if (outcome instanceof NftSession.Outcome.Applied) {
                loaded = next;
                return;
            } else if (outcome instanceof NftSession.Outcome.Refused r && !delta) {
                throw new DispatchDriverException("nft refused the dispatch table for " + device + ": " + r.errors()
                    + "; the data plane keeps its previous table", null);
            } else if (outcome instanceof NftSession.Outcome.Refused r) {
                // the maps are not what this driver loaded (changed by hand?): the whole table sets them right
                problem = "nft refused the change of the bucket maps (" + r.errors() + ")";
            } else {
                problem = ((NftSession.Outcome.Broken) outcome).reason();
                closeSession();
            }
            loaded = null;
            LOG.warning("dispatch table for " + device + ": " + problem + "; loading the whole table with nft -f "
                + "instead");
        }
        loadWholeTable(next);
        loaded = next;
    }

    /**
     * Renders {@code table} ahead (its bucket plans and the one-line commands), so that applying it at a takeover
     * costs only nft's transaction: the take's apply runs on the failover thread, which must renew the new lease
     * within a few tens of milliseconds, and on a standby this code has never run (cold, on a busy host).
     */
    @Override
    public synchronized void prepare(DispatchTable table) {
        try {
            prepared = layout(device, buckets, table);
            preparedCommands = prepared.commands();
            preparedFor = table;
        } catch (DispatchDriverException e) {
            preparedFor = null; // apply says why
        }
    }

    /** Ends the {@code nft -i} session, if any (a later {@link #apply} starts another). */
    public synchronized void close() {
        closeSession();
    }

    /** The {@code nft -i} process's id, -1 when there is none (for tests that end it). */
    synchronized long sessionPid() {
        return session == null ? -1 : session.pid();
    }

    private NftSession session() throws DispatchDriverException {
        if (session == null || !session.alive()) {
            closeSession();
            try {
                session = new NftSession(commands.nft(), "netdev " + TABLE, APPLIED);
                if (commands.realtimePriority() > 0) {
                    RealtimePriority.apply(session.pid(), commands.realtimePriority()).ifPresent(problem ->
                        LOG.warning("the dispatch table's nft process keeps normal scheduling: " + problem
                            + " (failover.realtimePriority = 0 silences this)"));
                }
            } catch (IOException e) {
                throw new DispatchDriverException("could not run " + String.join(" ", commands.nft()) + " -i ("
                    + e.getMessage() + "); install nftables and run the agent as root for dataPlane = nftables; the "
                    + "data plane keeps its previous table", e);
            }
        }
        return session;
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private static String generationCommand(long generation) {
        return "flush set netdev " + TABLE + " " + APPLIED + "; add element netdev " + TABLE + " " + APPLIED + " { "
            + generation + " }";
    }

    /** One {@code nft -f -} process with the whole table: the path without a session, and the fallback. */
    private void loadWholeTable(Layout next) throws DispatchDriverException {
        String text = next.ruleset();
        List<String> cmd = new ArrayList<>(commands.nft());
        cmd.addAll(List.of("-f", "-"));
        String out;
        int exit;
        try {
            Process p = ChildProcesses.builder(cmd).redirectErrorStream(true).start();
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
        return layout(device, buckets, table).ruleset();
    }

    /**
     * What a dispatch table becomes in nftables: the rules after the guards (one per virtual service in service),
     * and each forwarding service's map from bucket to server, in service order.
     */
    record Layout(String device, List<String> rules, Map<String, String[]> plans) {
        /** The same table but for the servers in the maps' elements: a change of elements only will do. */
        boolean sameStructure(Layout other) {
            return device.equals(other.device) && rules.equals(other.rules)
                && List.copyOf(plans.keySet()).equals(List.copyOf(other.plans.keySet()));
        }

        /** The human-readable script for {@code nft -f} (the form of the class comment). */
        String ruleset() {
            StringBuilder maps = new StringBuilder();
            plans.forEach((map, plan) -> {
                maps.append("    map ").append(map).append(" {\n        type mark : ipv4_addr\n        elements = {");
                for (int b = 0; b < plan.length; b++) {
                    maps.append(b % 8 == 0 ? "\n            " : " ").append(b).append(" : ").append(plan[b])
                        .append(b < plan.length - 1 ? "," : "\n");
                }
                maps.append("        }\n    }\n");
            });
            StringBuilder chain = new StringBuilder();
            rules.forEach(r -> chain.append("        ").append(r).append('\n'));
            return "table netdev " + TABLE + " {}\n"
                + "delete table netdev " + TABLE + "\n"
                + "table netdev " + TABLE + " {\n"
                + "    set " + APPLIED + " { type mark; }\n"
                + maps
                + "    chain ingress {\n"
                + "        " + HOOK.formatted(device) + "\n"
                + GUARDS.stream().map(g -> "        " + g + "\n").collect(java.util.stream.Collectors.joining())
                + chain
                + "    }\n"
                + "}\n";
        }

        /**
         * The same table as one line of commands for {@code nft -i} (which takes one line as one transaction;
         * the nested form of {@link #ruleset} does not fit on one line).
         */
        String commands() {
            String t = "netdev " + TABLE;
            List<String> c = new ArrayList<>(List.of("table " + t + " {}", "delete table " + t, "add table " + t,
                "add set " + t + " " + APPLIED + " { type mark; }"));
            plans.forEach((map, plan) -> {
                c.add("add map " + t + " " + map + " { type mark : ipv4_addr; }");
                c.add("add element " + t + " " + map + " { " + elements(plan, null) + " }");
            });
            c.add("add chain " + t + " ingress { " + HOOK.formatted(device) + " }");
            GUARDS.forEach(g -> c.add("add rule " + t + " ingress " + g));
            rules.forEach(r -> c.add("add rule " + t + " ingress " + r));
            return String.join("; ", c);
        }

        /**
         * The commands that turn this layout's map elements into {@code next}'s (same structure): each changed
         * bucket deleted and added again with its new server, in the same line, so in the same transaction.
         */
        String elementChanges(Layout next) {
            List<String> c = new ArrayList<>();
            next.plans.forEach((map, plan) -> {
                String[] was = plans.get(map);
                List<Integer> changed = new ArrayList<>();
                for (int b = 0; b < plan.length; b++) {
                    if (!plan[b].equals(was[b])) {
                        changed.add(b);
                    }
                }
                if (!changed.isEmpty()) {
                    String keys = changed.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(
                        ", "));
                    c.add("delete element netdev " + TABLE + " " + map + " { " + keys + " }");
                    c.add("add element netdev " + TABLE + " " + map + " { " + elements(plan, changed) + " }");
                }
            });
            return c.isEmpty() ? "" : String.join("; ", c);
        }

        private static String elements(String[] plan, List<Integer> only) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < plan.length; i++) {
                if (only == null || only.contains(i)) {
                    b.append(b.length() == 0 ? "" : ", ").append(i).append(" : ").append(plan[i]);
                }
            }
            return b.toString();
        }
    }

    /** The table's {@link Layout} (pure). */
    static Layout layout(String device, int buckets, DispatchTable table) throws DispatchDriverException {
        DispatchTable served = table.inService();
        List<String> rules = new ArrayList<>();
        Map<String, String[]> plans = new java.util.LinkedHashMap<>();
        for (VirtualService vs : served.virtualServices()) {
            if (!(vs.address() instanceof Inet4Address)) {
                throw new DispatchDriverException(vs + ": the nftables data plane handles IPv4 virtual services "
                    + "only in this version; take it out of service or use IPVS", null);
            }
            String proto = vs.protocol() == Protocol.TCP ? "tcp" : "udp";
            String match = "ip daddr " + vs.address().getHostAddress() + " " + proto + " dport " + vs.port();
            String[] plan = BucketPlan.plan(weights(vs, served.realServersOf(vs.index())), buckets);
            if (plan.length == 0 || plan[0] == null) {
                rules.add(match + " counter reject");
                continue;
            }
            String map = "vs_" + vs.index();
            plans.put(map, plan);
            String flow = vs.scheduler() == Scheduler.SH ? "ip saddr" : "ip saddr . " + proto + " sport";
            rules.add(match + " meta mark set jhash " + flow + " mod " + buckets + " seed " + SEED
                + " counter fwd ip to meta mark map @" + map + " device \"" + device + "\"");
        }
        return new Layout(device, List.copyOf(rules), plans);
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
