package org.lcms.agent.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lcms.agent.failover.FailoverRuntime.ClusterSpec;
import org.lcms.agent.failover.FailoverRuntime.Peer;
import org.lcms.failover.core.ElectionCodec;
import org.lcms.failover.core.VipElection;

/**
 * Six failover runtimes (a load balancer, two backups, three real servers as witnesses) on loopback addresses,
 * talking real authenticated UDP: the load balancer takes the VIP, a backup takes over when it stops, the load
 * balancer gets it back after the fail-back delay, and the take/release log never shows two holders. Forged
 * datagrams are refused and counted.
 */
class FailoverRuntimeTest {
    static final List<String> NAMES = List.of("lb", "bs1", "bs2", "rs1", "rs2", "rs3");
    static final byte[] KEY = "failover-test-key-0123456789".getBytes(StandardCharsets.UTF_8);
    /*
     * Four times the agent's default timers (heartbeat 10, deadAfter 45, lease 120, renew 25 ms): six runtimes share
     * this test JVM at normal priority, and on a loaded CI machine a pause of ~100 ms (GC, scheduling) made the load
     * balancer's lease lapse and a backup take the VIP while the test expected the load balancer to keep it. What
     * this test proves is the protocol over real UDP, not the speed; the default timers are proven with real-time
     * priority on the netns bed (FailoverNetnsIT).
     */
    static final long HEARTBEAT = 40;
    static final long DEAD_AFTER = 180;
    static final long LEASE = 480;
    static final long RENEW = 100;

    /** take, extend or release; {@code validUntil} in ms of {@link #millis()} (Long.MAX_VALUE: none). */
    record VipEvent(long nanos, String host, String what, long validUntil) {
        boolean take() {
            return what.equals("take");
        }
    }

    final List<VipEvent> events = new CopyOnWriteArrayList<>();
    final Map<String, FailoverRuntime> runtimes = new LinkedHashMap<>();
    final Map<String, Peer> peers = new HashMap<>();

    @AfterEach
    void stop() {
        runtimes.values().forEach(FailoverRuntime::close);
    }

    static long millis() {
        return System.nanoTime() / 1_000_000;
    }

    ClusterSpec spec(long failbackDelay) {
        return new ClusterSpec("web", KEY, List.of(peers.get("lb"), peers.get("bs1"), peers.get("bs2")),
            NAMES.stream().map(peers::get).toList(), HEARTBEAT, DEAD_AFTER, LEASE, RENEW, failbackDelay);
    }

    void start(String name, long failbackDelay) throws IOException {
        FailoverRuntime.VipControl vip = new FailoverRuntime.VipControl() {
            public void take(String cluster, long epoch, long validUntil, String reason) {
                events.add(new VipEvent(System.nanoTime(), name, "take", validUntil));
            }

            public void extend(String cluster, long epoch, long validUntil) {
                events.add(new VipEvent(System.nanoTime(), name, "extend", validUntil));
            }

            public void release(String cluster, long epoch, String reason) {
                events.add(new VipEvent(System.nanoTime(), name, "release", 0));
            }
        };
        runtimes.put(name, new FailoverRuntime(name, peers.get(name).address(), List.of(spec(failbackDelay)), vip,
            FailoverRuntimeTest::millis, 2));
    }

    /** A process that stops: its VIP goes with it (as with a host that dies). */
    void kill(String name) {
        runtimes.remove(name).close();
        events.add(new VipEvent(System.nanoTime(), name, "release", 0));
    }

    void startAll(long failbackDelay) throws IOException {
        int port = freePortOnAll(java.util.stream.IntStream.range(0, NAMES.size()).mapToObj(i -> "127.0.0."
            + (81 + i)).toList());
        for (int i = 0; i < NAMES.size(); i++) {
            peers.put(NAMES.get(i), new Peer(NAMES.get(i), new InetSocketAddress(InetAddress.getByName("127.0.0."
                + (81 + i)), port)));
        }
        for (String n : NAMES) {
            start(n, failbackDelay);
        }
    }

    /** When each host served, from the log: from a take to its release or its lease end, whichever is first. */
    List<long[]> servingIntervals() {
        List<long[]> out = new ArrayList<>();
        Map<String, long[]> open = new HashMap<>();
        Map<String, Long> until = new HashMap<>();
        for (VipEvent e : events.stream().sorted(java.util.Comparator.comparingLong(VipEvent::nanos)).toList()) {
            switch (e.what()) {
                case "take" -> {
                    open.put(e.host(), new long[] {e.nanos(), Long.MAX_VALUE});
                    until.put(e.host(), e.validUntil());
                }
                case "extend" -> until.put(e.host(), e.validUntil());
                default -> {
                    long[] i = open.remove(e.host());
                    if (i != null) {
                        i[1] = Math.min(e.nanos(), leaseEndNanos(until.get(e.host())));
                        out.add(i);
                    }
                }
            }
        }
        open.forEach((h, i) -> {
            i[1] = leaseEndNanos(until.get(h));
            out.add(i);
        });
        return out;
    }

