package org.lcms.failover.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which real server each hash bucket goes to, for the nftables data plane (no IPVS): a flow's bucket is a
 * stateless hash of its source address and port, so every load balancer and backup that computes the same plan
 * sends a flow to the same server — established connections survive a takeover. The plan is therefore a pure
 * function of the servers and their weights (never of the history of changes), identical on every director.
 *
 * <p>Weights are met exactly up to rounding: each server gets {@code buckets x weight / total} buckets (largest
 * remainder). Which buckets: every bucket ranks the servers by a fixed hash of (server, bucket) and goes to the
 * best-ranked one that still has room (rendezvous hashing with capacities), so a change moves few buckets: a
 * server taken out gives up only its own, the others keep theirs up to the rounding of the new quotas.
 * Weight 0 (draining) gets no bucket — unlike IPVS, which keeps a draining server's open connections, its flows
 * move too; a data plane that must keep them pins them (see the driver).
 */
public final class BucketPlan {
    /** Buckets of the default plan: 256 gives each of up to ~25 servers a share within 1% of its weight. */
    public static final int DEFAULT_BUCKETS = 256;

    private BucketPlan() {
    }

    /**
     * @param weights server id (e.g. its address) to weight 0..65535; servers with weight 0 get no bucket
     * @return for each bucket 0..buckets-1 the server it goes to, or null when no server has a weight
     */
    public static String[] plan(Map<String, Integer> weights, int buckets) {
        if (buckets < 1 || buckets > 65_536) {
            throw new IllegalArgumentException("buckets must be 1..65536, was " + buckets);
        }
        Map<String, Integer> quota = quotas(weights, buckets);
        String[] out = new String[buckets];
        if (quota.isEmpty()) {
            return out;
        }
        List<String> servers = new ArrayList<>(quota.keySet());
        Map<String, Integer> left = new HashMap<>(quota);
        long[] seeds = new long[servers.size()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = fnv(servers.get(i));
        }
        for (int b = 0; b < buckets; b++) {
            int best = -1;
            long bestScore = 0;
            for (int i = 0; i < seeds.length; i++) {
                if (left.get(servers.get(i)) == 0) {
                    continue;
                }
                long score = mix(seeds[i] ^ (b * 0x9E3779B97F4A7C15L));
                if (best < 0 || Long.compareUnsigned(score, bestScore) > 0) {
                    best = i;
                    bestScore = score;
                }
            }
            String s = servers.get(best);
            out[b] = s;
            left.merge(s, -1, Integer::sum);
        }
        return out;
    }

    /** Buckets per server: exact shares of the total weight, remainders to the largest fractions (ties by id). */
    static Map<String, Integer> quotas(Map<String, Integer> weights, int buckets) {
        long total = 0;
        for (Map.Entry<String, Integer> e : weights.entrySet()) {
            if (e.getValue() < 0 || e.getValue() > 65_535) {
                throw new IllegalArgumentException("weight of " + e.getKey() + " is " + e.getValue()
                    + ": give 0..65535");
            }
            total += e.getValue();
        }
        Map<String, Integer> quota = new TreeMap<>();
        if (total == 0) {
            return quota;
        }
        List<Map.Entry<String, Long>> remainders = new ArrayList<>();
        int given = 0;
        for (Map.Entry<String, Integer> e : new TreeMap<>(weights).entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            long share = (long) buckets * e.getValue();
            quota.put(e.getKey(), (int) (share / total));
            given += (int) (share / total);
            remainders.add(Map.entry(e.getKey(), share % total));
        }
        remainders.sort(Comparator.comparing((Map.Entry<String, Long> e) -> e.getValue()).reversed()
            .thenComparing(Map.Entry::getKey));
        for (int i = 0; given < buckets; i++, given++) {
            quota.merge(remainders.get(i % remainders.size()).getKey(), 1, Integer::sum);
        }
        return quota;
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finalizer: a fixed, well-spread 64-bit mix (the same on every JVM). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
