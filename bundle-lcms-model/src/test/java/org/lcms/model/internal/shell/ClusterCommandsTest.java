package org.lcms.model.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.ConflictException;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Rule;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;

class ClusterCommandsTest {
    private final ShellFixture shell = new ShellFixture();

    @BeforeEach
    void hosts() throws Exception {
        shell.addHost("lb-1", "192.0.2.1", "--potential", "lb,bs");
        shell.addHost("bs-1", "192.0.2.2", "--potential", "lb,bs");
        shell.addHost("bs-2", "192.0.2.3", "--potential", "lb,bs");
        shell.addHost("web-1", "192.0.2.11", "--weight", "5", "--potential", "rs");
        shell.addHost("web-2", "192.0.2.12", "--weight", "7", "--potential", "rs");
    }

    private LoadCluster web() {
        return shell.directory.inventory().cluster("web").orElseThrow();
    }

    private ClusterBuildCommand build() {
        ClusterBuildCommand b = new ClusterBuildCommand();
        b.id = "web";
        b.vip = "192.0.2.80";
        b.port = "443";
        return b;
    }

    @Test
    void buildWithMembersRealServerWeightsAndBackupOrder() throws Exception {
        ClusterBuildCommand b = build();
        b.protocol = "TCP";
        b.scheduler = "rr";
        b.loadBalancer = "LB-1";
        b.backups = List.of("bs-2", "bs-1");
        b.realServers = List.of("web-1", "web-2:70");
        b.activate = true;
        b.description = "shop";
        String out = shell.run(b);

        assertTrue(out.startsWith("built cluster web 192.0.2.80:443/tcp rr lb lb-1 backups bs-2,bs-1 "
            + "rs web-1(5),web-2(70) active (change 6)"), out);
        LoadCluster c = web();
        assertEquals(Scheduler.RR, c.scheduler());
        assertEquals(ServiceProtocol.TCP, c.service().protocol());
        assertEquals("lb-1", c.loadBalancer(), "stored as the inventory spells it");
        assertEquals(List.of("bs-2", "bs-1"), c.backups());
        assertEquals(List.of(new RealServerMember("web-1", 5), new RealServerMember("web-2", 70)), c.realServers());
        assertTrue(c.active());
        assertEquals("shop", c.description());
    }

    @Test
    void buildDefaultsToTcpAndWlcInactive() throws Exception {
        shell.run(build());
        assertEquals(Scheduler.WLC, web().scheduler());
        assertFalse(web().active());
    }

    @Test
    void buildWithUnknownSchedulerListsTheValidOnes() {
        ClusterBuildCommand b = build();
        b.scheduler = "fastest";
        assertEquals("--scheduler: 'fastest' is not a valid scheduler; use one of: rr, wrr, lc, wlc, sh",
            shell.fail(b).getMessage());
    }

    @Test
    void buildWithBadPortOrVip() {
        ClusterBuildCommand b = build();
        b.port = "https";
        assertEquals("port 'https' is not a port number; give a whole number 1..65535", shell.fail(b).getMessage());
        b = build();
        b.vip = "192.0.2.300";
        assertTrue(shell.fail(b).getMessage().startsWith("vip: '192.0.2.300' is not an IP address"));
        b = build();
        b.port = "70000";
        assertEquals(Rule.SERVICE_PORT, ((ModelException) shell.fail(b).getCause()).rule());
    }

    @Test
    void buildWithUnknownRealServerSaysSo() {
        ClusterBuildCommand b = build();
        b.realServers = List.of("web-9");
        assertEquals("[rule not-found] there is no host 'web-9'; lcms:host-list shows the inventory",
            shell.fail(b).getMessage());
    }

    @Test
    void buildWithUnknownLoadBalancerIsRefusedByTheRule() {
        ClusterBuildCommand b = build();
        b.loadBalancer = "lb-9";
        CommandException e = shell.fail(b);
        assertEquals(Rule.MEMBER_EXISTS, ((ModelException) e.getCause()).rule());
        assertTrue(e.getMessage().contains("host lb-9 is not in the inventory"), e.getMessage());
    }

    @Test
    void buildWithWeightOutOfRange() {
        ClusterBuildCommand b = build();
        b.realServers = List.of("web-1:70000");
        CommandException e = shell.fail(b);
        assertEquals(Rule.WEIGHT_RANGE, ((ModelException) e.getCause()).rule());
        assertTrue(e.getMessage().contains("real server web-1: weight 70000 is outside 0..65535"), e.getMessage());
    }

    @Test
    void setSchedulerPrintsTheChangeAndNothingWhenSame() throws Exception {
        shell.run(build());
        ClusterSetSchedulerCommand c = new ClusterSetSchedulerCommand();
        c.id = "web";
        c.scheduler = "rr";
        assertEquals("cluster web: scheduler wlc -> rr (change 7)\n", shell.run(c));
        assertEquals("nothing to change\n", shell.run(c));

        c.scheduler = "best";
        assertEquals("'best' is not a valid scheduler; use one of: rr, wrr, lc, wlc, sh", shell.fail(c).getMessage());
    }