    static long leaseEndNanos(long validUntilMillis) {
        return validUntilMillis >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : validUntilMillis * 1_000_000;
    }

    /** Who serves now. */
    Set<String> holders() {
        Set<String> h = new java.util.HashSet<>();
        long now = System.nanoTime();
        Map<String, long[]> last = new HashMap<>();
        for (VipEvent e : events) {
            if (e.take()) {
                h.add(e.host());
                last.put(e.host(), new long[] {e.validUntil()});
            } else if (e.what().equals("extend")) {
                last.put(e.host(), new long[] {e.validUntil()});
            } else {
                h.remove(e.host());
            }
        }
        h.removeIf(host -> leaseEndNanos(last.get(host)[0]) <= now);
        return h;
    }

    /** The most hosts serving at the same moment (a take during another's serving interval counts two). */
    int maxHolders() {
        List<long[]> intervals = servingIntervals();
        int max = intervals.isEmpty() ? 0 : 1;
        for (long[] a : intervals) {
            int overlapping = 0;
            for (long[] b : intervals) {
                if (b[0] <= a[0] && a[0] < b[1]) {
                    overlapping++;
                }
            }
            max = Math.max(max, overlapping);
        }
        return max;
    }

    long awaitHolder(String host, long limitMillis) throws InterruptedException {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(limitMillis)) {
            if (holders().equals(Set.of(host))) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            Thread.sleep(1);
        }
        throw new AssertionError(host + " did not become the only VIP holder within " + limitMillis + " ms: "
            + holders() + " " + events);
    }

    @Test
    void theLoadBalancerServesABackupTakesOverWhenItStopsAndItGetsTheVipBack() throws Exception {
        startAll(600);
        awaitHolder("lb", 3000);
        Thread.sleep(300);
        assertEquals(Set.of("lb"), holders());

        long killedAt = System.nanoTime();
        kill("lb");
        awaitHolder("bs1", 2000);
        long takeover = (events.stream().filter(e -> e.take() && e.host().equals("bs1")).findFirst().orElseThrow()
            .nanos() - killedAt) / 1_000_000;
        assertTrue(takeover <= LEASE + 150, "bs1 took over " + takeover + " ms after the load balancer stopped");
        System.out.printf("failover over loopback UDP: bs1 took over %d ms after the load balancer stopped "
            + "(lease %d ms)%n", takeover, LEASE);

        start("lb", 600);
        long back = awaitHolder("lb", 5000);
        assertTrue(back >= 600, "handed back after the fail-back delay, took " + back + " ms");
        Thread.sleep(300);
        assertEquals(Set.of("lb"), holders());
        assertEquals(1, maxHolders(), "never two holders: " + events);
        assertEquals(0, runtimes.get("rs1").refused(), "nothing refused among honest agents");
        assertTrue(runtimes.get("rs1").received() > 0);
    }

    @Test
    void forgedAndForeignDatagramsAreRefusedAndChangeNothing() throws Exception {
        startAll(600);
        awaitHolder("lb", 3000);
        ElectionCodec forger = new ElectionCodec("not-the-cluster-key-at-all".getBytes(StandardCharsets.UTF_8), 1);
        byte[] forged = forger.heartbeat("bs1", new VipElection.Heartbeat("web", "bs1", 99, true, 6, ""));
        byte[] garbage = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.80"), 0))) {
            for (int i = 0; i < 50; i++) {
                s.send(new DatagramPacket(forged, forged.length, peers.get("lb").address()));
                s.send(new DatagramPacket(garbage, garbage.length, peers.get("lb").address()));
            }
        }
        Thread.sleep(500);
        assertEquals(100, runtimes.get("lb").refused());
        assertEquals(Set.of("lb"), holders(), "a forged heartbeat of a newer epoch did not make the LB release");
        assertEquals(1, maxHolders());
    }

    /** A UDP port free on every one of {@code addresses} (loopback addresses of one test's agents). */
    static int freePortOnAll(List<String> addresses) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(
                addresses.get(0)), 0))) {
                port = probe.getLocalPort();
            }
            List<DatagramSocket> held = new ArrayList<>();
            try {
                for (String a : addresses) {
                    held.add(new DatagramSocket(new InetSocketAddress(InetAddress.getByName(a), port)));
                }
                return port;
            } catch (IOException e) {
                // taken on one of them: try another
            } finally {
                held.forEach(DatagramSocket::close);
            }
        }
        throw new IOException("no UDP port free on " + addresses);
    }
}
