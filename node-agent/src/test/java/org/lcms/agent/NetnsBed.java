package org.lcms.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The project's network-namespace bed ({@code bed/netns-bed.sh}) for the tests that use it: each under its own
 * prefix, so that they never meet each other's namespaces.
 */
public final class NetnsBed {
    private NetnsBed() {
    }

    /**
     * Checks what the bed needs (root, iproute2, nftables, arping, Debian's python3) and fails saying what to
     * install; returns the bed's script.
     */
    public static Path require() throws Exception {
        assertEquals("root", System.getProperty("user.name"),
            "this test builds network namespaces and needs root (CI runs as root)");
        for (String tool : List.of("ip", "nft", "arping")) {
            assertEquals(0, new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor(),
                tool + " is missing: apt-get install -y iproute2 nftables iputils-arping");
        }
        assertTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 is missing (apt-get install "
            + "-y python3)");
        Path bed = Path.of(System.getProperty("user.dir")).resolveSibling("bed").resolve("netns-bed.sh");
        assertTrue(Files.isExecutable(bed), bed + " is missing");
        return bed;
    }

    /** Runs one bed command under {@code prefix}; fails with its output unless it succeeds within 60 s. */
    public static String run(Path bed, String prefix, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(bed.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LCB_PREFIX", prefix);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " finished");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    /** Runs {@code cmd}; fails with its output unless it exits 0 within 30 s. */
    public static String exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd) + " finished");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    /**
     * {@code count} new connections from the client's source ports {@code sport0..} to {@code vip}:80 with the bed's
     * {@code bedtool.py burst} (bounded: 1 s per connection, 90 s in all), its output in {@code out}: server name
     * -> answers, and "fail". {@code started} gets the process, so a test can kill it if it fails first.
     */
    public static Map<String, Integer> burst(Path bed, String prefix, String vip, int count, int sport0, Path out,
                                             List<Process> started) throws Exception {
        List<String> cmd = List.of("ip", "netns", "exec", prefix + "client", "/usr/bin/python3",
            bed.resolveSibling("bedtool.py").toString(), "burst", vip, "80", Integer.toString(count),
            Integer.toString(sport0), "1");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        started.add(p);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "bedtool.py burst finished");
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : Files.readAllLines(out)) {
            String[] kv = line.split("=");
            if (kv.length == 2 && kv[1].matches("\\d+")) {
                counts.put(kv[0], Integer.parseInt(kv[1]));
            }
        }
        assertTrue(counts.containsKey("fail"), "burst printed its counts: " + Files.readString(out));
        return counts;
    }
}
