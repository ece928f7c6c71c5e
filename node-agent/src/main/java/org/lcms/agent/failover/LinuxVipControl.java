package org.lcms.agent.failover;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lcms.agent.host.ChildProcesses;
import org.lcms.agent.host.IpBatch;

/**
 * Moves a cluster's VIP on a real Linux host: the address on the service interface ({@code ip addr}), gratuitous
 * ARP so that clients and switches learn the new owner at once ({@code arping -U}), and a <b>dead man's switch</b>
 * in nftables so that a holder that stalls (frozen process, lost CPU, killed agent with its address still up)
 * stops serving when its lease ends, by the kernel's clock, without doing anything itself.
 *
 * <p>The switch is a netdev table on the interface, ahead of any dispatch table (priority -10):
 * <pre>
 * table netdev lcms_vip {
 *     set armed { type ipv4_addr; flags timeout; }      # VIPs this host may serve, each until its lease ends
 *     chain ingress {
 *         type filter hook ingress device "eth0" priority -10; policy accept;
 *         ip daddr 10.0.0.100 ip daddr != @armed drop                                    # per managed VIP
 *         arp operation request arp daddr ip 10.0.0.100 arp daddr ip != @armed drop     # no ARP answers either
 *     }
 * }
 * </pre>
 * Every lease extension re-adds the VIP to {@code armed} with the lease's remaining time, less a margin, as its timeout (add,
 * delete, add in one transaction: a plain add does not refresh an element's timeout). The extensions come every
 * few tens of milliseconds, so they go through one long-running {@code nft -i} process instead of one process
 * each. The witnesses grant another member a lease only a quiet period after this one's ends, so when the
 * element expires here, nobody else serves yet; when a backup serves, this host has dropped VIP traffic for a
 * while already — whatever its agent is doing.
 *
 * <p>Address changes and ARP run on a worker thread: the failover thread only queues them (it must stay quick).
 * They go through one long-running {@code ip -batch} ({@link IpBatch}), not a process each: starting a process
 * costs 12–17 ms here, and the take was two of them in a row (address, then arping), 37–82 ms from the decision to
 * the announcement on the bed under load. The announcement itself is the kernel's: with {@code arp_notify} on the
 * interface (set at start), setting the interface's MAC address to the one it has makes the kernel send a
 * gratuitous ARP request for each of its addresses (NETDEV_CHANGEADDR; the driver is not called for an unchanged
 * address). It is done twice, a second apart, as {@code arping -U -c 2} did: the second reaches neighbours that
 * ignored the first because their entry had changed less than {@code locktime} (1 s) before. Side effect: the
 * interface's neighbour entries are flushed and re-resolved (a LAN round trip; queued packets wait for it). If
 * the kernel's announcement cannot be used (sysctl refused, ip failing), {@code arping -U} is started as before.
 * Needs root (CAP_NET_ADMIN), iproute2, nftables and iputils-arping.
 */
public final class LinuxVipControl implements FailoverRuntime.VipControl, AutoCloseable {
    /** The nft table of the switch; one per host, whatever the number of clusters. */
    public static final String TABLE = "lcms_vip";
    /** The name of the thread that adds, announces and removes VIPs (for its scheduling). */
    public static final String WORKER_THREAD = "lcms-vip";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** An extension that moves the lease end by less than this is not worth an nft transaction. */
    private static final long REARM_STEP_MILLIS = 10;
    /**
     * The switch falls this long before the lease ends: the timeout counts from when nft applies the command, a
     * little after the agent computed it (a sampler on the bed saw a killed LB's switch outlive its lease by a few
     * milliseconds and meet the new holder's).
     */
    static final long FENCE_MARGIN_MILLIS = 10;

    /** A cluster's VIP and the interface it lives on. */
    public record Vip(String address, String device) {
        public Vip {
            if (!IPV4.matcher(address).matches()) {
                throw new IllegalArgumentException("the Linux VIP control handles IPv4 VIPs only, not " + address);
            }
        }
    }

