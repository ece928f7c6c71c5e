package org.lcms.agent.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lcms.agent.dispatch.NftDispatchDriverTest.server;
import static org.lcms.agent.dispatch.NftDispatchDriverTest.service;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.NetnsBed;
import org.lcms.agent.dispatch.DispatchTableDriver.DispatchDriverException;

/**
 * The nftables driver on the project's bed ({@code bed/netns-bed.sh}, prefix {@code lcd-}, up with
 * {@code --no-dispatch}: the bed loads no table of its own): the driver's nft runs in the directors' namespaces,
 * the client sends bounded bursts of new connections to the VIP ({@code bedtool.py}), and the real servers say who
 * answered. Needs root, iproute2, nftables, iputils-arping and /usr/bin/python3: without them it fails, saying so.
 */
class NftDispatchDriverNetnsTest {
    private static final String PFX = "lcd-";
    private static final String VIP = "10.77.0.100";
    private static final String DEV = PFX + "eth";
    /** As the bed's own table: 2:1:1 gives 32:16:16 buckets. */
    private static final int BUCKETS = 64;
    private static final Pattern PACKETS = Pattern.compile("packets (\\d+)");

    @TempDir
    Path tmp;
    private Path bed;
    private final List<Process> clients = new ArrayList<>();

    @BeforeEach
    void bedUp() throws Exception {
        bed = NetnsBed.require();
        bedRun("down");
        bedRun("up", "--no-vip", "--no-dispatch", "--rs", "3");
        exec("ip", "-n", PFX + "lb", "addr", "add", VIP + "/32", "dev", DEV);
    }

    @AfterEach
    void bedDown() throws Exception {
        for (Process p : clients) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        bedRun("down");
    }

    /** Three real servers of tcp VIP:80 (the bed's rs1..rs3, 10.77.0.21..23) with these weights and states. */
    static DispatchTable web(int[] weights, RealServerStatus... status) throws Exception {
        DispatchTable t = DispatchTable.EMPTY.withVirtualService(service(1, VIP, 80, Protocol.TCP, Scheduler.WRR));
        for (int i = 0; i < 3; i++) {
            t = t.withRealServer(server(1, i + 1, "10.77.0." + (21 + i), 80, weights[i],
                i < status.length ? status[i] : RealServerStatus.UP));
        }
        return t;
    }

    static NftDispatchDriver driverIn(String node, String device) {
        return new NftDispatchDriver(device, BUCKETS, new NftDispatchDriver.Commands(List.of("ip", "netns", "exec",
            PFX + node, "nft")));
    }

    @Test
    void weightsDownDrainingAndARefusedTableOnTheBed() throws Exception {
        NftDispatchDriver lb = driverIn("lb", DEV);
        lb.apply(web(new int[] {2, 1, 1}));
        Map<String, Integer> spread = burst(300, 20000);
        checkSpread("weights 2:1:1", spread, 300, Map.of("rs1", 32, "rs2", 16, "rs3", 16));

        lb.apply(web(new int[] {1, 1, 2}));
        spread = burst(300, 21000);
        checkSpread("weights changed to 1:1:2", spread, 300, Map.of("rs1", 16, "rs2", 16, "rs3", 32));

        lb.apply(web(new int[] {2, 1, 1}, RealServerStatus.UP, RealServerStatus.DOWN));
        spread = burst(200, 22000);
        report("rs2 DOWN", spread);
        assertEquals(0, spread.getOrDefault("rs2", 0), "no request reaches the DOWN server: " + spread);
        assertEquals(0, spread.get("fail"), "every request is served: " + spread);
        assertTrue(spread.getOrDefault("rs1", 0) > 0 && spread.getOrDefault("rs3", 0) > 0, spread.toString());

        DispatchTable draining = web(new int[] {2, 1, 1}, RealServerStatus.UP, RealServerStatus.UP,
            RealServerStatus.DRAINING);
        lb.apply(draining);
        spread = burst(200, 23000);
        report("rs3 DRAINING", spread);
        assertEquals(0, spread.getOrDefault("rs3", 0), "a DRAINING server gets no new connection: " + spread);
        assertEquals(0, spread.get("fail"), spread.toString());
        assertTrue(spread.getOrDefault("rs1", 0) > 0 && spread.getOrDefault("rs2", 0) > 0, spread.toString());

        // The same nft sees the same table naming an interface the director does not have: it refuses the whole
        // transaction, and the previous table (rs3 draining) goes on serving.
        DispatchDriverException refused = assertThrows(DispatchDriverException.class,
            () -> driverIn("lb", "lcd-nosuch0").apply(web(new int[] {1, 1, 1})));
        System.out.println("nft dispatch bed: refused apply: " + refused.getMessage());
        assertTrue(refused.getMessage().contains("Interface does not exist"), "nft's own words: "
            + refused.getMessage());
        assertTrue(refused.getMessage().contains("the data plane keeps its previous table"), refused.getMessage());
        String table = exec("ip", "netns", "exec", PFX + "lb", "nft", "list", "table", "netdev", "lcms_dr");
        assertTrue(table.contains("device \"" + DEV + "\"") && !table.contains("lcd-nosuch0"), table);
        spread = burst(200, 24000);
        report("after the refused apply", spread);
        assertEquals(0, spread.get("fail"), "the previous table still serves: " + spread);
        assertEquals(0, spread.getOrDefault("rs3", 0), "and it is the previous one (rs3 draining): " + spread);
    }

