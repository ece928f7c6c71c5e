package org.lcms.agent.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lcms.agent.dispatch.DispatchTableTest.ip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.dispatch.DispatchTableDriver.DispatchDriverException;

/** The nftables ruleset as text (pure), and the thin process adapter with stand-in commands (no nft needed). */
class NftDispatchDriverTest {
    private static final Pattern MAP = Pattern.compile("map (vs_\\d+) \\{\\s+type mark : ipv4_addr\\s+elements = "
        + "\\{([^}]*)}");
    private static final Pattern ELEMENT = Pattern.compile("(\\d+) : ([0-9.]+)");

    static VirtualService service(int index, String address, int port, Protocol protocol, Scheduler scheduler)
        throws Exception {
        return new VirtualService(index, ip(address), port, protocol, scheduler, true);
    }

    static RealServer server(int vs, int index, String address, int port, int weight, RealServerStatus status)
        throws Exception {
        return new RealServer(vs, index, ip(address), port, weight, status, true);
    }

    /** Three real servers of tcp 10.77.0.100:80, weights 2:1:1, all UP unless {@code status} says otherwise. */
    static DispatchTable web(Scheduler scheduler, RealServerStatus... status) throws Exception {
        DispatchTable t = DispatchTable.EMPTY.withVirtualService(service(1, "10.77.0.100", 80, Protocol.TCP,
            scheduler));
        int[] weights = {2, 1, 1};
        for (int i = 0; i < 3; i++) {
            t = t.withRealServer(server(1, i + 1, "10.77.0." + (21 + i), 80, weights[i],
                i < status.length ? status[i] : RealServerStatus.UP));
        }
        return t;
    }

    /** Map name -> (server address -> number of buckets it has). */
    static Map<String, Map<String, Integer>> bucketsPerServer(String ruleset, int buckets) {
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        Matcher m = MAP.matcher(ruleset);
        while (m.find()) {
            Map<String, Integer> counts = new TreeMap<>();
            Matcher e = ELEMENT.matcher(m.group(2));
            int expected = 0;
            while (e.find()) {
                assertEquals(expected++, Integer.parseInt(e.group(1)), "buckets listed in order, none missing");
                counts.merge(e.group(2), 1, Integer::sum);
            }
            assertEquals(buckets, expected, "every bucket of " + m.group(1) + " has a server");
            out.put(m.group(1), counts);
        }
        return out;
    }

    @Test
    void weightsBecomeBucketSharesAndTheGuardsComeFirst() throws Exception {
        String r = NftDispatchDriver.ruleset("lcd-eth", 64, web(Scheduler.WRR));
        assertEquals(Map.of("vs_1", Map.of("10.77.0.21", 32, "10.77.0.22", 16, "10.77.0.23", 16)),
            bucketsPerServer(r, 64));
        assertTrue(r.startsWith("table netdev lcms_dr {}\ndelete table netdev lcms_dr\ntable netdev lcms_dr {\n"),
            "replaces the table whether it exists or not, in one transaction:\n" + r);
        String hook = "        type filter hook ingress device \"lcd-eth\" priority 0; policy accept;\n"
            + "        meta pkttype != host accept\n"
            + "        meta protocol != ip accept\n"
            + "        ip daddr 10.77.0.100 tcp dport 80 meta mark set jhash ip saddr . tcp sport mod 64 seed "
            + "0x4c434d53 counter fwd ip to meta mark map @vs_1 device \"lcd-eth\"\n"
            + "    }\n}\n";
        assertTrue(r.endsWith(hook), r);
        assertEquals(r, NftDispatchDriver.ruleset("lcd-eth", 64, web(Scheduler.WRR)),
            "a pure function: every director writes the same text for the same table");
    }

    @Test
    void downServersAreOutAndDrainingOnesGetNoBucket() throws Exception {
        String r = NftDispatchDriver.ruleset("eth0", 256, web(Scheduler.WRR, RealServerStatus.UP,
            RealServerStatus.DOWN, RealServerStatus.DRAINING));
        assertEquals(Map.of("vs_1", Map.of("10.77.0.21", 256)), bucketsPerServer(r, 256));

        r = NftDispatchDriver.ruleset("eth0", 256, web(Scheduler.WRR, RealServerStatus.DOWN, RealServerStatus.UP,
            RealServerStatus.UP));
        assertEquals(Map.of("vs_1", Map.of("10.77.0.22", 128, "10.77.0.23", 128)), bucketsPerServer(r, 256));

        r = NftDispatchDriver.ruleset("eth0", 256, web(Scheduler.WRR, RealServerStatus.DOWN,
            RealServerStatus.DRAINING, RealServerStatus.DOWN));
        assertEquals(Map.of(), bucketsPerServer(r, 256), "no server left: no map");
        assertTrue(r.contains("        ip daddr 10.77.0.100 tcp dport 80 counter reject\n"),
            "new flows are refused, as IPVS does for a service without servers:\n" + r);
        assertFalse(r.contains("fwd"), r);
    }

