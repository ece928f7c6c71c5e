package org.lcms.agent.failover;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

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
 * Needs root (CAP_NET_ADMIN), iproute2, nftables and iputils-arping.
 */
public final class LinuxVipControl implements FailoverRuntime.VipControl, AutoCloseable {
    /** The nft table of the switch; one per host, whatever the number of clusters. */
    public static final String TABLE = "lcms_vip";
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
    public record Commands(List<String> ip, List<String> nft, List<String> arping) {
        public static Commands system() {
            return new Commands(List.of("ip"), List.of("nft"), List.of("arping"));
        }
    }

    private final Map<String, Vip> vips;
    private final Commands commands;
    private final LongSupplier clock;
    private final Consumer<String> log;
    private final ExecutorService worker;
    private final Process nft;
    private final OutputStream nftInput;
    private final Map<String, Long> armedUntil = new ConcurrentHashMap<>();
    /** Released by the nft reader at the end of each listing (see {@link #confirmApplied}). */
    private final java.util.concurrent.Semaphore listed = new java.util.concurrent.Semaphore(0);
    private static final long CONFIRM_MILLIS = 200;
    private final Map<String, Long> holding = new ConcurrentHashMap<>();
    /** The arping of each cluster's last take (touched on the worker thread only). */
    private final Map<String, Process> announcers = new java.util.HashMap<>();
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
        for (Map.Entry<String, Vip> e : this.vips.entrySet()) {
            removeAddress(e.getValue(), "left from an earlier run of the agent");
        }
        List<String> interactive = new ArrayList<>(commands.nft());
        interactive.add("-i");
        this.nft = new ProcessBuilder(interactive).redirectErrorStream(true).start();
        this.nftInput = nft.getOutputStream();
        Thread reader = new Thread(this::readNftOutput, "lcms-vip-nft");
        reader.setDaemon(true);
        reader.start();
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lcms-vip");
            t.setDaemon(true);
            return t;
        });
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
                run(commands.ip(), null, "add the VIP", "addr", "replace", vip.address() + "/32", "dev",
                    vip.device());
                List<String> garp = new ArrayList<>(commands.arping());
                // -U: unsolicited ARP (sender = target = VIP); the second one, 1 s later, reaches neighbours
                // whose entry was changed less than locktime (1 s) before and ignored the first.
                garp.addAll(List.of("-q", "-U", "-c", "2", "-i", "1", "-I", vip.device(), vip.address()));
                Process announcing = new ProcessBuilder(garp).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                Process before = announcers.put(cluster, announcing);
                if (before != null) {
                    before.destroy();
                }
                log.accept("failover " + cluster + ": took the VIP " + vip.address() + " on " + vip.device()
                    + " at epoch " + epoch + ": " + reason);
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
                Process announcing = announcers.remove(cluster);
                if (announcing != null) {
                    announcing.destroy();
                }
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

    private void removeAddress(Vip vip, String why) {
        try {
            String present = run(commands.ip(), null, "list the addresses", "-o", "-4", "addr", "show", "dev",
                vip.device());
            if (present.contains(" " + vip.address() + "/32 ")) {
                run(commands.ip(), null, "remove the VIP (" + why + ")", "addr", "del", vip.address() + "/32",
                    "dev", vip.device());
            }
        } catch (IOException e) {
            log.accept("could not remove the VIP " + vip.address() + " from " + vip.device() + ": " + e.getMessage());
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
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
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
        try {
            run(commands.nft(), "table netdev " + TABLE + " {}\ndelete table netdev " + TABLE + "\n",
                "remove the VIP dead man's switch");
        } catch (IOException e) {
            log.accept(e.getMessage());
        }
    }
}
