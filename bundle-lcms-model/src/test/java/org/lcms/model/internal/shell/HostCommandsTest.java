package org.lcms.model.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.ConflictException;
import org.lcms.model.api.Host;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.Role;
import org.lcms.model.api.Rule;

class HostCommandsTest {
    private final ShellFixture shell = new ShellFixture();

    @Test
    void addWithDefaults() throws Exception {
        String out = shell.addHost("web-1", "192.0.2.11");

        assertEquals("added host web-1 192.0.2.11 weight 1 potential lb,bs,rs (change 1)\n", out);
        Host h = shell.directory.inventory().host("web-1").orElseThrow();
        assertEquals(Host.DEFAULT_SNMP_PROFILE, h.snmpProfile());
        assertEquals("alice", h.revision().changedBy());
    }

    @Test
    void addWithEveryOption() throws Exception {
        HostAddCommand c = new HostAddCommand();
        c.name = "web-1";
        c.address = "2001:db8::11";
        c.cpu = "Xeon E-2388G";
        c.memory = "65536";
        c.nic = "X710";
        c.weight = "20";
        c.potential = "rs,bs";
        c.snmpProfile = "dc1";
        c.description = "rack 4";
        shell.run(c);

        Host h = shell.directory.inventory().host("web-1").orElseThrow();
        assertEquals("2001:db8::11", h.address().toString());
        assertEquals("Xeon E-2388G", h.cpuType());
        assertEquals(65_536, h.memoryMiB());
        assertEquals("X710", h.nicType());
        assertEquals(20, h.weight());
        assertEquals(EnumSet.of(Role.BACKUP_SERVER, Role.REAL_SERVER), h.rolePotential());
        assertEquals("dc1", h.snmpProfile());
        assertEquals("rack 4", h.description());
    }

    @Test
    void badAddressSaysWhatToWrite() {
        HostAddCommand c = new HostAddCommand();
        c.name = "web-1";
        c.address = "web-1.example.org";
        CommandException e = shell.fail(c);
        assertEquals("address: 'web-1.example.org' is not an IP address; write an IPv4 address such as 192.0.2.10 "
            + "or an IPv6 address such as 2001:db8::10 (names are not resolved)", e.getMessage());
    }

    @Test
    void weightOutOfRangeIsRefusedByTheRule() {
        HostAddCommand c = new HostAddCommand();
        c.name = "web-1";
        c.address = "192.0.2.11";
        c.weight = "70000";
        CommandException e = shell.fail(c);
        assertEquals(Rule.WEIGHT_RANGE, assertInstanceOf(ModelException.class, e.getCause()).rule());
        assertTrue(e.getMessage().contains("host web-1: weight 70000 is outside 0..65535"), e.getMessage());
    }

    @Test
    void duplicateHostNamesTheExistingOne() throws Exception {
        shell.addHost("web-1", "192.0.2.11");
        CommandException e = shell.fail(hostAdd("WEB-1", "192.0.2.12"));
        assertTrue(e.getMessage().contains("host web-1 already exists (192.0.2.11)"), e.getMessage());
    }

    @Test
    void listShowsRoleWithItsCluster() throws Exception {
        shell.webCluster();
        String out = shell.run(new HostListCommand());

        assertTrue(out.contains("lb (web)"), out);
        assertTrue(out.contains("bs (web)"), out);
        assertTrue(out.contains("rs (web)"), out);
        String web2 = out.lines().filter(l -> l.contains("web-2")).findFirst().orElseThrow();
        assertTrue(web2.contains("none"), web2);
    }

    @Test
    void listOfAnEmptyInventorySaysHowToAdd() throws Exception {
        assertTrue(shell.run(new HostListCommand()).contains("lcms:host-add NAME ADDRESS"));
    }

    @Test
    void showPrintsFieldsClustersAndHistory() throws Exception {
        shell.webCluster();
        HostShowCommand c = new HostShowCommand();
        c.name = "WEB-1";
        String out = shell.run(c);

        assertTrue(out.contains("192.0.2.11"), out);
        assertTrue(out.contains("rs (web)"), out);
        assertTrue(out.contains("web (192.0.2.80:80/tcp): real server, weight 5, cluster inactive"), out);
        assertTrue(out.contains("changed by alice at 2025-03-01T08:00:"), out);
        assertTrue(out.contains("host-added"), out);
        assertFalse(out.contains("cluster-built"), "only the host's own changes: " + out);
    }