    @Test
    void anEstablishedConnectionKeepsItsServerAcrossATakeover() throws Exception {
        DispatchTable table = web(new int[] {2, 1, 1});
        driverIn("lb", DEV).apply(table);
        // The standby loads the same table: inert there (frames for the VIP are not sent to its MAC) until it
        // takes the VIP over and announces it.
        driverIn("bs1", DEV).apply(table);
        assertEquals(0, packets("bs1"), "a standby dispatches nothing");

        Path out = tmp.resolve("hold.out");
        Process hold = client(out, "hold", VIP, "80", "3", "0.02");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Files.readString(out).contains("first=") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        String first = field(Files.readString(out), "first");
        assertTrue(first != null, "the held connection got a first answer: " + Files.readString(out));
        Thread.sleep(700);
        bedRun("takeover", "lb", "bs1");
        assertTrue(hold.waitFor(15, TimeUnit.SECONDS), "bedtool.py hold finished");
        String result = Files.readString(out);
        long dispatchedByBs1 = packets("bs1");
        System.out.println("nft dispatch bed: takeover lb -> bs1, held connection: " + result.strip().replace('\n',
            ' ') + "; bs1 dispatched " + dispatchedByBs1 + " packets");
        assertEquals("none", field(result, "error"), result);
        assertEquals(first, field(result, "servers"), "one server for the whole connection: " + result);
        assertTrue(dispatchedByBs1 > 0, "after the takeover the connection's packets went through bs1");
    }

    /**
     * How long {@link NftDispatchDriver#apply} takes on the bed (not an assertion on time: this machine is shared and
     * noisy; the figures are printed for the README and for before/after comparisons). The typical change is the
     * health checks' one: one real server of a 3-server wrr service out, then back (256 buckets, the default); the
     * structural change adds and removes a second virtual service, so the table itself changes.
     */
    @Test
    void applyLatencyOnTheBed() throws Exception {
        NftDispatchDriver lb = new NftDispatchDriver(DEV, org.lcms.failover.core.BucketPlan.DEFAULT_BUCKETS, new NftDispatchDriver.Commands(
            List.of("ip", "netns", "exec", PFX + "lb", "nft")));
        DispatchTable all = web(new int[] {1, 1, 1});
        DispatchTable rs2Out = web(new int[] {1, 1, 1}, RealServerStatus.UP, RealServerStatus.DOWN);
        DispatchTable twoServices = all.withVirtualService(service(2, VIP, 443, Protocol.TCP, Scheduler.WRR))
            .withRealServer(server(2, 1, "10.77.0.21", 443, 1, RealServerStatus.UP));
        lb.apply(all);
        int n = 40;
        double[] rsChange = timeApplies(lb, n, all, rs2Out);
        double[] structural = timeApplies(lb, n, all, twoServices);
        System.out.printf("nft dispatch bed: apply latency over %d applies (256 buckets): one RS out/in of 3 (wrr) "
            + "median %.1f ms max %.1f ms; a service added/removed median %.1f ms max %.1f ms%n", n,
            rsChange[0], rsChange[1], structural[0], structural[1]);
        lb.apply(rs2Out);
        Map<String, Integer> spread = burst(100, 25000);
        report("after the timed applies (rs2 out)", spread);
        assertEquals(0, spread.get("fail"), spread.toString());
        assertEquals(0, spread.getOrDefault("rs2", 0), "the last table applied serves: " + spread);
    }

