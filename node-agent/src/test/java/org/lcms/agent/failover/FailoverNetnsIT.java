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
import org.lcms.agent.snmp.NetSnmp;
import org.lcms.mib.LcmsMib;

/**
 * The LB and RS managers on real hosts, on the agents' own data plane: the project's network-namespace bed
 * ({@code bed/netns-bed.sh --no-vip --no-dispatch}: client, lb, bs1, bs2, rs1..rs3 on a bridge, HTTP servers on the
 * real servers, no dispatch table of the bed's own) with a packaged node agent in each namespace, {@code
 * configurator = linux}. The directors run {@code dataPlane = nftables} and {@code healthCheck = http}; the
 * manager's part — roles and the dispatch table (lcmsVsTable/lcmsRsTable rows) written to lb, bs1 and bs2 — is
 * done with net-snmp's snmpset (v3 authPriv) from the client's namespace, an independent client. So every request
 * the client gets answered went through an agent's nftables table, and the VIP moved by the agents themselves
 * (address, gratuitous ARP, nftables dead man's switch). A client in its own namespace counts failed requests and,
 * among them, those an RST refused or reset ({@code bed/bedtool.py}). Needs root, iproute2, nftables,
 * iputils-arping, net-snmp and Debian's python3; fails saying so without them.
 *
 * <p>One scenario, in order, on one bed: rs2's HTTP server dies and comes back (the LB's health checks take it out
 * of rotation and put it back: both times measured and bounded); the LB dies (process and link) and the primary
 * backup serves; the primary dies too and the secondary serves; the LB returns and gets the VIP back after the
 * fail-back delay — across each of these takeovers six held keep-alive connections survive, none reset or timed
 * out, none moved to another server, and no new connection is refused or reset; then the partitions — BS-LB link
 * cut, BS isolated, LB cut from the real servers. Throughout, a sampler reads every director's dead man's switch:
 * at no moment may two directors be armed to serve the VIP.
 */
class FailoverNetnsIT {
    static final String PFX = "lcf-";
    static final String VIP = "10.77.0.100";
    static final String DEV = PFX + "eth";
    static final List<String> DIRECTORS = List.of("lb", "bs1", "bs2");
    /** The manager's SNMPv3 user on every agent (readwrite, authPriv). */
    static final List<String> MANAGER = NetSnmp.v3("lcms", "failover-auth-1", "failover-priv-1");
    /** Held keep-alive connections across each takeover: with 64-256 buckets they land on all three servers. */
    static final int HELD = 6;
    /** Health checks of the directors: out after FALL x INTERVAL, back after RISE x INTERVAL (ms). */
    static final int INTERVAL = 100;
    static final int FALL = 2;
    static final int RISE = 2;
    static final int TIMEOUT = 500;
    /** The issue's goal is 300 ms out of rotation; on a busy 2-CPU machine allow twice that. */
    static final double OUT_OF_ROTATION_BOUND_MS = 600;
    static final double BACK_IN_ROTATION_BOUND_MS = 1500;
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
        NetSnmp.requireTools();
        bedRun("down");
        // no VIP and no dispatch table of the bed's own: the agents move the VIP and load the dispatch
        bedRun("up", "--no-vip", "--no-dispatch", "--rs", "3");
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
        manager();
        String first = client("burst", VIP, "80", "30", "0", "1");
        assertTrue(first.contains("fail=0"), "the client reaches the service through the VIP and lb's table: "
            + first);
        assertTrue(dispatched("lb") >= 30, "lb's agent dispatched the client's packets");

