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
    private final Set<String> holders = new HashSet<>();
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

    ElectionBed(List<String> ranked, List<String> realServers, long failbackDelay) {
        this.ranked = List.copyOf(ranked);
        this.all = new ArrayList<>(ranked);
        this.all.addAll(realServers);
        this.failbackDelay = failbackDelay;
        for (String n : all) {
            start(n);
        }
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

    Set<String> holders() {
        return Set.copyOf(holders);
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
                if (!down.contains(e.getKey())) {
                    act(e.getKey(), e.getValue().tick(now));
                }
            }
            maxHolders = Math.max(maxHolders, holders.size());
            if (holders.isEmpty() && outageStart < 0) {
                outageStart = now;
            } else if (!holders.isEmpty() && outageStart >= 0) {
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
            if (holders.equals(Set.of(member))) {
                return now - t0;
            }
        }
        return -1;
    }

    private void later(long delay, Runnable r) {
        queue.add(new Delivery(now + delay, seq++, r));
    }

    private void act(String member, List<VipElection.Action> actions) {
        for (VipElection.Action a : actions) {
            if (a instanceof VipElection.SendHeartbeat hb) {
                for (String other : ranked) {
                    if (!other.equals(member) && reachable(member, other)) {
                        later(1, () -> {
                            if (reachable(member, other)) {
                                act(other, elections.get(other).onHeartbeat(hb.heartbeat(), now));
                            }
                        });
                    }
                }
            } else if (a instanceof VipElection.AskWitnesses ask) {
                for (String w : all) {
                    if (reachable(member, w)) {
                        later(1, () -> {
                            if (!reachable(member, w)) {
                                return;
                            }
                            WitnessLedger.Reply reply = witnesses.get(w).answer(ask.request(), now);
                            later(1, () -> {
                                if (reachable(member, w)) {
                                    act(member, elections.get(member).onReply(w, ask.round(), reply, now));
                                }
                            });
                        });
                    }
                }
            } else if (a instanceof VipElection.TakeVip t) {
                if (!down.contains(member)) {
                    holders.add(member);
                    log.add(now + " " + member + " takes the VIP: " + t.reason());
                }
            } else if (a instanceof VipElection.ReleaseVip r) {
                holders.remove(member);
                log.add(now + " " + member + " releases the VIP: " + r.reason());
            }
        }
    }
}