    @Test
    void udpAndTwoVirtualServicesEachHaveTheirMapAndRule() throws Exception {
        DispatchTable t = web(Scheduler.WRR)
            .withVirtualService(service(7, "10.77.0.101", 53, Protocol.UDP, Scheduler.WLC))
            .withRealServer(server(7, 1, "10.77.0.31", 53, 3, RealServerStatus.UP))
            .withRealServer(server(7, 2, "10.77.0.32", 53, 1, RealServerStatus.UP));
        String r = NftDispatchDriver.ruleset("bond0.12", 16, t);
        assertEquals(Map.of("vs_1", Map.of("10.77.0.21", 8, "10.77.0.22", 4, "10.77.0.23", 4),
            "vs_7", Map.of("10.77.0.31", 12, "10.77.0.32", 4)), bucketsPerServer(r, 16));
        assertTrue(r.contains("        ip daddr 10.77.0.101 udp dport 53 meta mark set jhash ip saddr . udp sport mod "
            + "16 seed 0x4c434d53 counter fwd ip to meta mark map @vs_7 device \"bond0.12\"\n"), r);
        assertTrue(r.indexOf("map @vs_1") < r.indexOf("map @vs_7"), "services in index order");
        assertTrue(r.indexOf("meta protocol != ip accept") < r.indexOf("ip daddr"), "guards before any service");
    }

    @Test
    void schedulers() throws Exception {
        String rr = NftDispatchDriver.ruleset("eth0", 60, web(Scheduler.RR));
        assertEquals(Map.of("vs_1", Map.of("10.77.0.21", 20, "10.77.0.22", 20, "10.77.0.23", 20)),
            bucketsPerServer(rr, 60), "rr ignores weights");
        assertEquals(bucketsPerServer(rr, 60), bucketsPerServer(NftDispatchDriver.ruleset("eth0", 60,
            web(Scheduler.LC)), 60), "lc: equal shares (no connection counts)");
        String sh = NftDispatchDriver.ruleset("eth0", 64, web(Scheduler.SH));
        assertTrue(sh.contains("meta mark set jhash ip saddr mod 64 seed 0x4c434d53 counter"),
            "sh hashes the source address only, so a client keeps its server:\n" + sh);
        assertEquals(Map.of("vs_1", Map.of("10.77.0.21", 32, "10.77.0.22", 16, "10.77.0.23", 16)),
            bucketsPerServer(sh, 64));
        assertEquals(bucketsPerServer(sh, 64), bucketsPerServer(NftDispatchDriver.ruleset("eth0", 64,
            web(Scheduler.WLC)), 64), "wlc: shares by weight");
    }

    @Test
    void emptyTableAndServicesOutOfServiceLeaveOnlyTheGuards() throws Exception {
        String empty = NftDispatchDriver.ruleset("eth0", 256, DispatchTable.EMPTY);
        assertFalse(empty.contains("ip daddr"), empty);
        assertTrue(empty.contains("meta pkttype != host accept"), empty);
        DispatchTable off = web(Scheduler.WRR).withVirtualService(new VirtualService(1, ip("10.77.0.100"), 80,
            Protocol.TCP, Scheduler.WRR, false));
        assertEquals(empty, NftDispatchDriver.ruleset("eth0", 256, off));
    }

    @Test
    void refusesWhatItCannotDo() throws Exception {
        DispatchTable v6 = DispatchTable.EMPTY.withVirtualService(service(2, "2001:db8::10", 80, Protocol.TCP,
            Scheduler.WRR));
        DispatchDriverException e = assertThrows(DispatchDriverException.class,
            () -> NftDispatchDriver.ruleset("eth0", 256, v6));
        assertTrue(e.getMessage().contains("IPv4 virtual services only"), e.getMessage());
        var quoted = assertThrows(IllegalArgumentException.class,
            () -> new NftDispatchDriver("eth0\" accept", 256, NftDispatchDriver.Commands.system()));
        assertTrue(quoted.getMessage().contains("serviceInterface"), quoted.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> new NftDispatchDriver("eth0", 0, NftDispatchDriver.Commands.system()));
        assertThrows(IllegalArgumentException.class,
            () -> new NftDispatchDriver("eth0", 65_537, NftDispatchDriver.Commands.system()));
    }