    @Test
    void showOfUnknownHostSaysWhereToLook() {
        HostShowCommand c = new HostShowCommand();
        c.name = "nope";
        assertEquals("[rule not-found] there is no host 'nope'; lcms:host-list shows the inventory",
            shell.fail(c).getMessage());
    }

    @Test
    void changeAppliesOnlyTheGivenOptions() throws Exception {
        shell.addHost("web-1", "192.0.2.11", "--memory", "1024");
        HostChangeCommand c = new HostChangeCommand();
        c.name = "web-1";
        c.weight = "9";
        c.address = "192.0.2.21";
        String out = shell.run(c);

        assertEquals("host web-1: address 192.0.2.11 -> 192.0.2.21; weight 1 -> 9 (change 2)\n", out);
        Host h = shell.directory.inventory().host("web-1").orElseThrow();
        assertEquals(1024, h.memoryMiB());
        assertEquals(2, h.revision().number());
    }

    @Test
    void changeWithNothingNewSaysSo() throws Exception {
        shell.addHost("web-1", "192.0.2.11");
        HostChangeCommand c = new HostChangeCommand();
        c.name = "web-1";
        c.weight = "1";
        assertEquals("nothing to change\n", shell.run(c));
    }

    @Test
    void changeBasedOnAStaleRevisionNamesWhoChangedIt() throws Exception {
        shell.addHost("web-1", "192.0.2.11"); // revision 1, alice read it
        HostChangeCommand bob = new HostChangeCommand();
        bob.name = "web-1";
        bob.weight = "3";
        shell.runAs("bob", bob); // revision 2

        HostChangeCommand alice = new HostChangeCommand();
        alice.name = "web-1";
        alice.weight = "4";
        alice.revision = "1";
        CommandException e = shell.fail(alice);

        ConflictException conflict = assertInstanceOf(ConflictException.class, e.getCause());
        assertEquals("bob", conflict.current().changedBy());
        assertTrue(e.getMessage().contains("host web-1 was changed by bob at 2025-03-01T08:00:02Z (now revision 2, "
            + "your change was based on revision 1); nothing was written"), e.getMessage());
        assertEquals(3, shell.directory.inventory().host("web-1").orElseThrow().weight());
    }

    @Test
    void changeWithBadRevisionOption() throws Exception {
        shell.addHost("web-1", "192.0.2.11");
        HostChangeCommand c = new HostChangeCommand();
        c.name = "web-1";
        c.revision = "latest";
        assertTrue(shell.fail(c).getMessage().startsWith("--revision 'latest' is not a revision number"));
    }

    @Test
    void removeFreeHostButNotOneInUse() throws Exception {
        shell.webCluster();
        HostRemoveCommand free = new HostRemoveCommand();
        free.name = "web-2";
        assertTrue(shell.run(free).startsWith("removed host web-2 192.0.2.12"));

        HostRemoveCommand used = new HostRemoveCommand();
        used.name = "web-1";
        CommandException e = shell.fail(used);
        assertEquals(Rule.HOST_IN_USE, ((ModelException) e.getCause()).rule());
        assertTrue(e.getMessage().contains("host web-1 is used by cluster web (rs)"), e.getMessage());
    }

    @Test
    void removeWithStaleRevisionConflicts() throws Exception {
        shell.addHost("web-1", "192.0.2.11");
        HostRemoveCommand c = new HostRemoveCommand();
        c.name = "web-1";
        c.revision = "5";
        assertInstanceOf(ConflictException.class, shell.fail(c).getCause());
    }

    @Test
    void withoutDirectoryEveryCommandSaysWhatToCheck() {
        HostListCommand c = new HostListCommand();
        CommandException e = org.junit.jupiter.api.Assertions.assertThrows(CommandException.class, c::execute);
        assertEquals("LCMS directory is not available: check etc/org.lcms.directory.cfg and the Karaf log "
            + "(log:display)", e.getMessage());
    }

    private static HostAddCommand hostAdd(String name, String address) {
        HostAddCommand c = new HostAddCommand();
        c.name = name;
        c.address = address;
        return c;
    }
}
