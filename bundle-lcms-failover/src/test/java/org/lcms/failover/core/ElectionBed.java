package org.lcms.failover.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A cluster's members and witnesses on a simulated network with a fake clock (1 ms steps, 1 ms per hop), for the
 * election's unit tests: processes can be killed and restarted, links cut and healed. It records who holds the
 * VIP at every millisecond, so a test can assert that there never were two holders and measure outages.
 */
final class ElectionBed {
    static final long HEARTBEAT = 10;
    static final long DEAD_AFTER = 40;
    static final long LEASE = 80;
    static final long RENEW = 20;

    private final String cluster = "web";
    private final List<String> ranked;
    private final List<String> all;
    private final long failbackDelay;
    private final Map<String, VipElection> elections = new LinkedHashMap<>();
    private final Map<String, WitnessLedger> witnesses = new LinkedHashMap<>();
    private final Set<String> down = new HashSet<>();
    private final Set<Set<String>> cut = new HashSet<>();
    /** Who took the VIP and until when its data plane serves (the lease end it was given; a dead-man's switch). */
    private final Map<String, Long> holders = new java.util.HashMap<>();
    /** Paused members (a stalled JVM): no ticks, and what arrives waits until the pause ends. */
    private final Map<String, Long> pausedUntil = new java.util.HashMap<>();
    private final PriorityQueue<Delivery> queue = new PriorityQueue<>();
    private final List<String> log = new ArrayList<>();
    private long now;
    private long seq;
    int maxHolders;
    long lastOutageMillis;
    private long outageStart = -1;