    /** The commands, as argument lists (tests prefix them with {@code ip netns exec NS}). */
    public record Commands(List<String> ip, List<String> nft, List<String> arping, List<String> sysctl) {
        public static Commands system() {
            return new Commands(List.of("ip"), List.of("nft"), List.of("arping"), List.of("sysctl"));
        }
    }

    private final Map<String, Vip> vips;
    private final Commands commands;
    private final LongSupplier clock;
    private final Consumer<String> log;
    private final ScheduledExecutorService worker;
    /** The ip session for address changes and announcements; null once it failed (then a process each). */
    private volatile IpBatch ip;
    /** Whether the kernel announces (arp_notify set on every VIP interface); else arping. */
    private final boolean kernelAnnounces;
    private final Process nft;
    private final OutputStream nftInput;
    private final Map<String, Long> armedUntil = new ConcurrentHashMap<>();
    /** Released by the nft reader at the end of each listing (see {@link #confirmApplied}). */
    private final java.util.concurrent.Semaphore listed = new java.util.concurrent.Semaphore(0);
    private static final long CONFIRM_MILLIS = 200;
    private final Map<String, Long> holding = new ConcurrentHashMap<>();
    /** The arping of each cluster's last take (touched on the worker thread only). */
    private final Map<String, Process> announcers = new java.util.HashMap<>();
    /** The second announcement of each cluster's last take, a second after the first (worker thread only). */
    private final Map<String, ScheduledFuture<?>> secondAnnouncements = new java.util.HashMap<>();
    private static final Pattern LINK_ADDRESS = Pattern.compile("link/ether ([0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5})");
    private static final long IP_TIMEOUT_MILLIS = 2000;
    private volatile boolean closed;

