package org.lcms.agent.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The VIP control on a real interface, in two network namespaces made by the test ("director" and "client" on a
 * veth pair): a take puts the VIP on the interface and the kernel's gratuitous ARP corrects the client's stale
 * neighbour entry at once and again a second later; a release removes the VIP and cancels the second
 * announcement. Needs root, iproute2 and nftables: without them it fails, saying so.
 */
class LinuxVipControlNetnsTest {
    private static final String VIP = "192.0.2.100";
    private static final String STALE_MAC = "02:00:00:00:00:99";
    private final String director = "lcms-vipd-" + ProcessHandle.current().pid();
    private final String client = "lcms-vipc-" + ProcessHandle.current().pid();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private LinuxVipControl control;

    @BeforeEach
    void createNamespaces() throws Exception {
        assertEquals("root", System.getProperty("user.name"),
            "this test configures network namespaces and needs root (CI runs as root)");
        sh("ip", "netns", "add", director);
        sh("ip", "netns", "add", client);
        sh("ip", "-n", director, "link", "add", "svc0", "type", "veth", "peer", "name", "cl0", "netns", client);
        sh("ip", "-n", director, "link", "set", "svc0", "up");
        sh("ip", "-n", client, "link", "set", "cl0", "up");
        sh("ip", "-n", director, "addr", "add", "192.0.2.1/24", "dev", "svc0");
        sh("ip", "-n", client, "addr", "add", "192.0.2.2/24", "dev", "cl0");
        List<String> in = List.of("ip", "netns", "exec", director);
        control = new LinuxVipControl(Map.of("web", new LinuxVipControl.Vip(VIP, "svc0")),
            new LinuxVipControl.Commands(with(in, "ip"), with(in, "nft"), with(in, "arping"), with(in, "sysctl")),
            () -> System.nanoTime() / 1_000_000, log::add);
    }

    @AfterEach
    void deleteNamespaces() throws Exception {
        if (control != null) {
            control.close();
        }
        sh("ip", "netns", "del", director);
        sh("ip", "netns", "del", client);
    }

    @Test
    void aTakeAnnouncesTheVipTwiceThroughTheKernelAndAReleaseStopsIt() throws Exception {
        assertEquals("1", sh("ip", "netns", "exec", director, "sysctl", "-n", "net/ipv4/conf/svc0/arp_notify"));
        String mac = macOf("svc0");
        makeStale();

        long now = System.nanoTime() / 1_000_000;
        long t0 = System.nanoTime();
        control.take("web", 1, now + 60_000, "test");
        while (log.stream().noneMatch(l -> l.contains("took the VIP")) && System.nanoTime() - t0 < 2_000_000_000L) {
            Thread.sleep(1);
        }
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        long firstMs = waitForClientEntry(mac, 1000);
        assertTrue(sh("ip", "-n", director, "-o", "addr", "show", "dev", "svc0").contains("inet " + VIP + "/32"));
        assertTrue(firstMs >= 0, "the client's neighbour entry for the VIP was not corrected within 1 s: "
            + sh("ip", "-n", client, "neigh", "show") + " log " + log);
        assertEquals(mac, macOf("svc0"), "announcing must not change the interface's address");
        assertTrue(log.stream().anyMatch(l -> l.contains("announced by the kernel")), log.toString());
        System.out.printf("VIP on the interface and announced %d ms after take(); the client's entry seen corrected"
            + " %d ms later (polled with ip neigh)%n", tookMs, firstMs);

        makeStale(); // the second announcement, a second after the take, corrects it again
        assertTrue(waitForClientEntry(mac, 1500) >= 0, "no second announcement: "
            + sh("ip", "-n", client, "neigh", "show"));

        control.release("web", 1, "test");
        waitUntil(() -> !sh("ip", "-n", director, "-o", "addr", "show", "dev", "svc0").contains(VIP), 2000);
        assertFalse(sh("ip", "-n", director, "-o", "addr", "show", "dev", "svc0").contains(VIP));

        makeStale();
        long t1 = System.nanoTime();
        control.take("web", 2, System.nanoTime() / 1_000_000 + 60_000, "test again");
        while (log.stream().filter(l -> l.contains("took the VIP")).count() < 2
            && System.nanoTime() - t1 < 2_000_000_000L) {
            Thread.sleep(1);
        }
        System.out.printf("second take: on the interface and announced %d ms after take()%n",
            (System.nanoTime() - t1) / 1_000_000);
        assertTrue(waitForClientEntry(mac, 1000) >= 0);
        control.release("web", 2, "given up before its second announcement");
        makeStale();
        Thread.sleep(1500);
        assertTrue(sh("ip", "-n", client, "neigh", "show", VIP).contains(STALE_MAC),
            "a VIP given up was announced again: " + sh("ip", "-n", client, "neigh", "show"));
    }

    private void makeStale() throws Exception {
        sh("ip", "-n", client, "neigh", "replace", VIP, "lladdr", STALE_MAC, "dev", "cl0", "nud", "stale");
    }

    /** Milliseconds until the client's entry for the VIP is {@code mac}, or -1. */
    private long waitForClientEntry(String mac, long withinMs) throws Exception {
        long t0 = System.nanoTime();
        while ((System.nanoTime() - t0) / 1_000_000 < withinMs) {
            if (sh("ip", "-n", client, "neigh", "show", VIP).contains(mac)) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            Thread.sleep(5);
        }
        return -1;
    }

    private String macOf(String device) throws Exception {
        String link = sh("ip", "-n", director, "-o", "link", "show", "dev", device);
        return link.replaceAll(".*link/ether ([0-9a-f:]{17}).*", "$1").trim();
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitUntil(Check check, long withinMs) throws Exception {
        long t0 = System.nanoTime();
        while (!check.ok() && (System.nanoTime() - t0) / 1_000_000 < withinMs) {
            Thread.sleep(10);
        }
    }

    private static List<String> with(List<String> prefix, String command) {
        List<String> c = new ArrayList<>(prefix);
        c.add(command);
        return c;
    }

    private static String sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