    private record Delivery(long at, long seq, Runnable run) implements Comparable<Delivery> {
        public int compareTo(Delivery o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    private final java.util.Random jitter;
    private int maxLatency;

    ElectionBed(List<String> ranked, List<String> realServers, long failbackDelay) {
        this(ranked, realServers, failbackDelay, 0, 1, 0);
    }

    /**
     * @param startSkew the nodes start one after the other, this many ms apart (in random order when seeded)
     * @param maxLatency each hop takes 1..maxLatency ms
     */
    ElectionBed(List<String> ranked, List<String> realServers, long failbackDelay, long startSkew, int maxLatency,
                long seed) {
        this.ranked = List.copyOf(ranked);
        this.all = new ArrayList<>(ranked);
        this.all.addAll(realServers);
        this.failbackDelay = failbackDelay;
        this.jitter = new java.util.Random(seed);
        this.maxLatency = maxLatency;
        down.addAll(all); // not started yet
        List<String> order = new ArrayList<>(all);
        if (seed != 0) {
            java.util.Collections.shuffle(order, jitter);
        }
        for (String n : order) {
            if (startSkew > 0 && !n.equals(order.get(0))) {
                run(startSkew);
            }
            start(n);
        }
    }

    /** From now on each hop takes 1..maxLatency ms (a loaded machine, a slow network). */
    void latency(int maxLatency) {
        this.maxLatency = maxLatency;
    }

    private long hop() {
        return maxLatency <= 1 ? 1 : 1 + jitter.nextInt(maxLatency);
    }

    private void start(String node) {
        down.remove(node);
        witnesses.put(node, new WitnessLedger(LEASE, now));
        if (ranked.contains(node)) {
            elections.put(node, new VipElection(new VipElection.Settings(cluster, node, ranked, all.size(), HEARTBEAT,
                DEAD_AFTER, LEASE, RENEW, failbackDelay), now));
        }
    }

    /** The process dies and its host with it (its VIP is gone too). */
    void kill(String node) {
        down.add(node);
        holders.remove(node);
        log.add(now + " killed " + node);
    }

    void restart(String node) {
        start(node);
        log.add(now + " restarted " + node);
    }

    void cut(String a, String b) {
        cut.add(Set.of(a, b));
    }

    void heal(String a, String b) {
        cut.remove(Set.of(a, b));
    }

    void isolate(String node) {
        for (String o : all) {
            if (!o.equals(node)) {
                cut(node, o);
            }
        }
    }

    private boolean reachable(String a, String b) {
        return !down.contains(a) && !down.contains(b) && (a.equals(b) || !cut.contains(Set.of(a, b)));
    }

    long now() {
        return now;
    }

    /** Who serves the VIP now: took it, did not release it, and its lease end has not passed. */
    Set<String> holders() {
        Set<String> serving = new HashSet<>();
        holders.forEach((m, until) -> {
            if (now < until) {
                serving.add(m);
            }
        });
        return serving;
    }

    /** The member stalls for {@code millis} (a long GC pause, a descheduled thread). */
    void pause(String member, long millis) {
        pausedUntil.put(member, now + millis);
        log.add(now + " paused " + member + " for " + millis + " ms");
    }

    private boolean paused(String member) {
        return pausedUntil.getOrDefault(member, 0L) > now;
    }

    VipElection election(String member) {
        return elections.get(member);
    }

    String log() {
        return String.join("\n", log);
    }

    /** Runs {@code millis} milliseconds. */
    void run(long millis) {
        long end = now + millis;
        while (now < end) {
            now++;
            while (!queue.isEmpty() && queue.peek().at() <= now) {
                queue.poll().run().run();
            }
            for (Map.Entry<String, VipElection> e : elections.entrySet()) {
                if (!down.contains(e.getKey()) && !paused(e.getKey())) {
                    act(e.getKey(), e.getValue().tick(now));
                }
            }
            Set<String> serving = holders();
            maxHolders = Math.max(maxHolders, serving.size());
            if (serving.isEmpty() && outageStart < 0) {
                outageStart = now;
            } else if (!serving.isEmpty() && outageStart >= 0) {
                lastOutageMillis = now - outageStart;
                outageStart = -1;
            }
        }
    }

    /** Runs until {@code member} holds the VIP; the time it took, or -1 if not within {@code limit} ms. */
    long runUntilHolder(String member, long limit) {
        long t0 = now;
        while (now - t0 < limit) {
            run(1);
            if (holders().equals(Set.of(member))) {
                return now - t0;
            }
        }
        return -1;
    }

    private void later(long delay, Runnable r) {
        queue.add(new Delivery(now + delay, seq++, r));
    }

    /** Delivers to {@code member} now, or when its pause ends. */
    private void deliver(String member, Runnable r) {
        long until = pausedUntil.getOrDefault(member, 0L);
        if (until > now) {
            queue.add(new Delivery(until, seq++, () -> deliver(member, r)));
        } else {
            r.run();
        }
    }

    private void act(String member, List<VipElection.Action> actions) {
        for (VipElection.Action a : actions) {
            if (a instanceof VipElection.SendHeartbeat hb) {
                for (String other : ranked) {
                    if (!other.equals(member) && reachable(member, other)) {
                        later(hop(), () -> deliver(other, () -> {
                            if (reachable(member, other)) {
                                act(other, elections.get(other).onHeartbeat(hb.heartbeat(), now));
                            }
                        }));
                    }
                }
            } else if (a instanceof VipElection.AskWitnesses ask) {
                for (String w : all) {
                    if (reachable(member, w)) {
                        later(hop(), () -> deliver(w, () -> {
                            if (!reachable(member, w)) {
                                return;
                            }
                            WitnessLedger.Reply reply = witnesses.get(w).answer(ask.request(), now);
                            later(hop(), () -> deliver(member, () -> {
                                if (reachable(member, w)) {
                                    act(member, elections.get(member).onReply(w, ask.round(), reply, now));
                                }
                            }));
                        }));
                    }
                }
            } else if (a instanceof VipElection.TakeVip t) {
                if (!down.contains(member)) {
                    holders.put(member, t.validUntil());
                    log.add(now + " " + member + " takes the VIP until " + t.validUntil() + ": " + t.reason());
                }
            } else if (a instanceof VipElection.LeaseExtended x) {
                holders.computeIfPresent(member, (m, old) -> x.validUntil());
            } else if (a instanceof VipElection.ReleaseVip r) {
                holders.remove(member);
                log.add(now + " " + member + " releases the VIP: " + r.reason());
            }
        }
    }
}