    @Test
    void setLoadBalancerAndClearIt() throws Exception {
        shell.run(build());
        ClusterSetLbCommand c = new ClusterSetLbCommand();
        c.id = "web";
        c.host = "lb-1";
        assertEquals("cluster web: load balancer (none) -> lb-1 (change 7)\n", shell.run(c));
        c.host = "none";
        shell.run(c);
        assertFalse(web().hasLoadBalancer());
    }

    @Test
    void aRealServerCannotBecomeLoadBalancer() throws Exception {
        shell.run(build());
        ClusterSetLbCommand c = new ClusterSetLbCommand();
        c.id = "web";
        c.host = "web-1";
        assertEquals(Rule.ROLE_POTENTIAL, ((ModelException) shell.fail(c).getCause()).rule());
    }

    @Test
    void backupsByRank() throws Exception {
        shell.run(build());
        ClusterAddBackupCommand add = new ClusterAddBackupCommand();
        add.id = "web";
        add.host = "bs-1";
        shell.run(add);
        add.host = "bs-2";
        add.rank = "1";
        shell.run(add);
        assertEquals(List.of("bs-2", "bs-1"), web().backups());

        ClusterRemoveBackupCommand remove = new ClusterRemoveBackupCommand();
        remove.id = "web";
        remove.host = "bs-2";
        shell.run(remove);
        assertEquals(List.of("bs-1"), web().backups());

        CommandException e = shell.fail(remove);
        assertTrue(e.getMessage().contains("host bs-2 is not a backup server of cluster web"), e.getMessage());
    }

    @Test
    void realServersAndWeights() throws Exception {
        shell.run(build());
        ClusterAddRsCommand add = new ClusterAddRsCommand();
        add.id = "web";
        add.host = "web-1";
        assertEquals("cluster web: real server web-1 added (weight 5) (change 7)\n", shell.run(add));
        add.host = "web-2";
        add.weight = "2";
        shell.run(add);
        assertEquals(List.of(new RealServerMember("web-1", 5), new RealServerMember("web-2", 2)), web().realServers());

        CommandException again = shell.fail(add);
        assertTrue(again.getMessage().contains("lcms:cluster-set-weight web web-2 WEIGHT"), again.getMessage());

        ClusterSetWeightCommand weight = new ClusterSetWeightCommand();
        weight.id = "web";
        weight.host = "web-1";
        weight.weight = "0";
        assertEquals("cluster web: real server web-1 weight 5 -> 0 (change 9)\n", shell.run(weight));
        weight.weight = "70000";
        assertEquals(Rule.WEIGHT_RANGE, ((ModelException) shell.fail(weight).getCause()).rule());
        weight.weight = "many";
        assertTrue(shell.fail(weight).getMessage().startsWith("weight 'many' is not a weight"));
        weight.host = "lb-1";
        weight.weight = "3";
        assertTrue(shell.fail(weight).getMessage().contains("lcms:cluster-add-rs web lb-1 --weight 3"));

        ClusterRemoveRsCommand remove = new ClusterRemoveRsCommand();
        remove.id = "web";
        remove.host = "web-2";
        assertEquals("cluster web: real server web-2 removed (change 10)\n", shell.run(remove));
    }

    @Test
    void activateNeedsLoadBalancerThenDeactivate() throws Exception {
        ClusterBuildCommand b = build();
        b.realServers = List.of("web-1");
        shell.run(b);
        ClusterActivateCommand activate = new ClusterActivateCommand();
        activate.id = "web";
        CommandException e = shell.fail(activate);
        assertEquals(Rule.ACTIVE_NEEDS_LB, ((ModelException) e.getCause()).rule());
        assertTrue(e.getMessage().contains("lcms:cluster-set-lb"), e.getMessage());

        ClusterSetLbCommand lb = new ClusterSetLbCommand();
        lb.id = "web";
        lb.host = "lb-1";
        shell.run(lb);
        assertEquals("cluster web: state inactive -> active (change 8)\n", shell.run(activate));

        ClusterDeactivateCommand deactivate = new ClusterDeactivateCommand();
        deactivate.id = "web";
        shell.run(deactivate);
        assertFalse(web().active());
    }

    @Test
    void changeServiceAndConflictOnStaleRevision() throws Exception {
        shell.run(build());
        ClusterChangeCommand c = new ClusterChangeCommand();
        c.id = "web";
        c.port = "8443";
        c.protocol = "udp";
        assertEquals("cluster web: service 192.0.2.80:443/tcp -> 192.0.2.80:8443/udp (change 7)\n", shell.run(c));

        ClusterChangeCommand stale = new ClusterChangeCommand();
        stale.id = "web";
        stale.vip = "192.0.2.81";
        stale.revision = "1";
        CommandException e = shell.fail(stale);
        assertInstanceOf(ConflictException.class, e.getCause());
        assertTrue(e.getMessage().contains("cluster web was changed by alice"), e.getMessage());

        ClusterChangeCommand badVip = new ClusterChangeCommand();
        badVip.id = "web";
        badVip.vip = "localhost";
        assertTrue(shell.fail(badVip).getMessage().startsWith("--vip: 'localhost' is not an IP address"));
    }

