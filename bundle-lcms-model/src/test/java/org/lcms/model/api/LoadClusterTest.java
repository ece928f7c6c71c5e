package org.lcms.model.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadClusterTest {
    static final VirtualService SERVICE = new VirtualService(IpAddress.parse("192.0.2.100"), 80, ServiceProtocol.TCP);

    static LoadCluster web() {
        return LoadCluster.of("web", SERVICE, Scheduler.WLC).withLoadBalancer("lb1").withBackups(List.of("bs1", "bs2"))
            .withRealServer("web1", 1).withRealServer("web2", 2).withRealServer("web3", 3);
    }

    static List<String> hosts(LoadCluster c) {
        return c.realServers().stream().map(RealServerMember::host).toList();
    }

    @Test
    void newClusterIsInactiveAndEmpty() {
        LoadCluster c = LoadCluster.of("web", SERVICE, Scheduler.RR);
        assertFalse(c.active());
        assertFalse(c.hasLoadBalancer());
        assertEquals("", c.loadBalancer());
        assertEquals(List.of(), c.backups());
        assertEquals(List.of(), c.realServers());
        assertEquals(Revision.NEW, c.revision());
        assertEquals(Set.of(), c.memberHosts());
    }

    @Test
    void withBackupInsertsAtItsRank() {
        assertEquals(List.of("bs3", "bs1", "bs2"), web().withBackup("bs3", 1).backups());
        assertEquals(List.of("bs1", "bs3", "bs2"), web().withBackup("bs3", 2).backups());
        assertEquals(List.of("bs1", "bs2", "bs3"), web().withBackup("bs3", 3).backups());
        assertEquals(List.of("bs1", "bs2", "bs3"), web().withBackup("bs3", 99).backups());
        assertEquals(List.of("bs3", "bs1", "bs2"), web().withBackup("bs3", 0).backups());
    }

    @Test
    void withBackupMovesAnExistingBackup() {
        assertEquals(List.of("bs2", "BS1"), web().withBackup("BS1", 2).backups());
        assertEquals(List.of("bs2", "bs1"), web().withBackup("bs2", 1).backups());
    }

    @Test
    void withoutBackupRemovesIgnoringCase() {
        assertEquals(List.of("bs2"), web().withoutBackup("BS1").backups());
        assertEquals(List.of("bs1", "bs2"), web().withoutBackup("bs9").backups());
    }

    @Test
    void backupRankIsOneBased() {
        assertEquals(1, web().backupRank("bs1"));
        assertEquals(2, web().backupRank("BS2"));
        assertEquals(0, web().backupRank("lb1"));
        assertEquals(0, web().backupRank("web1"));
    }

    @Test
    void withRealServerAppendsANewOne() {
        LoadCluster c = web().withRealServer("web4", 4);
        assertEquals(List.of("web1", "web2", "web3", "web4"), hosts(c));
        assertEquals(4, c.realServer("WEB4").orElseThrow().weight());
    }

    @Test
    void withRealServerReplacesTheWeightKeepingThePlace() {
        LoadCluster c = web().withRealServer("web2", 9);
        assertEquals(List.of(new RealServerMember("web1", 1), new RealServerMember("web2", 9),
            new RealServerMember("web3", 3)), c.realServers());
        assertEquals(3, web().withRealServer("WEB2", 0).realServers().size());
        assertEquals(1, web().withRealServer("WEB2", 0).realServers().indexOf(new RealServerMember("WEB2", 0)));
    }

    @Test
    void withoutRealServerRemovesIgnoringCase() {
        assertEquals(List.of("web1", "web3"), hosts(web().withoutRealServer("WEB2")));
        assertEquals(List.of("web1", "web2", "web3"), hosts(web().withoutRealServer("web9")));
    }

    @Test
    void roleOfIgnoresCase() {
        LoadCluster c = web();
        assertEquals(Role.LOAD_BALANCER, c.roleOf("LB1"));
        assertEquals(Role.BACKUP_SERVER, c.roleOf("bs2"));
        assertEquals(Role.REAL_SERVER, c.roleOf("Web3"));
        assertEquals(Role.NONE, c.roleOf("web9"));
    }
    @Test
    void anEmptyNameHasNoRole() {
        LoadCluster noLb = LoadCluster.of("web", SERVICE, Scheduler.RR).withRealServer("web1", 1);
        assertEquals(Role.NONE, noLb.roleOf(""));
        Inventory inv = new Inventory(1, List.of(), List.of(noLb), List.of());
        assertEquals(List.of(), inv.clustersUsing(""));
        assertEquals(HostRole.NONE, inv.roleOf(""));
    }

    @Test
    void memberHostsListsEachHostOnceInRoleOrder() {
        assertEquals(List.of("lb1", "bs1", "bs2", "web1", "web2", "web3"), new ArrayList<>(web().memberHosts()));
        LoadCluster odd = web().withRealServers(List.of(new RealServerMember("bs1", 1)));
        assertEquals(List.of("lb1", "bs1", "bs2"), new ArrayList<>(odd.memberHosts()));
    }

    @Test
    void listsAreImmutableCopies() {
        List<String> backups = new ArrayList<>(List.of("bs1"));
        LoadCluster c = web().withBackups(backups);
        backups.add("bs2");
        assertEquals(List.of("bs1"), c.backups());
        assertThrows(UnsupportedOperationException.class, () -> c.backups().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> c.realServers().clear());
    }

    @Test
    void withersKeepTheOtherFields() {
        LoadCluster c = web().withActive(true).withDescription("shop").withScheduler(Scheduler.SH);
        assertTrue(c.active());
        assertEquals("shop", c.description());
        assertEquals(Scheduler.SH, c.scheduler());
        assertEquals(web().realServers(), c.realServers());
        assertEquals(web().backups(), c.backups());
        assertEquals("lb1", c.loadBalancer());
    }

    @Test
    void serviceIsPrintedWithBracketsForIpv6() {
        assertEquals("192.0.2.100:80/tcp", SERVICE.toString());
        assertEquals("[2001:db8::10]:53/udp",
            new VirtualService(IpAddress.parse("2001:db8:0::10"), 53, ServiceProtocol.UDP).toString());
    }

    @Test
    void aChangeOfARealServerNeedsItToBeOne() {
        LoadCluster c = LoadCluster.of("web", SERVICE, Scheduler.RR).withRealServer("web1", 3);
        assertEquals(3, c.requireRealServer("WEB1").weight());
        ModelException e = assertThrows(ModelException.class, () -> c.requireRealServer("lb1"));
        assertEquals(Rule.NOT_FOUND, e.rule());
        assertEquals("[rule not-found] host lb1 is not a real server of cluster web (its real servers: web1); "
            + "lcms:cluster-show web shows its members", e.getMessage());
    }
}
