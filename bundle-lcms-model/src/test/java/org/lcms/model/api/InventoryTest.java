package org.lcms.model.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryTest {

    static Host host(String name, String address) {
        return Host.of(name, IpAddress.parse(address));
    }

    static LoadCluster cluster(String id, String vip) {
        return LoadCluster.of(id, new VirtualService(IpAddress.parse(vip), 80, ServiceProtocol.TCP), Scheduler.RR);
    }

    /** web1 is RS of api and web; lb1 LB of web; bs1 backup of web; spare unused. */
    static Inventory inventory() {
        return new Inventory(7,
            List.of(host("web1", "192.0.2.11"), host("lb1", "192.0.2.1"), host("bs1", "192.0.2.2"),
                host("spare", "192.0.2.9")),
            List.of(cluster("web", "192.0.2.100").withLoadBalancer("lb1").withBackup("bs1", 1)
                    .withRealServer("web1", 1),
                cluster("api", "192.0.2.101").withRealServer("web1", 1)),
            List.of());
    }

    @Test
    void roleOfAHostFollowsTheClusters() {
        Inventory inv = inventory();
        assertEquals(new HostRole(Role.REAL_SERVER, List.of("api", "web")), inv.roleOf("web1"));
        assertEquals(new HostRole(Role.LOAD_BALANCER, List.of("web")), inv.roleOf("LB1"));
        assertEquals(new HostRole(Role.BACKUP_SERVER, List.of("web")), inv.roleOf("bs1"));
        assertSame(HostRole.NONE, inv.roleOf("spare"));
        assertSame(HostRole.NONE, inv.roleOf("unknown"));
    }

    @Test
    void roleOfReportsTheStrongestRoleOfAHandEditedModel() {
        Inventory inv = new Inventory(1, List.of(host("x", "192.0.2.1")),
            List.of(cluster("a", "192.0.2.100").withRealServer("x", 1),
                cluster("b", "192.0.2.101").withBackup("x", 1),
                cluster("c", "192.0.2.102").withLoadBalancer("x"),
                cluster("d", "192.0.2.103").withLoadBalancer("X")),
            List.of());
        assertEquals(new HostRole(Role.LOAD_BALANCER, List.of("c", "d")), inv.roleOf("x"));
    }

    @Test
    void clustersUsingIsSortedByIdAndIgnoresCase() {
        Inventory inv = inventory();
        assertEquals(List.of("api", "web"), inv.clustersUsing("WEB1").stream().map(LoadCluster::id).toList());
        assertEquals(List.of("web"), inv.clustersUsing("bs1").stream().map(LoadCluster::id).toList());
        assertEquals(List.of(), inv.clustersUsing("spare"));
    }

    @Test
    void lookupsIgnoreCaseAndListsAreSorted() {
        Inventory inv = inventory();
        assertEquals("web1", inv.host("web1").orElseThrow().name());
        assertEquals("web1", inv.host("WEB1").orElseThrow().name());
        assertEquals("web1", inv.host("Web1").orElseThrow().name(), "after the exact-name index is built");
        assertTrue(inv.host("web2").isEmpty());
        assertTrue(inv.host(null).isEmpty());
        assertTrue(inv.cluster("API").isPresent());
        assertTrue(inv.administrator("nobody").isEmpty());
        assertEquals(List.of("bs1", "lb1", "spare", "web1"), inv.hosts().stream().map(Host::name).toList());
        assertEquals(List.of("api", "web"), inv.clusters().stream().map(LoadCluster::id).toList());
    }

    @Test
    void withModelRevisionKeepsTheContent() {
        Inventory inv = inventory().withModelRevision(8);
        assertEquals(8, inv.modelRevision());
        assertEquals(4, inv.hosts().size());
        assertEquals(2, inv.clusters().size());
        assertEquals(7, inventory().modelRevision());
    }

    @Test
    void isImmutable() {
        Inventory inv = inventory();
        assertThrows(UnsupportedOperationException.class, () -> inv.hosts().clear());
        assertThrows(UnsupportedOperationException.class, () -> inv.clusters().clear());
        assertEquals(0, Inventory.empty().modelRevision());
        assertTrue(Inventory.empty().hosts().isEmpty());
    }
}