    /**
     * Loads the switch (nothing armed), removes VIPs left on the interfaces by an earlier run (this host holds
     * nothing until the election says so) and starts the {@code nft -i} process.
     *
     * @param vips each cluster's VIP
     * @param clock the failover runtime's clock (ms), on which {@code validUntil} is given
     * @param log one line per take, release and problem
     * @throws IOException when a command is missing or refuses (e.g. not root): the message says which
     */
    public LinuxVipControl(Map<String, Vip> vips, Commands commands, LongSupplier clock, Consumer<String> log)
        throws IOException {
        this.vips = Map.copyOf(vips);
        this.commands = commands;
        this.clock = clock;
        this.log = log;
        run(commands.nft(), switchRuleset(), "load the VIP dead man's switch (nftables table " + TABLE + ")");
        this.ip = new IpBatch(commands.ip());
        for (Map.Entry<String, Vip> e : this.vips.entrySet()) {
            removeAddress(e.getValue(), "left from an earlier run of the agent");
        }
        boolean announces = true;
        for (String device : this.vips.values().stream().map(Vip::device).distinct().sorted().toList()) {
            try {
                // the slash form keeps a dot in an interface name (eth0.100) from being read as a separator
                run(commands.sysctl(), null, "let the kernel announce the VIP", "-q", "-w",
                    "net/ipv4/conf/" + device + "/arp_notify=1");
            } catch (IOException e) {
                log.accept(e.getMessage() + "; a taken VIP is announced with arping instead");
                announces = false;
            }
        }
        for (String device : this.vips.values().stream().map(Vip::device).distinct().sorted().toList()) {
            // checks the interface now rather than at the first takeover, and runs the announcement's code once
            // so that the first takeover does not also load and compile it (33–76 ms cold, 4 ms warm on the bed)
            if (ethernetAddress(ip, device).isEmpty()) {
                log.accept(device + " has no Ethernet address: a taken VIP is announced with arping");
                announces = false;
            }
        }
        this.kernelAnnounces = announces;
        List<String> interactive = new ArrayList<>(commands.nft());
        interactive.add("-i");
        this.nft = ChildProcesses.builder(interactive).redirectErrorStream(true).start();
        this.nftInput = nft.getOutputStream();
        Thread reader = new Thread(this::readNftOutput, "lcms-vip-nft");
        reader.setDaemon(true);
        reader.start();
        ScheduledThreadPoolExecutor vipWorker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, WORKER_THREAD);
            t.setDaemon(true);
            return t;
        });
        // a second announcement still pending when the agent stops is dropped, not waited for
        vipWorker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // started now so that the agent can give it real-time priority with the failover thread (see NodeAgent)
        vipWorker.prestartAllCoreThreads();
        this.worker = vipWorker;
    }

    /** The switch's table: loading it again replaces it (its first two lines make that idempotent). */
    String switchRuleset() {
        StringBuilder b = new StringBuilder();
        b.append("table netdev ").append(TABLE).append(" {}\n");
        b.append("delete table netdev ").append(TABLE).append('\n');
        b.append("table netdev ").append(TABLE).append(" {\n");
        b.append("    set armed { type ipv4_addr; flags timeout; }\n");
        vips.values().stream().map(Vip::device).distinct().sorted().forEach(device -> {
            b.append("    chain in_").append(device.replaceAll("[^A-Za-z0-9_]", "_")).append(" {\n");
            b.append("        type filter hook ingress device \"").append(device)
                .append("\" priority -10; policy accept;\n");
            vips.values().stream().filter(v -> v.device().equals(device)).map(Vip::address).distinct().sorted()
                .forEach(a -> {
                    b.append("        ip daddr ").append(a).append(" ip daddr != @armed counter drop\n");
                    b.append("        arp operation request arp daddr ip ").append(a)
                        .append(" arp daddr ip != @armed counter drop\n");
                });
            b.append("    }\n");
        });
        b.append("}\n");
        return b.toString();
    }

    @Override
    public void take(String cluster, long epoch, long validUntil, String reason) {
        Vip vip = vips.get(cluster);
        if (vip == null || closed) {
            return;
        }
        holding.put(cluster, epoch);
        arm(cluster, vip, validUntil);
        worker.execute(() -> {
            try {
                ipCommand("add the VIP", "addr", "replace", vip.address() + "/32", "dev", vip.device());
                stopAnnouncing(cluster);
                String how = announce(cluster, vip) ? "announced by the kernel" : "announced by arping";
                if (kernelAnnounces && ip != null) {
                    secondAnnouncements.put(cluster, worker.schedule(() -> {
                        if (Long.valueOf(epoch).equals(holding.get(cluster))) {
                            announce(cluster, vip);
                        }
                    }, 1, TimeUnit.SECONDS));
                }
                log.accept("failover " + cluster + ": took the VIP " + vip.address() + " on " + vip.device()
                    + " at epoch " + epoch + " (" + how + "): " + reason);
            } catch (IOException e) {
                log.accept("failover " + cluster + ": could not take the VIP " + vip.address() + ": "
                    + e.getMessage());
            }
        });
    }

    @Override
    public void extend(String cluster, long epoch, long validUntil) {
        Vip vip = vips.get(cluster);
        Long armed = armedUntil.get(cluster);
        if (vip != null && !closed && (armed == null || validUntil - armed >= REARM_STEP_MILLIS)) {
            arm(cluster, vip, validUntil);
        }
    }

    @Override
    public void release(String cluster, long epoch, String reason) {
        Vip vip = vips.get(cluster);
        if (vip == null) {
            return;
        }
        holding.remove(cluster);
        armedUntil.remove(cluster);
        // Disarm first, in this thread, and wait until nft has applied it: a hand-over announces the next holder
        // right after this returns, and the next holder's switch must not open while this one is still open
        // (the bed's sampler saw a 1 ms overlap when the disarm was only queued).
        send("add element netdev " + TABLE + " armed { " + vip.address() + " timeout 1s }; delete element netdev "
            + TABLE + " armed { " + vip.address() + " }");
        if (!closed && !confirmApplied()) {
            log.accept("failover " + cluster + ": nft did not confirm the disarm of " + vip.address() + " within "
                + CONFIRM_MILLIS + " ms; the switch falls with the lease anyway");
        }
        if (!closed) {
            worker.execute(() -> {
                // the take's second gratuitous ARP comes a second later: it must not announce a VIP given up
                stopAnnouncing(cluster);
                removeAddress(vip, reason);
                log.accept("failover " + cluster + ": released the VIP " + vip.address() + " (epoch " + epoch
                    + "): " + reason);
            });
        }
    }

    /** The {@code nft -i} process's id (for its scheduling). */
    public long nftPid() {
        return nft.pid();
    }

    /** The ip session's process id, while it runs (for its scheduling). */
    public Optional<Long> ipPid() {
        IpBatch session = ip;
        return session == null ? Optional.empty() : Optional.of(session.pid());
    }

    /** The clusters whose VIP this host holds now, with the epoch. */
    public Map<String, Long> holding() {
        return Map.copyOf(holding);
    }

    private void arm(String cluster, Vip vip, long validUntil) {
        long remaining = validUntil - clock.getAsLong() - FENCE_MARGIN_MILLIS;
        if (remaining <= 0) {
            return; // already over: the element lapses (or was never added)
        }
        armedUntil.put(cluster, validUntil);
        String element = vip.address() + " timeout " + remaining + "ms";
        send("add element netdev " + TABLE + " armed { " + vip.address() + " timeout 1s }; delete element netdev "
            + TABLE + " armed { " + vip.address() + " }; add element netdev " + TABLE + " armed { " + element + " }");
    }

    private void send(String line) {
        try {
            synchronized (nftInput) {
                nftInput.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                nftInput.flush();
            }
        } catch (IOException e) {
            if (!closed) {
                log.accept("the VIP dead man's switch cannot be updated (nft -i ended: " + e.getMessage() + "); "
                    + "the VIPs lapse with their leases");
            }
        }
    }

    /**
     * Waits until nft has applied everything sent so far: nft -i runs commands one after the other, so the
     * answer to a listing sent now comes after them.
     */
    private boolean confirmApplied() {
        listed.drainPermits();
        send("list set netdev " + TABLE + " armed");
        try {
            return listed.tryAcquire(CONFIRM_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * nft -i says nothing when a command works: a line is either part of a listing asked by {@link
     * #confirmApplied} (its end releases the waiter) or an error worth the log.
     */
    private void readNftOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(nft.getInputStream(),
            StandardCharsets.UTF_8))) {
            boolean listing = false;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("table netdev " + TABLE + " {")) {
                    listing = true;
                } else if (listing && line.equals("}")) {
                    listing = false;
                    listed.release();
                } else if (!listing && !line.isBlank() && !closed) {
                    log.accept("nft (VIP dead man's switch): " + line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /**
     * Announces a taken VIP: the kernel's gratuitous ARP (see the class comment), or arping when that is not
     * available or fails. Worker thread only. Returns whether the kernel announced it.
     */
    private boolean announce(String cluster, Vip vip) {
        IpBatch session = ip;
        if (kernelAnnounces && session != null) {
            try {
                // read the address each time: setting a stale one would change the interface's MAC address
                Optional<String> mac = ethernetAddress(session, vip.device());
                if (mac.isPresent()) {
                    session.run(IP_TIMEOUT_MILLIS, "link set dev " + vip.device() + " address " + mac.get());
                    return true;
                }
                log.accept("failover " + cluster + ": " + vip.device() + " has no Ethernet address; announcing with"
                    + " arping");
            } catch (IOException e) {
                log.accept("failover " + cluster + ": the kernel could not announce the VIP (" + e.getMessage()
                    + "); announcing with arping");
                dropSessionIfDead(session);
            }
        }
        List<String> garp = new ArrayList<>(commands.arping());
        // -U: unsolicited ARP (sender = target = VIP); the second one, 1 s later, reaches neighbours whose entry
        // was changed less than locktime (1 s) before and ignored the first.
        garp.addAll(List.of("-q", "-U", "-c", "2", "-i", "1", "-I", vip.device(), vip.address()));
        try {
            announcers.put(cluster, ChildProcesses.builder(garp).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        } catch (IOException e) {
            log.accept("failover " + cluster + ": could not announce the VIP " + vip.address() + ": "
                + e.getMessage());
        }
        return false;
    }

    /** The interface's Ethernet address as ip shows it now, if it has one. */
    private static Optional<String> ethernetAddress(IpBatch session, String device) throws IOException {
        Matcher mac = LINK_ADDRESS.matcher(String.join(" ", session.run(IP_TIMEOUT_MILLIS, "link show dev " + device)));
        return mac.find() ? Optional.of(mac.group(1)) : Optional.empty();
    }

    /** Cancels the pending second announcement of the cluster's last take (worker thread only). */
    private void stopAnnouncing(String cluster) {
        ScheduledFuture<?> second = secondAnnouncements.remove(cluster);
        if (second != null) {
            second.cancel(false);
        }
        Process announcing = announcers.remove(cluster);
        if (announcing != null) {
            announcing.destroy();
        }
    }

    /**
     * Runs one ip command (without global options) in the session, or as a process of its own once the session
     * has failed; either way the output has one line per object ({@code -oneline}).
     */
    private String ipCommand(String what, String... args) throws IOException {
        IpBatch session = ip;
        if (session != null) {
            try {
                return String.join("\n", session.run(IP_TIMEOUT_MILLIS, String.join(" ", args)));
            } catch (IOException e) {
                if (!dropSessionIfDead(session)) {
                    throw new IOException("could not " + what + ": " + e.getMessage(), e);
                }
                log.accept("the ip session failed (" + e.getMessage() + "); ip runs as a process per command now");
            }
        }
        List<String> oneline = new ArrayList<>(List.of("-oneline"));
        oneline.addAll(List.of(args));
        return run(commands.ip(), null, what, oneline.toArray(String[]::new));
    }

    private boolean dropSessionIfDead(IpBatch session) {
        if (session.isAlive()) {
            return false;
        }
        ip = null;
        return true;
    }

    /** Removes the VIP from its interface if it is there. */
    private void removeAddress(Vip vip, String why) {
        try {
            // no "addr show" first: in one ip -batch session a "link show" leaves "addr show" listing links only
            ipCommand("remove the VIP (" + why + ")", "addr", "del", vip.address() + "/32", "dev", vip.device());
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (!m.contains("Address not found") && !m.contains("Cannot assign requested address")) {
                log.accept("could not remove the VIP " + vip.address() + " from " + vip.device() + ": " + m);
            }
        }
    }

    private static String run(List<String> command, String input, String what, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of(args));
        if (input != null) {
            cmd.addAll(List.of("-f", "-"));
        }
        Process p;
        try {
            p = ChildProcesses.builder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("could not " + what + ": " + String.join(" ", cmd) + " cannot be started ("
                + e.getMessage() + "); install iproute2, nftables and iputils-arping", e);
        }
        try (OutputStream in = p.getOutputStream()) {
            if (input != null) {
                in.write(input.getBytes(StandardCharsets.US_ASCII));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("could not " + what + ": " + String.join(" ", cmd) + " took over 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + String.join(" ", cmd), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("could not " + what + ": " + String.join(" ", cmd) + " said: " + out.trim()
                + " (exit " + p.exitValue() + "; the agent needs root for configurator = linux)");
        }
        return out;
    }

    private static String run(List<String> nft, String ruleset, String what) throws IOException {
        return run(nft, ruleset, what, new String[0]);
    }

    /** Drops every VIP this host holds and the switch itself (the agent stops). */
    @Override
    public void close() {
        closed = true;
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String cluster : List.copyOf(holding.keySet())) {
            removeAddress(vips.get(cluster), "the agent stops");
            log.accept("failover " + cluster + ": released the VIP " + vips.get(cluster).address()
                + ": the agent stops");
        }
        holding.clear();
        try {
            nftInput.close();
        } catch (IOException e) {
            // it ended already
        }
        nft.destroy();
        IpBatch session = ip;
        if (session != null) {
            session.close();
        }
        try {
            run(commands.nft(), "table netdev " + TABLE + " {}\ndelete table netdev " + TABLE + "\n",
                "remove the VIP dead man's switch");
        } catch (IOException e) {
            log.accept(e.getMessage());
        }
    }
}