        SwitchSampler sampler = new SwitchSampler();
        sampler.start();
        try {
            // 0. rs2's service dies (host, agent and link stay up) and comes back
            realServerOutAndBack();

            // 1. the LB dies: its agent (SIGKILL) and its link
            Traffic t = Traffic.start(this, 6);
            t.awaitHeld();
            Thread.sleep(1000);
            truncateLog("bs1");
            step("1 kill lb");
            kill("lb");
            bedRun("link", "lb", "down");
            awaitLine("bs1", "took the VIP " + VIP, 10);
            t.await();
            report.add("LB killed (agent + link): " + t.describe());
            t.assertHeldSurvived("the takeover lb -> bs1");
            t.assertNothingRefused("the takeover lb -> bs1");
            assertTrue(t.loopOk() > 0 && t.gapEnded(), "new connections are served again after the takeover: "
                + t.loop);
            assertTrue(t.maxGapMillis() < 2000, "outage " + t.maxGapMillis() + " ms: " + t.loop);
            assertTrue(dispatched("bs1") > 0, "bs1's agent dispatched the traffic after the takeover");

            // 2. the primary backup dies too: the secondary serves
            t = Traffic.start(this, 5);
            t.awaitHeld();
            Thread.sleep(1000);
            truncateLog("bs2");
            step("2 kill bs1");
            kill("bs1");
            bedRun("link", "bs1", "down");
            awaitLine("bs2", "took the VIP " + VIP, 10);
            t.await();
            report.add("BS1 killed as well: " + t.describe());
            assertTrue(t.loopOk() > 0 && t.gapEnded(), "bs2 serves: " + t.loop);
            t.assertHeldSurvived("the takeover bs1 -> bs2");
            t.assertNothingRefused("the takeover bs1 -> bs2");
            assertTrue(dispatched("bs2") > 0, "bs2's agent dispatched the traffic after the takeover");

            // 3. the LB returns: it gets the VIP back after the fail-back delay (1.5 s), bs2 hands over
            t = Traffic.start(this, 8);
            t.awaitHeld();
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
            t.assertHeldSurvived("the fail-back bs2 -> lb");
            t.assertNothingRefused("the fail-back bs2 -> lb");
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
            t.assertHeldSurvived("the BS1-LB cut");

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
            t.awaitHeld();
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
            t.assertHeldSurvived("the takeover lb -> bs1 after the LB lost the real servers");
            t.assertNothingRefused("the takeover lb -> bs1 after the LB lost the real servers");
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

    /**
     * rs2's HTTP server is killed while the client opens new connections; the LB's health checks (HTTP GET every
     * {@value #INTERVAL} ms, fall {@value #FALL}) take it out of rotation, and put it back after {@value #RISE}
     * successes once it listens again. Measured on the client's own trace of requests: out of rotation = from the
     * kill to the start of the last request that still reached rs2 (refused: nothing listens); back = from the
     * moment rs2 listens again to the start of the first request rs2 answered.
     */
    void realServerOutAndBack() throws Exception {
        Path trace = tmp.resolve("rs2-down.trace");
        Traffic t = Traffic.start(this, 5, 0, trace);
        Thread.sleep(800);
        step("0 rs2's HTTP server stops");
        String stop = bedRun("http", "rs2", "stop");
        double stopped = Double.parseDouble(Traffic.value(stop, "stopped"));
        double gone = Double.parseDouble(Traffic.value(stop, "gone"));
        // the LB's agent says it took rs2 out (polled, bounded): then rs2 may come back
        awaitLine("lb", "(10.77.0.22:80): up -> down", 5);
        step("0b rs2's HTTP server starts");
        String start = bedRun("http", "rs2", "start");
        double started = Double.parseDouble(Traffic.value(start, "started"));
        double listening = Double.parseDouble(Traffic.value(start, "listening"));
        awaitLine("lb", "(10.77.0.22:80): down -> up", 5);
        t.await();
        double lastToRs2 = 0;
        double firstBack = 0;
        int refused = 0;
        int timeouts = 0;
        List<String> atReturn = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (String line : Files.readAllLines(trace)) {
            String[] f = line.split(" ");
            double at = Double.parseDouble(f[0]);
            if (f[1].equals("!timeout")) {
                timeouts++; // no answer in 50 ms: the busy machine, not rs2 (its host refuses at once)
            } else if (f[1].startsWith("!") && at < started) {
                // refused (nothing listens on rs2) or reset (a request rs2 had accepted when it was killed)
                refused++;
                lastToRs2 = Math.max(lastToRs2, at);
                if (at < stopped - 0.05) {
                    late.add(line);
                }
            } else if (f[1].startsWith("!")) {
                // rs2's buckets go back to it: a connection opened on another server in one of them a moment
                // before is sent on to rs2, which resets it (stateless dispatch: no connection table)
                atReturn.add(line);
            } else if (f[1].equals("rs2") && at > listening && firstBack == 0) {
                firstBack = at;
            }
            // a request that started in the kill's few milliseconds may still have been answered, and the server
            // accepts before the bed sees it listening
            assertTrue(!(f[1].equals("rs2") && at > gone && at < started), "rs2 answered while it was down: "
                + line);
        }
        double outMs = (lastToRs2 - stopped) * 1000;
        double backMs = (firstBack - listening) * 1000;
        report.add(String.format("rs2's HTTP server killed: out of rotation after %.0f ms (the last request that "
                + "reached rs2), %d new connections refused or reset meanwhile; rs2 listening again: back in rotation "
                + "after %.0f ms (the first request it answered), %d connections reset as its buckets came back; "
                + "health checks every %d ms (timeout %d ms), fall %d, rise %d; client: %s", outMs, refused, backMs,
            atReturn.size(), INTERVAL, TIMEOUT, FALL, RISE, t.describe()));
        assertTrue(refused > 0, "the client met rs2 down before it left the rotation (else the measure means "
            + "nothing): " + t.loop);
        assertEquals(List.of(), late, "no request refused or reset before rs2 went down");
        // a new connection lives a few ms here: only the few open while the map changed can be caught
        assertTrue(atReturn.size() <= 5 && atReturn.stream().allMatch(l -> l.endsWith("!reset")), "at most a few "
            + "connections reset (none refused) when rs2 came back: " + atReturn);
        assertTrue(outMs <= OUT_OF_ROTATION_BOUND_MS, "rs2 out of rotation within " + OUT_OF_ROTATION_BOUND_MS
            + " ms of its service's death, took " + outMs + " ms");
        assertTrue(timeouts * 50 <= t.loopOk(), "no other server failed (timeouts " + timeouts + "): " + t.loop);
        assertTrue(firstBack > 0 && backMs <= BACK_IN_ROTATION_BOUND_MS, "rs2 answered again within "
            + BACK_IN_ROTATION_BOUND_MS + " ms of listening again: " + backMs + " ms");
    }

    // ---- the manager's part, over SNMP ---------------------------------------------------------------------

    /**
     * What the manager does for an active cluster: the role on each director (lb; bs1 and bs2 as backups of rank
     * 1 and 2, cluster "web" as the failover's), then the dispatch table on each — tcp VIP:80, wrr, rs1..rs3
     * weight 1 — written with RowStatus createAndGo. A standby backup keeps the table and dispatches nothing.
     */
    void manager() throws Exception {
        String vipHex = "0A4D0064"; // 10.77.0.100
        for (String d : DIRECTORS) {
            List<String> role = new ArrayList<>(List.of(scalar(LcmsMib.LCMS_ROLE_VIP_ADDRESS_TYPE), "i", "1",
                scalar(LcmsMib.LCMS_ROLE_VIP_ADDRESS), "x", vipHex, scalar(LcmsMib.LCMS_ROLE_CLUSTER_ID), "s", "web"));
            if (!d.equals("lb")) {
                role.addAll(List.of(scalar(LcmsMib.LCMS_ROLE_BACKUP_RANK), "u", d.substring(2)));
            }
            role.addAll(List.of(scalar(LcmsMib.LCMS_ROLE_TYPE), "i", d.equals("lb") ? "2" : "3"));
            snmpset(d, role.toArray(String[]::new));
            String vs = "." + LcmsMib.LCMS_VS_ENTRY + ".";
            snmpset(d, vs + "2.1", "i", "1", vs + "3.1", "x", vipHex, vs + "4.1", "u", "80", vs + "5.1", "i", "6",
                vs + "6.1", "i", "2", vs + "8.1", "i", "4");
            List<String> rows = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String rs = "." + LcmsMib.LCMS_RS_ENTRY + ".";
                String idx = ".1." + i;
                rows.addAll(List.of(rs + "2" + idx, "i", "1", rs + "3" + idx, "x", "0A4D00" + (14 + i), rs + "4" + idx,
                    "u", "80", rs + "5" + idx, "u", "1", rs + "11" + idx, "i", "4"));
            }
            snmpset(d, rows.toArray(String[]::new));
        }
        for (String standby : List.of("bs1", "bs2")) {
            assertTrue(!dispatchTable(standby).contains("fwd"), standby + " is standby and dispatches nothing: "
                + dispatchTable(standby));
        }
        assertTrue(dispatchTable("lb").contains("10.77.0.22"), "lb dispatches the table: " + dispatchTable("lb"));
    }

