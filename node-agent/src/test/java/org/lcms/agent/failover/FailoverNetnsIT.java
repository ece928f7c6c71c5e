package org.lcms.agent.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.NetnsBed;

/**
 * The LB manager on real hosts: the project's network-namespace bed ({@code bed/netns-bed.sh}: client, lb, bs1,
 * bs2, rs1..rs3 on a bridge, HTTP servers on the real servers, the same stateless nftables dispatch on every
 * director) with a packaged node agent in each namespace, {@code configurator = linux}: the agents move the VIP
 * themselves (address, gratuitous ARP, nftables dead man's switch). A client in its own namespace counts failed
 * requests. Needs root, iproute2, nftables, iputils-arping and Debian's python3; fails saying so without them.
 *
 * <p>One scenario, in order, on one bed: the LB dies (process and link) and the primary backup serves, with an
 * established connection surviving; the primary dies too and the secondary serves; the LB returns and gets the
 * VIP back after the fail-back delay; then the partitions — BS-LB link cut, BS isolated, LB cut from the real
 * servers. Throughout, a sampler reads every director's dead man's switch: at no moment may two directors be
 * armed to serve the VIP.
 */
class FailoverNetnsIT {
    static final String PFX = "lcf-";
    static final String VIP = "10.77.0.100";
    static final String DEV = PFX + "eth";
    static final List<String> DIRECTORS = List.of("lb", "bs1", "bs2");
    static final Map<String, String> ADDRESS = new LinkedHashMap<>();

    static {
        ADDRESS.put("lb", "10.77.0.10");
        ADDRESS.put("bs1", "10.77.0.11");
        ADDRESS.put("bs2", "10.77.0.12");
        ADDRESS.put("rs1", "10.77.0.21");
        ADDRESS.put("rs2", "10.77.0.22");
        ADDRESS.put("rs3", "10.77.0.23");
    }

    @TempDir
    Path tmp;
    Path home;
    Path bed;
    final Map<String, Process> agents = new LinkedHashMap<>();
    final List<String> report = new ArrayList<>();
    /** What the scenario was doing since when (System.nanoTime), to place a sampler finding. */
    final List<Map.Entry<Long, String>> steps = new CopyOnWriteArrayList<>();

    void step(String what) {
        steps.add(Map.entry(System.nanoTime(), what));
    }

    String stepAt(long nanos) {
        String at = "before the scenario";
        long since = 0;
        for (Map.Entry<Long, String> e : steps) {
            if (e.getKey() <= nanos) {
                at = e.getValue();
                since = e.getKey();
            }
        }
        return at + " +" + (nanos - since) / 1_000_000 + " ms";
    }

    @BeforeEach
    void bedUp() throws Exception {
        bed = NetnsBed.require();
        bedRun("down");
        bedRun("up", "--no-vip", "--rs", "3");
        exec(List.of("tar", "xzf", System.getProperty("lcms.agent.dist"), "-C", tmp.toString()));
        try (var dirs = Files.list(tmp)) {
            home = dirs.filter(p -> p.getFileName().toString().startsWith("lcms-agent-")).findFirst().orElseThrow();
        }
    }

    @AfterEach
    void bedDown() throws Exception {
        agents.values().forEach(Process::destroyForcibly);
        for (Process p : agents.values()) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
        bedRun("down");
        report.forEach(l -> System.out.println("failover bed: " + l));
    }

