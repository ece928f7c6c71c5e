package org.lcms.agent.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The ipvsadm driver on real IPVS: this host's kernel may have none, so {@code bed/ipvs-vm.sh} boots a stock
 * Debian 6.1 kernel in qemu (the kernel .deb is downloaded into ~/.cache/lcms-ipvs-vm on the first run), where
 * {@code src/test/ipvs/dr-bed.sh} builds client, lb, bs1 and rs1..rs3 namespaces on a bridge and runs
 * {@link IpvsVmScenario} from this build's classes. The scenario reports what it measured; this test checks it.
 * Needs root, qemu-system-x86, busybox-static, xz-utils, ipvsadm, iproute2 and iputils-arping: without them it
 * fails, saying what to install.
 *
 * <p>Splits are checked against the weights within a binomial tolerance (4 standard deviations), although IPVS's
 * wrr and rr are deterministic and land on the exact shares.
 */
class IpvsadmDispatchDriverVmIT {
    private static final long VM_TIMEOUT_SECONDS = 300;

    @Test
    void weightsSchedulersDownDrainingARefusalAndATakeoverOnRealIpvs() throws Exception {
        Path module = Path.of(System.getProperty("user.dir"));
        Path vm = module.resolveSibling("bed").resolve("ipvs-vm.sh");
        Path bed = module.resolve("src/test/ipvs/dr-bed.sh");
        requirePrerequisites(vm, bed);

        long start = System.nanoTime();
        Process p = new ProcessBuilder(vm.toString(), "--timeout", Long.toString(VM_TIMEOUT_SECONDS), "--",
            bed.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            System.getProperty("java.class.path")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(VM_TIMEOUT_SECONDS + 30, TimeUnit.SECONDS), "the VM run ended: " + out);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(out.strip().replaceAll("(?m)^", "ipvs VM: "));
        assertEquals(0, p.exitValue(), "bed/ipvs-vm.sh -- dr-bed.sh exit code (124: timeout, 125: the VM failed): "
            + out);
        Map<String, Map<String, String>> facts = facts(out);

        assertEquals(Map.of("conn_reuse_mode", "2", "expire_nodest_conn", "1"), facts.get("sysctl"),
            "the driver set the director's IPVS sysctls");
        assertSplit(facts, "wrr-2:1", 2, 1, 0);
        assertSplit(facts, "wrr-1:1:2", 1, 1, 2);
        assertEquals("true", facts.get("scheduler").get("edited_in_place"), "wrr -> rr edits the service (-E)");
        assertSplit(facts, "rr-1:1:2", 1, 1, 1);
        assertSplit(facts, "wrr-2:1:1-rs2-down", 2, 0, 1);
        assertEquals("false", facts.get("down").get("rs2_in_ipvs"), "a DOWN real server is out of IPVS");
        assertSplit(facts, "wrr-2:1:1-rs2-back", 2, 1, 1);
        assertSplit(facts, "wrr-2:1:1-rs2-draining", 2, 0, 1);
        Map<String, String> draining = facts.get("draining");
        assertTrue(Long.parseLong(draining.get("rs2_active_before_drain")) >= 1,
            "connections() reports the held connection to rs2 as active: " + draining);
        assertEquals(List.of("2", "1", "1"), List.of(draining.get("held_answered_by_rs1"),
            draining.get("held_answered_by_rs2"), draining.get("held_answered_by_rs3")),
            "the four held connections (one wrr 2:1:1 round) are all answered, the one to rs2 by rs2 although it "
            + "drains: " + draining);

        Map<String, String> refused = facts.get("refused");
        assertEquals("true", refused.get("thrown"), "a table ipvsadm refuses is an error: " + refused);
        assertEquals("true", refused.get("unchanged"), "IPVS holds the previous table, weight edit undone");
        String message = out.substring(out.indexOf("fact refused"), out.indexOf('\n', out.indexOf("fact refused")));
        assertTrue(message.contains("Invalid operation") && message.contains("224.0.0.9")
            && message.contains("IPVS keeps its previous table"), "ipvsadm's words, the lines, the outcome: " + message);
        assertSplit(facts, "after-refused", 2, 0, 1);
        assertEquals("true", facts.get("foreign").get("kept"), "a service LCMS does not own is left alone");

        assertEquals("true", facts.get("takeover-table").get("same"), "bs1 holds the table lb held");
        assertEquals("true", facts.get("takeover").get("client_sees_bs1"), "the gratuitous ARP moved the VIP");
        assertSplit(facts, "takeover-bs1", 2, 1, 1);
        Map<String, String> c = facts.get("takeover-connections");
        // lb's old entries may expire meanwhile (FIN_WAIT lasts 2 minutes), so its count may fall, never grow
        assertTrue(Long.parseLong(c.get("lb_after")) <= Long.parseLong(c.get("lb_before")),
            "after the takeover lb's IPVS gets no connection: " + c);
        assertTrue(Long.parseLong(c.get("bs1_after")) - Long.parseLong(c.get("bs1_before")) >= 95,
            "bs1's IPVS scheduled the connections served after the takeover: " + c);

        Map<String, String> wrr = facts.get("split wrr-2:1");
        System.out.printf("[lcms-itest] ipvsadm driver on real IPVS (qemu VM): %.0f s in all, guest booted to the "
            + "scenario in %s s, wrr 2:1 gave rs1=%s rs2=%s of %s%n", seconds,
            facts.get("timing").getOrDefault("guest_uptime_at_main_s", "?"), wrr.get("rs1"), wrr.get("rs2"),
            wrr.get("n"));
    }

