package org.lcms.agent.dispatch;

import org.lcms.agent.host.ChildProcesses;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data plane in the kernel's IPVS, programmed with {@code ipvsadm}: each virtual service with its scheduler
 * (rr, wrr, lc, wlc, sh), each real server in direct-routing mode ({@code -g}) with its weight; DRAINING = weight
 * 0 (established connections go on, new ones go elsewhere), DOWN = not in IPVS.
 *
 * <p><b>How a table is applied.</b> Read the kernel's table ({@code ipvsadm -S -n}), compute the lines that take
 * the services LCMS owns to the wanted ones ({@link IpvsTable#changesTo}: only what differs, never a flush), and
 * feed them to one {@code ipvsadm -R}. Then read the table again: ipvsadm -R carries on past a line the kernel
 * refuses and its exit code tells only of the last line, so the read-back is the only reliable verdict. If the
 * services differ from the wanted ones, the driver applies the reverse lines, so the kernel holds what it held
 * before, and throws with ipvsadm's own words.
 *
 * <p><b>What LCMS owns.</b> The services of the tables this driver was given (protocol, address and port), and
 * within them every real server. Other services in IPVS (added by hand, by keepalived, firewall-mark services)
 * are left alone; a service that leaves the dispatch table is removed. The agent applies its kept table at start,
 * which makes the services it names LCMS's again; a service that was LCMS's before a restart and is no longer in
 * the kept table stays (the agent cannot tell it from a hand-made one).
 *
 * <p><b>Sysctls</b> (per network namespace), set before the first change; without them DR misbehaves:
 * <pre>
 * net.ipv4.vs.conn_reuse_mode = 2   a director in DR mode sees only the client's half of a connection, so IPVS
 *                                   keeps its entry in FIN_WAIT for 2 minutes; a new connection from a reused
 *                                   client port then went, unscheduled, to the old real server (even a removed
 *                                   one). 2 reschedules such a connection.
 * net.ipv4.vs.expire_nodest_conn = 1  the connections of a removed (DOWN) real server are expired at their next
 *                                   packet instead of being dropped silently until they time out: the client
 *                                   sees the failure at once and reconnects to a live server.
 * </pre>
 *
 * <p>{@link #connections} reads {@code ipvsadm -L -n} at most once per second (a walk of the real-server table
 * asks once per row).
 */
public final class IpvsadmDispatchDriver implements DispatchTableDriver {
    private static final Logger LOG = Logger.getLogger(IpvsadmDispatchDriver.class.getName());
    private static final long TIMEOUT_SECONDS = 10;
    private static final long CONNECTIONS_MAX_AGE_NANOS = 1_000_000_000L;
    /** What DR needs of IPVS on the director; see the class comment. */
    public static final Map<String, String> SYSCTLS = java.util.Collections.unmodifiableSortedMap(
        new java.util.TreeMap<>(Map.of("net.ipv4.vs.conn_reuse_mode", "2", "net.ipv4.vs.expire_nodest_conn", "1")));
    /** {@code TCP  192.0.2.10:80 wrr} in {@code ipvsadm -L -n}. */
    private static final Pattern LISTED_SERVICE = Pattern.compile("(TCP|UDP|FWM)\\s+(\\S+)\\s.*");
    /** {@code   -> 10.0.0.1:80   Route   2   ActiveConn InActConn}. */
    private static final Pattern LISTED_DESTINATION = Pattern.compile(
        "\\s*->\\s+(\\S+)\\s+\\S+\\s+\\d+\\s+(\\d+)\\s+(\\d+)\\s*");

    /** The ipvsadm and sysctl commands, as argument lists (tests prefix them with {@code ip netns exec NS}). */
    public record Commands(List<String> ipvsadm, List<String> sysctl) {
        public Commands {
            ipvsadm = List.copyOf(ipvsadm);
            sysctl = List.copyOf(sysctl);
        }

        public static Commands system() {
            return new Commands(List.of("ipvsadm"), List.of("sysctl"));
        }

        /** The same commands in network namespace {@code name} (ip netns exec). */
        public static Commands inNamespace(String name) {
            return new Commands(List.of("ip", "netns", "exec", name, "ipvsadm"),
                List.of("ip", "netns", "exec", name, "sysctl"));
        }
    }

    private final Commands commands;
    private final LongSupplier nanoClock;
    /** The services of the last table applied (see "What LCMS owns"). */
    private Set<IpvsTable.ServiceKey> owned = Set.of();
    private boolean sysctlsSet;
    private Map<IpvsTable.ServiceKey, Map<String, Connections>> connections = Map.of();
    private long connectionsReadAt;
    private boolean connectionsRead;

    public IpvsadmDispatchDriver(Commands commands) {
        this(commands, System::nanoTime);
    }

    IpvsadmDispatchDriver(Commands commands, LongSupplier nanoClock) {
        this.commands = commands;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized void apply(DispatchTable table) throws DispatchDriverException {
        IpvsTable wanted = IpvsTable.of(table);
        Set<IpvsTable.ServiceKey> scope = new LinkedHashSet<>(owned);
        scope.addAll(wanted.services().keySet());
        IpvsTable before = read().only(scope);
        if (!sysctlsSet) {
            setSysctls();
        }
        List<String> lines = before.changesTo(wanted);
        if (!lines.isEmpty()) {
            String refusal = restore(lines);
            IpvsTable after = read().only(scope);
            if (!after.equals(wanted)) {
                rollBack(after, before, scope, refusal, lines);
            }
            if (!refusal.isEmpty()) {
                // a complaint about a line whose effect is there anyway (e.g. a service someone added meanwhile)
                LOG.warning(() -> "ipvsadm -R: " + refusal + "; the table is as wanted nevertheless");
            }
        }
        owned = Set.copyOf(wanted.services().keySet());
        connectionsRead = false;
    }

    private void rollBack(IpvsTable after, IpvsTable before, Set<IpvsTable.ServiceKey> scope, String refusal,
                          List<String> lines) throws DispatchDriverException {
        String why = refusal.isEmpty() ? "the table read back differs from the one applied" : refusal;
        String undoRefusal = restore(after.changesTo(before));
        IpvsTable back = read().only(scope);
        if (!back.equals(before)) {
            throw new DispatchDriverException("ipvsadm refused the dispatch table change (" + why + ") and "
                + "could not put the previous table back (" + undoRefusal + "); IPVS now holds " + back.services()
                + "; check ipvsadm -L -n and set the table again", null);
        }
        throw new DispatchDriverException("ipvsadm refused the dispatch table change: " + why + " (lines: "
            + String.join("; ", lines) + "); IPVS keeps its previous table", null);
    }

    /** The kernel's IPVS table (all of it). */
    private IpvsTable read() throws DispatchDriverException {
        Result r = run(commands.ipvsadm(), List.of("-S", "-n"), null);
        if (r.exit() != 0) {
            throw new DispatchDriverException("ipvsadm -S -n failed (exit " + r.exit() + "): " + r.errors()
                + "; dataPlane = ipvs needs a kernel with IPVS (modprobe ip_vs) and root; on a kernel without it "
                + "use dataPlane = nftables. IPVS (if any) keeps its previous table", null);
        }
        try {
            return IpvsTable.parseSave(r.output());
        } catch (IllegalArgumentException e) {
            throw new DispatchDriverException("could not read ipvsadm -S -n: " + e.getMessage() + "; nothing was "
                + "changed", e);
        }
    }

    /** Feeds {@code lines} to one ipvsadm -R; returns what ipvsadm said about refused lines ("" for nothing). */
    private String restore(List<String> lines) throws DispatchDriverException {
        Result r = run(commands.ipvsadm(), List.of("-R"), String.join("\n", lines) + "\n");
        String said = r.errors().isEmpty() ? r.output() : r.errors();
        return r.exit() == 0 && r.errors().isEmpty() ? "" : said.isEmpty() ? "exit " + r.exit() : said;
    }

    private void setSysctls() throws DispatchDriverException {
        List<String> args = new ArrayList<>(List.of("-w"));
        SYSCTLS.forEach((k, v) -> args.add(k + "=" + v));
        Result r = run(commands.sysctl(), args, null);
        if (r.exit() != 0) {
            throw new DispatchDriverException("could not set " + String.join(" ", args.subList(1, args.size()))
                + " (" + r.errors() + "); IPVS direct routing needs them (see IpvsadmDispatchDriver); nothing was "
                + "changed", null);
        }
        LOG.info(() -> "IPVS data plane: set " + String.join(", ", args.subList(1, args.size())));
        sysctlsSet = true;
    }

    /**
     * ActiveConn and InActConn of the real server in IPVS now (from {@code ipvsadm -L -n}, at most a second old);
     * {@link Connections#NONE} when IPVS does not have it or cannot be read.
     */
    @Override
    public synchronized Connections connections(VirtualService vs, RealServer rs) {
        long now = nanoClock.getAsLong();
        if (!connectionsRead || now - connectionsReadAt >= CONNECTIONS_MAX_AGE_NANOS) {
            connectionsReadAt = now;
            connectionsRead = true;
            try {
                Result r = run(commands.ipvsadm(), List.of("-L", "-n"), null);
                connections = r.exit() == 0 ? parseConnections(r.output()) : Map.of();
            } catch (DispatchDriverException | IllegalArgumentException e) {
                // a count is a report, not a decision: a listing that cannot be read reads as no connections
                LOG.fine(() -> "ipvsadm -L -n: " + e.getMessage());
                connections = Map.of();
            }
        }
        return connections.getOrDefault(IpvsTable.key(vs), Map.of()).getOrDefault(rs.endpoint(), Connections.NONE);
    }

    /** ActiveConn/InActConn per service and real server, from what {@code ipvsadm -L -n} prints. */
    static Map<IpvsTable.ServiceKey, Map<String, Connections>> parseConnections(String listing) {
        Map<IpvsTable.ServiceKey, Map<String, Connections>> out = new HashMap<>();
        Map<String, Connections> current = null;
        for (String line : listing.split("\n")) {
            Matcher s = LISTED_SERVICE.matcher(line);
            Matcher d = LISTED_DESTINATION.matcher(line);
            if (s.matches()) {
                String protocol = switch (s.group(1)) {
                    case "TCP" -> "-t";
                    case "UDP" -> "-u";
                    default -> "-f";
                };
                current = new HashMap<>();
                out.put(new IpvsTable.ServiceKey(protocol, IpvsTable.canonical(protocol, s.group(2), line)),
                    current);
            } else if (d.matches() && current != null) {
                current.put(IpvsTable.canonical("-t", d.group(1), line),
                    new Connections(Long.parseLong(d.group(2)), Long.parseLong(d.group(3))));
            }
        }
        return out;
    }

    private record Result(int exit, String output, String errors) {
    }

    private static Result run(List<String> command, List<String> args, String input) throws DispatchDriverException {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(args);
        try {
            Process p = ChildProcesses.builder(cmd).start();
            CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            try (OutputStream in = p.getOutputStream()) {
                if (input != null) {
                    in.write(input.getBytes(StandardCharsets.US_ASCII));
                }
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new DispatchDriverException(String.join(" ", cmd) + " took over " + TIMEOUT_SECONDS + " s and "
                    + "was stopped; IPVS may hold part of the change: check ipvsadm -L -n", null);
            }
            String err = new String(errors.join(), StandardCharsets.UTF_8).strip().replace('\n', ' ');
            return new Result(p.exitValue(), out, err);
        } catch (IOException e) {
            throw new DispatchDriverException("could not run " + String.join(" ", cmd) + " (" + e.getMessage()
                + "); install ipvsadm (and procps for sysctl) and run the agent as root for dataPlane = ipvs; IPVS "
                + "keeps its previous table", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DispatchDriverException("interrupted while running " + String.join(" ", cmd) + "; check "
                + "ipvsadm -L -n", e);
        }
    }
}