    @Test
    void unknownClusterSaysWhereToLook() {
        ClusterActivateCommand c = new ClusterActivateCommand();
        c.id = "nope";
        assertEquals("[rule not-found] there is no cluster 'nope'; lcms:cluster-list shows the clusters",
            shell.fail(c).getMessage());
    }

    @Test
    void dissolveActiveNeedsForce() throws Exception {
        ClusterBuildCommand b = build();
        b.loadBalancer = "lb-1";
        b.realServers = List.of("web-1");
        b.activate = true;
        shell.run(b);

        ClusterDissolveCommand d = new ClusterDissolveCommand();
        d.id = "web";
        assertEquals(Rule.CLUSTER_ACTIVE, ((ModelException) shell.fail(d).getCause()).rule());
        d.force = true;
        assertTrue(shell.run(d).startsWith("dissolved cluster web 192.0.2.80:443/tcp"));
        assertTrue(shell.directory.inventory().cluster("web").isEmpty());
    }

    @Test
    void listAndShow() throws Exception {
        ClusterBuildCommand b = build();
        b.loadBalancer = "lb-1";
        b.backups = List.of("bs-1");
        b.realServers = List.of("web-1", "web-2:3");
        shell.run(b);

        String list = shell.run(new ClusterListCommand());
        String row = list.lines().filter(l -> l.startsWith("web")).findFirst().orElseThrow();
        for (String cell : new String[] {"192.0.2.80:443/tcp", "wlc", "lb-1", "bs-1", "2", "no", "1"}) {
            assertTrue(row.contains(cell), row);
        }

        ClusterShowCommand show = new ClusterShowCommand();
        show.id = "web";
        String out = shell.run(show);
        assertTrue(out.contains("wlc (weighted least connection)"), out);
        assertTrue(out.contains("inactive"), out);
        assertTrue(out.matches("(?s).*bs\\s+\\S?\\s*1\\s+\\S?\\s*bs-1\\s+\\S?\\s*192\\.0\\.2\\.2.*"), out);
        assertTrue(out.matches("(?s).*rs\\s+\\S?\\s+\\S?\\s*web-2\\s+\\S?\\s*192\\.0\\.2\\.12\\s+\\S?\\s*3\\s.*"), out);
        assertTrue(out.contains("cluster-built"), out);
        assertTrue(out.contains("1, changed by alice at 2025-03-01T08:00:06Z"), out);
    }

    @Test
    void clusterPolicySetsShowsClearsAndRecordsEachChange() throws Exception {
        shell.run(build());
        ClusterPolicyCommand show = new ClusterPolicyCommand();
        show.id = "web";
        assertEquals("cluster web failover policy: (agents' own)", shell.run(show).trim());

        ClusterPolicyCommand set = new ClusterPolicyCommand();
        set.id = "web";
        set.failbackDelay = "never";
        set.healthCheck = "TCP,http";
        set.interval = "200";
        set.onFailure = "drain";
        String out = shell.run(set);
        assertTrue(out.startsWith("cluster web: failover policy (agents' own) -> failbackDelay=never "
            + "healthCheck=tcp,http interval=200 onFailure=drain"), out);
        assertEquals("failbackDelay=never healthCheck=tcp,http interval=200 onFailure=drain", web().policy().text());

        ClusterPolicyCommand partly = new ClusterPolicyCommand();
        partly.id = "web";
        partly.failbackDelay = "agent";
        partly.rise = "3";
        shell.run(partly);
        assertEquals("healthCheck=tcp,http interval=200 rise=3 onFailure=drain", web().policy().text());
        assertTrue(shell.run(show).contains("other settings: the agents' own"));
        ClusterShowCommand fields = new ClusterShowCommand();
        fields.id = "web";
        assertTrue(shell.run(fields).contains("healthCheck=tcp,http interval=200 rise=3 onFailure=drain"));
    }

    @Test
    void clusterPolicyBadInputIsRefusedAndNothingIsWritten() throws Exception {
        shell.run(build());
        long before = web().revision().number();
        ClusterPolicyCommand c = new ClusterPolicyCommand();
        c.id = "web";
        c.failbackDelay = "5000";
        c.timeout = "0";
        CommandException e = shell.fail(c);
        assertEquals(Rule.FAILOVER_POLICY, ((ModelException) e.getCause()).rule());
        assertTrue(e.getMessage().contains("cluster web: failover policy check timeout 0 ms is outside 1..600000"),
            e.getMessage());
        c.timeout = "soon";
        assertEquals("--timeout 'soon' is not a whole number of milliseconds or agent", shell.fail(c).getMessage());
        c.timeout = null;
        c.healthCheck = "ping";
        assertTrue(shell.fail(c).getMessage().contains("health check 'ping' is not valid"));
        c.healthCheck = null;
        c.onFailure = "panic";
        assertTrue(shell.fail(c).getMessage().contains("use one of: remove, drain"));
        assertEquals(before, web().revision().number());
        assertTrue(web().policy().isEmpty());
    }
}