    /**
     * Every real server's share of the served connections is its weight's share, within 4 standard deviations
     * (plus one for rounding); none fails; a weight 0 gets none at all.
     */
    static void assertSplit(Map<String, Map<String, String>> facts, String name, int... weights) {
        Map<String, String> split = facts.get("split " + name);
        assertTrue(split != null, "the scenario measured " + name + ": " + facts.keySet());
        int n = Integer.parseInt(split.get("n"));
        assertEquals("0", split.get("fail"), name + ": every connection is served: " + split);
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        for (int i = 0; i < weights.length; i++) {
            int got = Integer.parseInt(split.get("rs" + (i + 1)));
            double p = (double) weights[i] / total;
            double tolerance = 4 * Math.sqrt(n * p * (1 - p)) + 1;
            if (weights[i] == 0) {
                assertEquals(0, got, name + ": rs" + (i + 1) + " (weight 0 or out) gets no new connection: " + split);
            } else {
                assertTrue(Math.abs(got - n * p) <= tolerance, name + ": rs" + (i + 1) + " got " + got + " of " + n
                    + ", expected " + n * p + " +- " + tolerance + ": " + split);
            }
        }
    }

    /** {@code fact NAME[ SUBNAME] key=value ...} lines: "split wrr-2:1" -> {n=300, rs1=200, ...}. */
    static Map<String, Map<String, String>> facts(String out) {
        Map<String, Map<String, String>> facts = new HashMap<>();
        for (String line : out.split("\n")) {
            if (!line.startsWith("fact ")) {
                continue;
            }
            String[] words = line.substring(5).strip().split(" ");
            String name = words[0].equals("split") ? "split " + words[1] : words[0];
            Map<String, String> values = facts.computeIfAbsent(name, k -> new HashMap<>());
            for (String word : words) {
                int eq = word.indexOf('=');
                if (eq > 0) {
                    values.putIfAbsent(word.substring(0, eq), word.substring(eq + 1));
                }
            }
        }
        return facts;
    }

    /** Root and the tools of the VM and the bed, or a failure that says what to install. */
    static void requirePrerequisites(Path vm, Path bed) throws Exception {
        assertEquals("root", System.getProperty("user.name"),
            "this test boots a VM whose guest runs as root the host's binaries; it needs root (CI runs as root)");
        for (String tool : List.of("qemu-system-x86_64:qemu-system-x86", "busybox:busybox-static", "xz:xz-utils",
            "ipvsadm:ipvsadm", "ip:iproute2", "arping:iputils-arping")) {
            String[] t = tool.split(":");
            assertEquals(0, new ProcessBuilder("sh", "-c", "command -v " + t[0] + " || [ -x /usr/sbin/" + t[0]
                + " ]").start().waitFor(), t[0] + " is missing: apt-get install -y " + t[1]);
        }
        assertTrue(Files.isExecutable(vm), vm + " is missing");
        assertTrue(Files.isExecutable(bed), bed + " is missing");
    }
}
