package org.lcms.agent.dispatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The steps of {@link IpvsadmDispatchDriverVmIT}, run inside the VM by {@code src/test/ipvs/dr-bed.sh}, in the
 * client's network namespace: the real {@link IpvsadmDispatchDriver} programs the directors' IPVS (lb, then bs1,
 * through {@code ip netns exec}), and bounded bursts of new connections from the client to the VIP show who
 * serves. It asserts nothing itself: each measurement is one line {@code fact NAME key=value ...} on stdout, which
 * the IT (on the host) checks; an unexpected error ends it with a stack trace and a non-zero exit.
 */
final class IpvsVmScenario {
    private static final int PORT = 80;
    /** Per connection: connect and answer. A burst also stops after a minute whatever its count. */
    private static final int CONNECTION_TIMEOUT_MS = 3000;
    private static final long BURST_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String vip;
    private final String net;

    private IpvsVmScenario(String vip, String net) {
        this.vip = vip;
        this.net = net;
    }

    public static void main(String[] args) throws Exception {
        fact("timing", "guest_uptime_at_main_s=" + Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        new IpvsVmScenario(args[0], args[1]).run();
    }

    private void run() throws Exception {
        // A service LCMS does not own: the driver must leave it alone.
        exec("ip", "netns", "exec", "lb", "ipvsadm", "-A", "-t", net + ".200:8080", "-s", "rr");
        IpvsadmDispatchDriver lb = new IpvsadmDispatchDriver(IpvsadmDispatchDriver.Commands.inNamespace("lb"));

        long t = System.nanoTime();
        lb.apply(table(Scheduler.WRR, new int[] {2, 1}));
        fact("apply", "first_ms=" + millisSince(t));
        fact("sysctl", "conn_reuse_mode=" + exec("ip", "netns", "exec", "lb", "sysctl", "-n",
            "net.ipv4.vs.conn_reuse_mode").strip() + " expire_nodest_conn=" + exec("ip", "netns", "exec", "lb",
            "sysctl", "-n", "net.ipv4.vs.expire_nodest_conn").strip());
        burst("wrr-2:1", 300);

        t = System.nanoTime();
        lb.apply(table(Scheduler.WRR, new int[] {1, 1, 2}));
        fact("apply", "change_ms=" + millisSince(t));
        burst("wrr-1:1:2", 200);
        String before = save("lb");
        lb.apply(table(Scheduler.RR, new int[] {1, 1, 2}));
        fact("scheduler", "edited_in_place=" + (save("lb").contains("-A -t " + vip + ":80 -s rr")
            && before.contains("-A -t " + vip + ":80 -s wrr")));
        burst("rr-1:1:2", 150);

        lb.apply(table(Scheduler.WRR, new int[] {2, 1, 1}, RealServerStatus.UP, RealServerStatus.DOWN));
        burst("wrr-2:1:1-rs2-down", 100);
        fact("down", "rs2_in_ipvs=" + save("lb").contains(net + ".12:80"));
        lb.apply(table(Scheduler.WRR, new int[] {2, 1, 1}));
        burst("wrr-2:1:1-rs2-back", 100);

        // Four connections opened (one full wrr 2:1:1 round, so one of them is rs2's), nothing sent yet; then rs2
        // drains: new connections avoid it, and the held one to rs2 is still answered by rs2.
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(InetAddress.getByName(vip), PORT), CONNECTION_TIMEOUT_MS);
            s.setSoTimeout(CONNECTION_TIMEOUT_MS);
            held.add(s);
        }
        RealServer rs2 = table(Scheduler.WRR, new int[] {2, 1, 1}).realServer(1, 2).orElseThrow();
        VirtualService web = table(Scheduler.WRR, new int[] {2, 1, 1}).virtualService(1).orElseThrow();
        DispatchTableDriver.Connections heldToRs2 = new IpvsadmDispatchDriver(
            IpvsadmDispatchDriver.Commands.inNamespace("lb")).connections(web, rs2);
        lb.apply(table(Scheduler.WRR, new int[] {2, 1, 1}, RealServerStatus.UP, RealServerStatus.DRAINING));
        burst("wrr-2:1:1-rs2-draining", 100);
        Map<String, Integer> answers = new TreeMap<>(Map.of("rs1", 0, "rs2", 0, "rs3", 0));
        for (Socket s : held) {
            try (s) {
                answers.merge(get(s), 1, Integer::sum);
            }
        }
        StringBuilder line = new StringBuilder("rs2_active_before_drain=" + heldToRs2.active());
        answers.forEach((rs, count) -> line.append(" held_answered_by_").append(rs).append('=').append(count));
        fact("draining", line.toString());

