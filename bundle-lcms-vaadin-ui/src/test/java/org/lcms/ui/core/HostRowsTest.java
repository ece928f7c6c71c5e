package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Role;
import org.lcms.model.api.RoleState;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.snmp.api.HostLiveState;
import org.lcms.snmp.api.Reachability;
import org.lcms.snmp.api.RoleAssignment;
import org.lcms.snmp.api.RoleReport;

class HostRowsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Host LB = Host.of("lb-1", IpAddress.parse("10.0.0.10")).withRolePotential(EnumSet.of(
        Role.LOAD_BALANCER, Role.BACKUP_SERVER));
    private static final Host WEB = Host.of("web-1", IpAddress.parse("10.0.0.9")).withRolePotential(EnumSet.of(
        Role.REAL_SERVER)).withSnmpProfile("it");
    private static final Host V6 = Host.of("Alpha", IpAddress.parse("2001:db8::1"));
    private static final LoadCluster WWW = LoadCluster.of("www",
            new VirtualService(IpAddress.parse("10.0.0.100"), 80, ServiceProtocol.parse("tcp")), Scheduler.parse("wlc"))
        .withLoadBalancer("lb-1").withRealServers(List.of(new RealServerMember("web-1", 1)));
    private static final Inventory MODEL = new Inventory(3, List.of(LB, WEB, V6), List.of(WWW), List.of());

    @Test
    void withoutLiveStateTheModelIsShownAndTheGapNamed() {
        List<HostRow> rows = HostRows.of(MODEL, Optional.empty());
        assertEquals(List.of("Alpha", "lb-1", "web-1"), rows.stream().map(HostRow::name).toList(), "by name");
        HostRow web = rows.get(2);
        assertEquals("10.0.0.9", web.address());
        assertEquals("rs", web.potential());
        assertEquals("it", web.snmpProfile());
        assertEquals("rs of www", web.modelRole());
        assertEquals(HostRows.NO_LIVE_STATE, web.reachable());
        assertEquals("", web.rttText());
        assertEquals("lb, bs", rows.get(1).potential());
        assertEquals("none", rows.get(0).modelRole());
    }

    @Test
    void liveStateGivesReachabilityRttRoleAssignmentAndProblem() {
        HostLiveState lb = new HostLiveState("lb-1", "10.0.0.10/161", Reachability.REACHABLE, T0, T0, 1234, 0, "",
            Optional.empty(), new RoleReport(Role.LOAD_BALANCER, RoleState.ACTIVE, "www", "10.0.0.100", 0, 1, ""),
            List.of(), List.of(), List.of());
        HostLiveState web = new HostLiveState("web-1", "10.0.0.9/161", Reachability.UNREACHABLE, T0, null, 0, 3,
            "timeout after 300 ms", Optional.empty(), RoleReport.NONE, List.of(), List.of(), List.of());
        ClusterStateSnapshot s = new ClusterStateSnapshot(T0, 3, Map.of("lb-1", lb, "web-1", web), Map.of(), Map.of(
            "lb-1", new RoleAssignment("lb-1", "lb of www", RoleAssignment.Status.IN_SYNC, 0, "", T0),
            "web-1", new RoleAssignment("web-1", "rs of www", RoleAssignment.Status.WAITING_FOR_HOST, 2, "", T0)));
        List<HostRow> rows = HostRows.of(MODEL, Optional.of(s));
        HostRow l = rows.get(1);
        assertEquals("reachable", l.reachable());
        assertEquals("1.2 ms", l.rttText());
        assertEquals("lb active", l.liveRole());
        assertEquals("in sync", l.assignment());
        HostRow w = rows.get(2);
        assertEquals("unreachable", w.reachable());
        assertEquals(-1, w.rttMicros(), "no answered poll, no RTT");
        assertEquals("waiting for host: rs of www", w.assignment());
        assertEquals("timeout after 300 ms", w.problem());
        assertEquals("not polled yet", rows.get(0).reachable(), "a host the snapshot does not have yet");
    }

    @Test
    void theFilterMatchesNameAddressAndRolesCaseInsensitivelyEveryWord() {
        List<HostRow> rows = HostRows.of(MODEL, Optional.empty());
        assertEquals(List.of("web-1"), names(rows, "WEB"));
        assertEquals(List.of("web-1"), names(rows, "10.0.0.9"));
        assertEquals(List.of("Alpha"), names(rows, "2001:db8"));
        assertEquals(List.of("Alpha", "web-1"), names(rows, "rs"), "potential rs (Alpha may take every role)");
        assertEquals(List.of("web-1"), names(rows, "rs of www"), "the model role, every word");
        assertEquals(List.of("Alpha", "lb-1", "web-1"), names(rows, "  "));
        assertEquals(List.of(), names(rows, "nothing-like-this"));
    }

    @Test
    void addressesSortNumericallyV4BeforeV6AndRttPutsUnmeasuredLast() {
        List<HostRow> rows = new ArrayList<>(HostRows.of(MODEL, Optional.empty()));
        rows.sort(HostRows.order("address"));
        assertEquals(List.of("web-1", "lb-1", "Alpha"), rows.stream().map(HostRow::name).toList(),
            "10.0.0.9 < 10.0.0.10 (not as text) < 2001:db8::1");
        HostRow a = row("a", 5000);
        HostRow b = row("b", -1);
        HostRow c = row("c", 200);
        List<HostRow> byRtt = new ArrayList<>(List.of(a, b, c));
        byRtt.sort(HostRows.order("rtt"));
        assertEquals(List.of("c", "a", "b"), byRtt.stream().map(HostRow::name).toList());
        for (String key : HostRows.SORT_KEYS) {
            assertTrue(HostRows.order(key).compare(a, a) == 0, key);
        }
        assertThrows(IllegalArgumentException.class, () -> HostRows.order("colour"));
        assertFalse(HostRows.matches(a, "zzz"));
    }

    private static HostRow row(String name, long rtt) {
        return new HostRow(name, "10.0.0.1", "4:0a000001", "rs", "default", 1, "", "none", "reachable", rtt, "", "",
            "", 1);
    }

    private static List<String> names(List<HostRow> rows, String filter) {
        return rows.stream().filter(r -> HostRows.matches(r, filter)).map(HostRow::name).toList();
    }

    @Test
    void aThousandHostsInAHundredClustersAreBuiltFilteredAndSortedQuickly() {
        List<Host> hosts = new ArrayList<>();
        List<LoadCluster> clusters = new ArrayList<>();
        Map<String, HostLiveState> live = new java.util.HashMap<>();
        for (int c = 0; c < 100; c++) {
            List<RealServerMember> rs = new ArrayList<>();
            for (int h = 0; h < 10; h++) {
                String name = "h-" + c + "-" + h;
                hosts.add(Host.of(name, IpAddress.parse("10.1." + c + "." + (h + 1))));
                live.put(name, new HostLiveState(name, "10.1." + c + "." + (h + 1) + "/161", Reachability.REACHABLE,
                    T0, T0, 100 + h, 0, "", Optional.empty(), RoleReport.NONE, List.of(), List.of(), List.of()));
                if (h > 0) {
                    rs.add(new RealServerMember(name, 1));
                }
            }
            clusters.add(LoadCluster.of("c" + c, new VirtualService(IpAddress.parse("10.2." + c + ".1"), 80,
                ServiceProtocol.parse("tcp")), Scheduler.parse("wlc")).withLoadBalancer("h-" + c + "-0")
                .withRealServers(rs));
        }
        Inventory big = new Inventory(1, hosts, clusters, List.of());
        ClusterStateSnapshot s = new ClusterStateSnapshot(T0, 1, live, Map.of(), Map.of());
        long t0 = System.nanoTime();
        List<HostRow> rows = new ArrayList<>(HostRows.of(big, Optional.of(s)));
        rows.sort(HostRows.order("address"));
        long ofC42 = rows.stream().filter(r -> HostRows.matches(r, "c42")).count();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1000, rows.size());
        assertEquals(10, ofC42, "the lb and 9 real servers of cluster c42");
        assertEquals("rs of c7", rows.stream().filter(r -> r.name().equals("h-7-3")).findFirst().orElseThrow()
            .modelRole());
        assertTrue(millis < 500, "1,000 host rows built, sorted and filtered in " + millis + " ms");
    }
}