    static String scalar(org.snmp4j.smi.OID object) {
        return "." + LcmsMib.scalar(object);
    }

    void snmpset(String director, String... varbinds) throws Exception {
        // one try of up to 15 s: the six agents have just started on two CPUs (a retried createAndGo that was
        // applied the first time would be refused as a duplicate row); 5 s once ran out on a loaded machine
        long t0 = System.nanoTime();
        NetSnmp.Result r = NetSnmp.runIn(List.of("ip", "netns", "exec", PFX + "client"), 15, 0, "snmpset", MANAGER,
            "udp:" + ADDRESS.get(director) + ":1161", varbinds);
        System.out.println("failover bed: snmpset to " + director + " took " + (System.nanoTime() - t0) / 1_000_000
            + " ms");
        assertTrue(r.ok(), "snmpset to " + director + " " + String.join(" ", varbinds) + ": " + r);
    }

    /** The director's nftables dispatch table (the agent's, {@code lcms_dr}), or "" when it has none. */
    String dispatchTable(String director) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", PFX + director, "nft", "list", "table", "netdev",
            "lcms_dr").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return p.exitValue() == 0 ? out : "";
    }

    /** Packets the director's dispatch rules forwarded so far. */
    long dispatched(String director) throws Exception {
        long sum = 0;
        for (Matcher m = Pattern.compile("counter packets (\\d+)").matcher(dispatchTable(director)); m.find(); ) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
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
            "user.lcms.access = readwrite",
            ""));
        if (DIRECTORS.contains(name)) {
            // the agent's own data plane, and the RS manager's health checks of the real servers' HTTP servers
            Files.writeString(cfg, String.join("\n",
                "dataPlane = nftables",
                "healthCheck = http",
                "healthCheck.interval = " + INTERVAL,
                // not 100: the real servers' python HTTP servers, at normal priority on the busy 2-CPU machine,
                // took longer now and then, and a new holder that took a healthy server out moved its buckets and
                // reset its held connections. A server that dies refuses at once: the timeout does not delay that.
                "healthCheck.timeout = " + TIMEOUT,
                "healthCheck.fall = " + FALL,
                "healthCheck.rise = " + RISE,
                ""), java.nio.file.StandardOpenOption.APPEND);
        }
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

    /**
     * {@value #HELD} held keep-alive connections (a GET on each every 20 ms) and a loop of new connections (one every
     * 2 ms, 50 ms timeout), in the client's namespace.
     */
    static final class Traffic {
        final Process holdProcess;
        final Process loopProcess;
        final Path holdOut;
        String hold = "";
        String loop = "";

        private Traffic(Process hold, Path holdOut, Process loop) {
            this.holdProcess = hold;
            this.holdOut = holdOut;
            this.loopProcess = loop;
        }

        static Traffic start(FailoverNetnsIT it, int seconds) throws Exception {
            return start(it, seconds, HELD, null);
        }

        /** @param trace where the loop writes one line per request, or null */
        static Traffic start(FailoverNetnsIT it, int seconds, int held, Path trace) throws Exception {
            String tool = it.bed.resolveSibling("bedtool.py").toString();
            Process hold = null;
            Path holdOut = Files.createTempFile(it.tmp, "hold", ".out");
            if (held > 0) {
                hold = new ProcessBuilder("ip", "netns", "exec", PFX + "client", "/usr/bin/python3", tool, "hold", VIP,
                    "80", Integer.toString(seconds), "0.02", Integer.toString(held)).redirectErrorStream(true)
                    .redirectOutput(holdOut.toFile()).start();
            }
            List<String> loop = new ArrayList<>(List.of("ip", "netns", "exec", PFX + "client", "/usr/bin/python3",
                tool, "loop", VIP, "80", Integer.toString(seconds), "100000", "0.05", "0.002"));
            if (trace != null) {
                loop.add(trace.toString());
            }
            return new Traffic(hold, holdOut, new ProcessBuilder(loop).redirectErrorStream(true).start());
        }

        /** Until every held connection has had its first answer (bounded): the takeover must come after. */
        void awaitHeld() throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!Files.readString(holdOut).contains("first=") && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertTrue(Files.readString(holdOut).contains("first="), "the held connections were answered: "
                + Files.readString(holdOut));
        }

        void await() throws Exception {
            loop = new String(loopProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(loopProcess.waitFor(30, TimeUnit.SECONDS), "the client's loop ended");
            if (holdProcess != null) {
                assertTrue(holdProcess.waitFor(30, TimeUnit.SECONDS), "the held connections ended");
                hold = Files.readString(holdOut).trim();
            }
        }

        static String value(String out, String key) {
            String[] lines = out.trim().split("\n");
            Matcher m = Pattern.compile("(?:^| )" + key + "=(\\S*)").matcher(lines[lines.length - 1]);
            return m.find() ? m.group(1) : "";
        }

        long number(String out, String key) {
            String v = value(out, key);
            return v.isEmpty() ? -1 : Long.parseLong(v);
        }

        /** Every held connection was answered throughout, by the server it started with. */
        void assertHeldSurvived(String what) {
            assertEquals(HELD, number(hold, "connections"), "the held connections ran: " + hold);
            assertEquals(0, number(hold, "broken"), what + ": no held connection broke (reset "
                + value(hold, "reset") + ", timeout " + value(hold, "timeout") + "): " + hold);
            assertEquals(0, number(hold, "moved"), what + ": each held connection kept its server: " + hold);
            assertTrue(number(hold, "requests") > HELD * 10L, what + ": the held connections were used: " + hold);
        }

        /** No new connection met an RST (refused at the SYN or reset after): failures are timeouts only. */
        void assertNothingRefused(String what) {
            assertEquals(0, number(loop, "reset") + number(loop, "refused"), what + ": no new connection was "
                + "refused or reset: " + loop);
        }

        long loopOk() {
            return number(loop, "ok") < 0 ? 0 : number(loop, "ok");
        }

        long loopFailed() {
            return number(loop, "fail");
        }

        boolean gapEnded() {
            return !value(loop, "gap_end").isEmpty() && Double.parseDouble(value(loop, "gap_end")) > 0;
        }

        double maxGapMillis() {
            return Double.parseDouble(value(loop, "max_gap_ms").isEmpty() ? "1e9" : value(loop, "max_gap_ms"));
        }

        String describe() {
            String d = "new connections: longest gap " + value(loop, "max_gap_ms") + " ms, failed "
                + value(loop, "fail") + "/" + value(loop, "requests") + " (reset " + value(loop, "reset")
                + ", refused " + value(loop, "refused") + ", timeout " + value(loop, "timeout") + ")";
            if (holdProcess == null) {
                return d;
            }
            return d + "; " + value(hold, "connections") + " held connections: " + value(hold, "requests")
                + " requests, longest gap " + value(hold, "max_gap_ms") + " ms, broken " + value(hold, "broken")
                + " (reset " + value(hold, "reset") + ", timeout " + value(hold, "timeout") + "), moved "
                + value(hold, "moved");
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