    @Test
    void oneDirectorServesTheVipThroughCrashesReturnsAndPartitions() throws Exception {
        try {
            scenario();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nscenario steps: " + steps.stream().map(x -> stepAt(x
                .getKey()) + "=" + x.getKey() / 1_000_000).toList() + logs(), e);
        }
    }

    void scenario() throws Exception {
        // witnesses and the LB first: a majority is up when the LB asks for its first lease
        for (String n : List.of("rs1", "rs2", "rs3", "lb")) {
            start(n);
        }
        awaitLine("lb", "took the VIP " + VIP, 30);
        start("bs1");
        start("bs2");
        awaitLine("bs1", "lcms-agent: listening on", 30);
        awaitLine("bs2", "lcms-agent: listening on", 30);
        assertTrue(holds("lb"), "the LB has the VIP on " + DEV);
        String first = client("burst", VIP, "80", "30", "0", "1");
        assertTrue(first.contains("fail=0"), "the client reaches the service through the VIP: " + first);

        SwitchSampler sampler = new SwitchSampler();
        sampler.start();
        try {
            // 1. the LB dies: its agent (SIGKILL) and its link
            Traffic t = Traffic.start(this, 6);
            Thread.sleep(1000);
            truncateLog("bs1");
            step("1 kill lb");
            kill("lb");
            bedRun("link", "lb", "down");
            awaitLine("bs1", "took the VIP " + VIP, 10);
            t.await();
            report.add("LB killed (agent + link): " + t.describe());
            assertEquals("none", t.holdError(), "the established connection survived the takeover: " + t.hold);
            assertTrue(t.loopOk() > 0 && t.gapEnded(), "new connections are served again after the takeover: "
                + t.loop);
            assertTrue(t.maxGapMillis() < 2000, "outage " + t.maxGapMillis() + " ms: " + t.loop);

            // 2. the primary backup dies too: the secondary serves
            t = Traffic.start(this, 5);
            Thread.sleep(1000);
            truncateLog("bs2");
            step("2 kill bs1");
            kill("bs1");
            bedRun("link", "bs1", "down");
            awaitLine("bs2", "took the VIP " + VIP, 10);
            t.await();
            report.add("BS1 killed as well: " + t.describe());
            assertTrue(t.loopOk() > 0 && t.gapEnded(), "bs2 serves: " + t.loop);
            assertEquals("none", t.holdError(), "the established connection survived: " + t.hold);

            // 3. the LB returns: it gets the VIP back after the fail-back delay (1.5 s), bs2 hands over
            t = Traffic.start(this, 8);
            Thread.sleep(500);
            step("3 lb returns");
            bedRun("link", "lb", "up");
            truncateLog("lb");
            truncateLog("bs2");
            start("lb");
            awaitLine("bs2", "released the VIP " + VIP, 20);
            awaitLine("lb", "took the VIP " + VIP, 5);
            t.await();
            report.add("LB back, fail-back from bs2: " + t.describe());
            assertTrue(holds("lb") && !holds("bs2"), "the VIP is on lb only");
            assertEquals("none", t.holdError(), "the established connection survived the fail-back: " + t.hold);
            assertTrue(t.maxGapMillis() < 2000, "the fail-back outage " + t.maxGapMillis() + " ms: " + t.loop);
            step("3b bs1 returns");
            bedRun("link", "bs1", "up");
            truncateLog("bs1");
            start("bs1");
            awaitLine("bs1", "lcms-agent: listening on", 30);
            Thread.sleep(1000);

            // 4. partitions: only the BS1-LB link cut; BS1 isolated. BS1 must not take the VIP while lb serves.
            step("4 cut lb-bs1");
            long cutAt = System.nanoTime();
            bedRun("cut", "lb", "bs1");
            t = Traffic.start(this, 3);
            t.await();
            bedRun("heal", "lb", "bs1");
            report.add("BS1-LB link cut for 3 s: " + t.describe());
            assertEquals(0, count("bs1", "took the VIP"), "bs1 did not take the VIP:" + logs());
            assertEquals(List.of(), sampler.armedBetween(List.of("bs1", "bs2"), cutAt, System.nanoTime()),
                "no backup's switch opened while the BS1-LB link was cut");
            assertTrue(holds("lb"), "lb kept the VIP:" + logs());
            // a request may time out (50 ms) on a busy machine; an outage would fail dozens in a row
            assertTrue(t.loopFailed() * 50 <= t.loopOk(), "lb served all along: " + t.loop);

            step("4b bs1 isolated");
            long isolatedAt = System.nanoTime();
            bedRun("link", "bs1", "down");
            Thread.sleep(3000);
            bedRun("link", "bs1", "up");
            assertEquals(List.of(), sampler.armedBetween(List.of("bs1", "bs2"), isolatedAt, System.nanoTime()),
                "no backup's switch opened while bs1 was isolated");
            assertEquals(0, count("bs1", "took the VIP"), "isolated bs1 did not take the VIP:" + logs());
            assertTrue(holds("lb"), "lb kept the VIP while bs1 was isolated:" + logs());

            // 5. the LB loses the real servers (the witnesses' majority) but not the backups: it must give up
            // the VIP by itself, and a backup that has the majority takes it
            t = Traffic.start(this, 6);
            Thread.sleep(500);
            truncateLog("bs1");
            step("5 cut lb from the real servers");
            for (String rs : List.of("rs1", "rs2", "rs3")) {
                bedRun("cut", "lb", rs);
            }
            awaitLine("bs1", "took the VIP " + VIP, 10);
            t.await();
            report.add("LB cut from the real servers: " + t.describe());
            assertTrue(t.loopOk() > 0 && t.gapEnded(), "served again after the LB lost its majority: " + t.loop);
            for (String rs : List.of("rs1", "rs2", "rs3")) {
                bedRun("heal", "lb", rs);
            }
        } finally {
            sampler.stop();
        }
        report.add(sampler.describe());
        assertTrue(sampler.samples() > 1000 && sampler.failure == null && sampler.imprecise * 4 < sampler.samples(),
            "the sampler read the switches, most of them precisely: " + sampler.describe());
        assertEquals(List.of(), sampler.overlaps(), "never two directors armed for the VIP at once");
    }

    // ---- agents -----------------------------------------------------------------------------------------

    void start(String name) throws Exception {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        List<String> members = DIRECTORS.stream().map(d -> d + "@" + ADDRESS.get(d) + "/7411").toList();
        List<String> witnesses = List.of("rs1", "rs2", "rs3").stream().map(r -> r + "@" + ADDRESS.get(r) + "/7411")
            .toList();
        Path cfg = dir.resolve("agent.cfg");
        Files.writeString(cfg, String.join("\n",
            "listen = " + ADDRESS.get(name) + "/1161",
            "stateDirectory = " + dir.resolve("state"),
            "configurator = linux",
            "serviceInterface = " + DEV,
            "user.lcms.authPassword = failover-auth-1",
            "user.lcms.privPassword = failover-priv-1",
            "failover.self = " + name,
            "failover.listen = " + ADDRESS.get(name) + "/7411",
            "failover.cluster.web.key = failover-netns-cluster-key",
            "failover.cluster.web.vip = " + VIP,
            "failover.cluster.web.members = " + String.join(", ", members),
            "failover.cluster.web.witnesses = " + String.join(", ", witnesses),
            "failover.cluster.web.failbackDelay = 1500",
            ""));
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", PFX + name,
            home.resolve("bin/lcms-agent").toString(), "--config", cfg.toString())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        agents.put(name, pb.start());
    }

    void kill(String name) throws Exception {
        Process p = agents.remove(name);
        p.destroyForcibly();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), name + "'s agent ended");
    }

    boolean holds(String director) throws Exception {
        return exec(List.of("ip", "-n", PFX + director, "-o", "-4", "addr", "show", "dev", DEV))
            .contains(" " + VIP + "/32 ");
    }

    Path log(String name) {
        return tmp.resolve(name + ".log");
    }

    /** Starts a fresh log for the agent's next lines (what it said before stays in NAME.old.log). */
    void truncateLog(String name) throws Exception {
        if (Files.exists(log(name))) {
            Files.writeString(tmp.resolve(name + ".old.log"), Files.readString(log(name)),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        Files.writeString(log(name), "");
    }

    long count(String name, String text) throws Exception {
        return Files.readAllLines(log(name)).stream().filter(l -> l.contains(text)).count();
    }

    void awaitLine(String name, String text, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (Files.exists(log(name)) && Files.readString(log(name)).contains(text)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError(name + " did not print '" + text + "' within " + seconds + " s:" + logs());
    }

    String logs() throws Exception {
        StringBuilder b = new StringBuilder();
        for (String n : ADDRESS.keySet()) {
            Path old = tmp.resolve(n + ".old.log");
            if (Files.exists(old)) {
                b.append("\n--- ").append(n).append(" (before its log was restarted)\n").append(Files.readString(old));
            }
            if (Files.exists(log(n))) {
                b.append("\n--- ").append(n).append('\n').append(Files.readString(log(n)));
            }
        }
        return b.toString();
    }

    // ---- the bed and its client ---------------------------------------------------------------------------

    String bedRun(String... args) throws Exception {
        return NetnsBed.run(bed, PFX, args);
    }

    /** bedtool.py in the client's namespace (bounded in time and count; talks to the VIP only). */
    String client(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", PFX + "client", "/usr/bin/python3",
            bed.resolveSibling("bedtool.py").toString()));
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    /** A held connection (a GET every 20 ms) and a loop of new connections (one every 2 ms, 50 ms timeout). */
    static final class Traffic {
        final Process holdProcess;
        final Process loopProcess;
        String hold = "";
        String loop = "";

        private Traffic(Process hold, Process loop) {
            this.holdProcess = hold;
            this.loopProcess = loop;
        }

        static Traffic start(FailoverNetnsIT it, int seconds) throws Exception {
            String tool = it.bed.resolveSibling("bedtool.py").toString();
            Process hold = new ProcessBuilder("ip", "netns", "exec", PFX + "client", "/usr/bin/python3", tool,
                "hold", VIP, "80", Integer.toString(seconds), "0.02").redirectErrorStream(true).start();
            Process loop = new ProcessBuilder("ip", "netns", "exec", PFX + "client", "/usr/bin/python3", tool,
                "loop", VIP, "80", Integer.toString(seconds), "100000", "0.05", "0.002").redirectErrorStream(true)
                .start();
            return new Traffic(hold, loop);
        }

        void await() throws Exception {
            hold = new String(holdProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            loop = new String(loopProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            holdProcess.waitFor(30, TimeUnit.SECONDS);
            loopProcess.waitFor(30, TimeUnit.SECONDS);
        }

        String lastLine(String out) {
            String[] lines = out.split("\n");
            return lines[lines.length - 1];
        }

        String value(String out, String key) {
            Matcher m = Pattern.compile("(?:^| )" + key + "=(\\S*)").matcher(lastLine(out));
            return m.find() ? m.group(1) : "";
        }

        String holdError() {
            return value(hold, "error");
        }

        long loopOk() {
            return Long.parseLong(value(loop, "ok").isEmpty() ? "0" : value(loop, "ok"));
        }

        long loopFailed() {
            return Long.parseLong(value(loop, "fail").isEmpty() ? "-1" : value(loop, "fail"));
        }

        boolean gapEnded() {
            return !value(loop, "gap_end").isEmpty() && Double.parseDouble(value(loop, "gap_end")) > 0;
        }

        double maxGapMillis() {
            return Double.parseDouble(value(loop, "max_gap_ms").isEmpty() ? "1e9" : value(loop, "max_gap_ms"));
        }

        String describe() {
            return "new connections: longest gap " + value(loop, "max_gap_ms") + " ms, failed " + value(loop, "fail")
                + "/" + value(loop, "requests") + "; held connection: " + value(hold, "requests") + " requests, "
                + "servers " + value(hold, "servers") + ", longest gap " + value(hold, "max_gap_ms") + " ms, error "
                + value(hold, "error");
        }
    }

    /**
     * Reads the dead man's switch (the {@code armed} set) of every director in turn, for as long as it runs. A
     * sample taken between t0 and t1 that shows the VIP armed with E ms left means "may serve until t1 + E at
     * the latest, from before t0": intervals that are wider than the truth, so an overlap of two directors'
     * intervals is a moment at which both might have served.
     */
    final class SwitchSampler {
        record Armed(String director, long from, long until) {
        }

        private final List<Armed> armed = new CopyOnWriteArrayList<>();
        private volatile boolean running = true;
        private volatile int samples;
        /**
         * Reads that took longer than this are not judged: the kernel's "expires" was taken somewhere between
         * asking and reading the answer, and on a busy machine (the sampler's nft is not real-time, the agents'
         * is) that window grew to tens of milliseconds and made overlaps out of nothing.
         */
        static final long PRECISE_READ = TimeUnit.MILLISECONDS.toNanos(5);
        private volatile int imprecise;
        private volatile String failure;
        private final Thread thread = new Thread(this::run, "switch-sampler");

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }

        int samples() {
            return samples;
        }

        private void run() {
            Pattern expires = Pattern.compile(Pattern.quote(VIP) + " timeout \\S+ expires (?:(\\d+)s)?(?:(\\d+)ms)?");
            // One long-running `nft -i` per director: a process per read would take the CPU the agents need.
            Map<String, Process> nft = new LinkedHashMap<>();
            Map<String, java.io.BufferedReader> out = new LinkedHashMap<>();
            try {
                for (String d : DIRECTORS) {
                    Process p = new ProcessBuilder("ip", "netns", "exec", PFX + d, "nft", "-i")
                        .redirectErrorStream(true).start();
                    nft.put(d, p);
                    out.put(d, new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8)));
                }
                while (running) {
                    for (String d : DIRECTORS) {
                        long t0 = System.nanoTime();
                        var in = nft.get(d).getOutputStream();
                        in.write(("list set netdev " + LinuxVipControl.TABLE + " armed\n")
                            .getBytes(StandardCharsets.US_ASCII));
                        in.flush();
                        String left = null;
                        for (String line; (line = out.get(d).readLine()) != null; ) {
                            if (line.startsWith("Error:")) { // no table yet: the message, the command, a caret
                                out.get(d).readLine();
                                out.get(d).readLine();
                                break;
                            }
                            Matcher m = expires.matcher(line);
                            if (m.find()) {
                                left = (m.group(1) == null ? "0" : m.group(1)) + " "
                                    + (m.group(2) == null ? "0" : m.group(2));
                            }
                            if (line.equals("}")) {
                                break;
                            }
                        }
                        long t1 = System.nanoTime();
                        samples++;
                        if (left != null && t1 - t0 > PRECISE_READ) {
                            imprecise++; // the reader waited for a CPU: too wide an interval to judge by
                        } else if (left != null) {
                            String[] sm = left.split(" ");
                            long ms = Long.parseLong(sm[0]) * 1000 + Long.parseLong(sm[1]);
                            armed.add(new Armed(d, t0, t1 + TimeUnit.MILLISECONDS.toNanos(ms)));
                        }
                    }
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                failure = e.toString();
            } finally {
                nft.values().forEach(Process::destroyForcibly);
            }
        }

        /** Samples of these directors armed at some moment between {@code from} and {@code to}. */
        List<Armed> armedBetween(List<String> directors, long from, long to) {
            return armed.stream().filter(a -> directors.contains(a.director()) && a.from() < to && a.until() > from)
                .toList();
        }

        /** Pairs of samples of different directors whose intervals overlap. */
        List<String> overlaps() {
            List<String> out = new ArrayList<>();
            List<Armed> all = List.copyOf(armed);
            for (int i = 0; i < all.size() && out.size() < 10; i++) {
                for (int j = i + 1; j < all.size(); j++) {
                    Armed a = all.get(i);
                    Armed b = all.get(j);
                    if (!a.director().equals(b.director()) && a.from() < b.until() && b.from() < a.until()) {
                        out.add(a.director() + " armed " + stepAt(a.from()) + " .. " + stepAt(a.until()) + " / "
                            + b.director() + " armed " + stepAt(b.from()) + " .. " + stepAt(b.until()));
                    }
                }
            }
            return out;
        }

        String describe() {
            Map<String, Long> per = new LinkedHashMap<>();
            armed.forEach(a -> per.merge(a.director(), 1L, Long::sum));
            return "switch sampler: " + samples + " reads (" + imprecise + " armed ones too slow to judge, over "
                + PRECISE_READ / 1_000_000 + " ms), armed per director " + per
                + (failure == null ? "" : "; stopped by " + failure);
        }
    }

    static String exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}