    @Test
    void aServerDownChangesOnlyItsBucketsAndAnythingElseTheWholeTable() throws Exception {
        var all = NftDispatchDriver.layout("eth0", 16, web(Scheduler.WRR));
        var rs2Down = NftDispatchDriver.layout("eth0", 16, web(Scheduler.WRR, RealServerStatus.UP,
            RealServerStatus.DOWN));
        assertTrue(all.sameStructure(rs2Down), "the same rules and maps: only elements change");
        String change = all.elementChanges(rs2Down);
        // weights 2:1:1 over 16 buckets: rs2's 4 buckets go to rs1 and rs3, the other 12 stay where they are
        Matcher deleted = Pattern.compile("^delete element netdev lcms_dr vs_1 \\{ ([0-9, ]+) }; add element netdev "
            + "lcms_dr vs_1 \\{ ([^}]+) }$").matcher(change);
        assertTrue(deleted.matches(), change);
        assertEquals(4, deleted.group(1).split(", ").length, change);
        assertFalse(deleted.group(2).contains("10.77.0.22"), change);
        assertEquals("", all.elementChanges(all), "nothing to change");

        var anotherPort = NftDispatchDriver.layout("eth0", 16, web(Scheduler.WRR).withVirtualService(service(2,
            "10.77.0.100", 443, Protocol.TCP, Scheduler.WRR)));
        assertFalse(all.sameStructure(anotherPort), "a new service is a new rule");
        var allDown = NftDispatchDriver.layout("eth0", 16, web(Scheduler.WRR, RealServerStatus.DOWN,
            RealServerStatus.DOWN, RealServerStatus.DOWN));
        assertFalse(all.sameStructure(allDown), "no server left: the map gives way to a reject rule");
        assertFalse(all.sameStructure(NftDispatchDriver.layout("eth1", 16, web(Scheduler.WRR))));
    }

    @Test
    void theOneLineFormHoldsWhatTheScriptHolds() throws Exception {
        var l = NftDispatchDriver.layout("eth0", 8, web(Scheduler.WRR));
        String line = l.commands();
        assertFalse(line.contains("\n"), "nft -i takes one line as one transaction");
        assertTrue(line.startsWith("table netdev lcms_dr {}; delete table netdev lcms_dr; add table netdev lcms_dr; "
            + "add set netdev lcms_dr applied { type mark; }; "), line);
        assertTrue(line.contains("add element netdev lcms_dr vs_1 { 0 : 10.77.0.2"), line);
        assertTrue(line.endsWith("add chain netdev lcms_dr ingress { type filter hook ingress device \"eth0\" "
            + "priority 0; policy accept; }; add rule netdev lcms_dr ingress meta pkttype != host accept; add rule "
            + "netdev lcms_dr ingress meta protocol != ip accept; add rule netdev lcms_dr ingress ip daddr 10.77.0.100 "
            + "tcp dport 80 meta mark set jhash ip saddr . tcp sport mod 8 seed 0x4c434d53 counter fwd ip to meta "
            + "mark map @vs_1 device \"eth0\""), line);
        assertEquals(bucketsPerServer(l.ruleset(), 8).get("vs_1").size(), 3);
    }

    @Test
    void applyPipesTheRulesetToNftAndReportsWhatNftSaid(@TempDir Path dir) throws Exception {
        Path got = dir.resolve("stdin");
        // "nft -f -" is appended: for sh -c SCRIPT they become $0 and $1
        var recorder = new NftDispatchDriver("eth0", 8, new NftDispatchDriver.Commands(List.of("sh", "-c",
            "cat > '" + got + "'; echo \"$0 $1\" >> '" + got + "'"), false));
        recorder.prepare(web(Scheduler.WRR));
        assertFalse(Files.exists(got), "prepare renders only: nft is not run");
        recorder.apply(web(Scheduler.WRR));
        assertEquals(NftDispatchDriver.ruleset("eth0", 8, web(Scheduler.WRR)) + "-f -\n", Files.readString(got),
            "the prepared table is the table");
        assertEquals(DispatchTableDriver.Connections.NONE, recorder.connections(null, null));

        var refusing = new NftDispatchDriver("eth0", 8, new NftDispatchDriver.Commands(List.of("sh", "-c",
            "cat > /dev/null; echo 'Error: Interface does not exist' >&2; exit 1"), false));
        DispatchDriverException e = assertThrows(DispatchDriverException.class,
            () -> refusing.apply(web(Scheduler.WRR)));
        assertEquals("nft refused the dispatch table for eth0 (exit 1): Error: Interface does not exist; the data "
            + "plane keeps its previous table", e.getMessage());

        var missing = new NftDispatchDriver("eth0", 8, new NftDispatchDriver.Commands(List.of(
            dir.resolve("no-such-nft").toString())));
        e = assertThrows(DispatchDriverException.class, () -> missing.apply(DispatchTable.EMPTY));
        assertTrue(e.getMessage().contains("install nftables"), e.getMessage());
    }
}