        // ipvsadm refuses a multicast real server; the weight edit before it in the same -R run must be undone.
        String kept = save("lb");
        DispatchTable refused = table(Scheduler.WRR, new int[] {5, 1, 1}, RealServerStatus.UP,
            RealServerStatus.DRAINING).withRealServer(new RealServer(1, 4, InetAddress.getByName("224.0.0.9"), PORT,
            1, RealServerStatus.UP, true));
        try {
            lb.apply(refused);
            fact("refused", "thrown=false");
        } catch (DispatchTableDriver.DispatchDriverException e) {
            fact("refused", "thrown=true unchanged=" + save("lb").equals(kept) + " message=" + e.getMessage());
        }
        burst("after-refused", 100);
        fact("foreign", "kept=" + save("lb").contains("-A -t " + net + ".200:8080 -s rr"));

        // Takeover: bs1 gets the same table, the VIP moves to it with a gratuitous ARP, and bs1's IPVS serves.
        DispatchTable last = table(Scheduler.WRR, new int[] {2, 1, 1});
        lb.apply(last);
        IpvsadmDispatchDriver bs1 = new IpvsadmDispatchDriver(IpvsadmDispatchDriver.Commands.inNamespace("bs1"));
        bs1.apply(last);
        fact("takeover-table", "same=" + save("bs1").equals(save("lb").replace(
            "-A -t " + net + ".200:8080 -s rr\n", "")));
        long lbBefore = connectionsIn("lb", last);
        long bs1Before = connectionsIn("bs1", last);
        t = System.nanoTime();
        exec("ip", "-n", "lb", "addr", "del", vip + "/32", "dev", "eth0");
        exec("ip", "-n", "bs1", "addr", "add", vip + "/32", "dev", "eth0");
        String bs1Mac = exec("ip", "netns", "exec", "bs1", "cat", "/sys/class/net/eth0/address").strip();
        int garps = 0;
        while (garps < 3 && !exec("ip", "neigh", "show", vip).contains(bs1Mac)) {
            if (garps > 0) {
                Thread.sleep(1100);   // a neighbour entry ignores updates within locktime (1 s) of the last one
            }
            exec("ip", "netns", "exec", "bs1", "arping", "-q", "-c", "1", "-U", "-I", "eth0", vip);
            garps++;
        }
        fact("takeover", "garps=" + garps + " client_sees_bs1=" + exec("ip", "neigh", "show", vip).contains(bs1Mac)
            + " moved_ms=" + millisSince(t));
        burst("takeover-bs1", 100);
        fact("takeover-connections", "lb_before=" + lbBefore + " lb_after=" + connectionsIn("lb", last)
            + " bs1_before=" + bs1Before + " bs1_after=" + connectionsIn("bs1", last));
        fact("timing", "guest_uptime_at_end_s=" + Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
    }

    /** tcp VIP:80 with rs1.. (10.78.0.11..) of these weights, all UP unless {@code status} says otherwise. */
    private DispatchTable table(Scheduler scheduler, int[] weights, RealServerStatus... status) throws Exception {
        DispatchTable t = DispatchTable.EMPTY.withVirtualService(new VirtualService(1, InetAddress.getByName(vip),
            PORT, Protocol.TCP, scheduler, true));
        for (int i = 0; i < weights.length; i++) {
            t = t.withRealServer(new RealServer(1, i + 1, InetAddress.getByName(net + "." + (11 + i)), PORT,
                weights[i], i < status.length ? status[i] : RealServerStatus.UP, true));
        }
        return t;
    }

    /** Active + inactive connections IPVS in {@code namespace} has for the table's real servers. */
    private static long connectionsIn(String namespace, DispatchTable t) {
        IpvsadmDispatchDriver reader = new IpvsadmDispatchDriver(IpvsadmDispatchDriver.Commands.inNamespace(namespace));
        VirtualService vs = t.virtualService(1).orElseThrow();
        return t.realServersOf(1).stream().map(rs -> reader.connections(vs, rs))
            .mapToLong(c -> c.active() + c.inactive()).sum();
    }

    /** {@code n} new connections to the VIP, one GET each: which real server answered how often. */
    private void burst(String name, int n) throws InterruptedException {
        Map<String, Integer> by = new TreeMap<>(Map.of("rs1", 0, "rs2", 0, "rs3", 0, "fail", 0));
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (System.nanoTime() - start > BURST_LIMIT_NANOS) {
                by.merge("fail", n - i, Integer::sum);
                break;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getByName(vip), PORT), CONNECTION_TIMEOUT_MS);
                s.setSoTimeout(CONNECTION_TIMEOUT_MS);
                by.merge(get(s), 1, Integer::sum);
            } catch (IOException e) {
                by.merge("fail", 1, Integer::sum);
            }
        }
        StringBuilder line = new StringBuilder("n=" + n);
        by.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        fact("split " + name, line + " ms=" + millisSince(start));
    }

    /** One HTTP/1.0 GET on {@code s}; the body is the real server's name. */
    private static String get(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        String body = response.substring(response.lastIndexOf('\n') + 1).strip();
        return body.matches("rs[1-3]") ? body : "other";
    }

    private static String save(String namespace) throws Exception {
        return exec("ip", "netns", "exec", namespace, "ipvsadm", "-S", "-n");
    }

    private static String exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void fact(String name, String values) {
        System.out.println("fact " + name + " " + values);
        System.out.flush();
    }
}