    /**
     * When the {@code nft -i} session's process has ended (killed), the next apply starts a new one; when the maps
     * are not what the driver wrote (emptied by hand), nft refuses the element change and the driver loads the whole
     * table with {@code nft -f} instead. Each time the apply lands.
     */
    @Test
    void aDeadSessionOrChangedMapsFallBackToTheWholeTable() throws Exception {
        NftDispatchDriver lb = driverIn("lb", DEV);
        DispatchTable all = web(new int[] {1, 1, 1});
        DispatchTable rs2Out = web(new int[] {1, 1, 1}, RealServerStatus.UP, RealServerStatus.DOWN);
        lb.apply(all);
        long pid = lb.sessionPid();
        assertTrue(pid > 0, "the apply went through nft -i");
        exec("kill", "-9", String.valueOf(pid));
        Thread.sleep(200);
        lb.apply(rs2Out); // through a new session
        Map<String, Integer> spread = burst(100, 26000);
        report("after the session was killed (rs2 out)", spread);
        assertEquals(0, spread.get("fail"), spread.toString());
        assertEquals(0, spread.getOrDefault("rs2", 0), "the apply landed without the session: " + spread);

        lb.apply(all);
        assertTrue(lb.sessionPid() > 0 && lb.sessionPid() != pid, "a new nft -i");
        String map = exec("ip", "netns", "exec", PFX + "lb", "nft", "list", "map", "netdev", "lcms_dr", "vs_1");
        assertTrue(map.contains("10.77.0.22"), map);
        // empty the map by hand: the next element change deletes buckets that are not there, so nft refuses it
        exec("ip", "netns", "exec", PFX + "lb", "nft", "flush", "map", "netdev", "lcms_dr", "vs_1");
        lb.apply(rs2Out);
        spread = burst(100, 27000);
        report("after the maps were emptied by hand (rs2 out)", spread);
        assertEquals(0, spread.get("fail"), "the whole table was loaded again: " + spread);
        assertEquals(0, spread.getOrDefault("rs2", 0), spread.toString());
    }

    /** Median and max in ms of {@code n} applies that alternate between {@code a} and {@code b}. */
    private static double[] timeApplies(NftDispatchDriver driver, int n, DispatchTable a, DispatchTable b)
        throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            driver.apply(i % 2 == 0 ? b : a);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            Thread.sleep(20);
        }
        java.util.Arrays.sort(ms);
        return new double[] {(ms[(n - 1) / 2] + ms[n / 2]) / 2, ms[n - 1]};
    }

    // ---- the bed and its client -------------------------------------------------------------------------------

    Map<String, Integer> burst(int count, int sport0) throws Exception {
        return NetnsBed.burst(bed, PFX, VIP, count, sport0, tmp.resolve("burst-" + sport0), clients);
    }

    /** Each server within 4 binomial standard deviations (+2) of its bucket share, as the bed's selftest. */
    static void checkSpread(String what, Map<String, Integer> spread, int n, Map<String, Integer> buckets) {
        report(what, spread);
        assertEquals(0, spread.get("fail"), what + ": every request is served: " + spread);
        buckets.forEach((rs, b) -> {
            double p = (double) b / BUCKETS;
            double expected = n * p;
            double tolerance = (int) (4 * Math.sqrt(n * p * (1 - p))) + 2;
            int got = spread.getOrDefault(rs, 0);
            assertTrue(got > 0 && Math.abs(got - expected) <= tolerance, what + ": " + rs + " answered " + got
                + ", expected " + expected + " +- " + tolerance + " (" + spread + ")");
        });
    }

    static void report(String what, Map<String, Integer> spread) {
        System.out.println("nft dispatch bed: " + what + ": " + spread);
    }

    /** Packets the director's forwarding rules counted (the sum over its services). */
    long packets(String node) throws Exception {
        String table = exec("ip", "netns", "exec", PFX + node, "nft", "list", "chain", "netdev", "lcms_dr", "ingress");
        long sum = 0;
        for (Matcher m = PACKETS.matcher(table); m.find(); ) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    static String field(String output, String key) {
        Matcher m = Pattern.compile("(?:^|\\s)" + key + "=(\\S+)").matcher(output);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    /** bedtool.py in the client's namespace (bounded in time and count; talks to the VIP only). */
    Process client(Path out, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", PFX + "client", "/usr/bin/python3",
            bed.resolveSibling("bedtool.py").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        clients.add(p);
        return p;
    }

    String bedRun(String... args) throws Exception {
        return NetnsBed.run(bed, PFX, args);
    }

    static String exec(String... cmd) throws Exception {
        return NetnsBed.exec(cmd);
    }
}
