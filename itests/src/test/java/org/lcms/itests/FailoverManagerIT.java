package org.lcms.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Feature lcms-failover in a stock Karaf with three real node agents on loopback (dry-run VIP, failover between
 * it-flb and it-fbs, it-frs witness): lcms:drain makes the manager write lcmsRsStatus draining(3) to the load
 * balancer and the backup (read with net-snmp's snmpget, not through the manager), lcms:enable puts up(1) back,
 * lcms:switchover moves the VIP to the backup (its own lcmsFailoverState reads holder(4)), lcms:cluster-status shows
 * it; bad input is refused with the reason and changes nothing; the feature uninstalls and reinstalls cleanly;
 * lcms:cluster-policy --failback-delay never reaches both agents' lcmsFailoverPolicySet (snmpget) and keeps the VIP
 * on the backup after the load balancer dies and returns, until the policy goes back to the agents' own.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class FailoverManagerIT extends LcmsContainerTestSupport {
    private static final String CLUSTER_STATE = "org.lcms.snmp.api.ClusterState";
    private static final String OPERATIONS = "org.lcms.failover.manager.api.FailoverOperations";
    private static final List<String> NAMES = List.of("it-flb", "it-fbs", "it-frs");
    private static final List<String> ADDRESSES = List.of("127.0.0.71", "127.0.0.72", "127.0.0.73");
    private static final String USER = "lcms";
    private static final String AUTH = "it-fo-auth-1";
    private static final String PRIV = "it-fo-priv-1";

    private static int agentPort;
    private static int failoverPort;
    private static Path agentHome;
    private static final Map<String, Process> AGENTS = new HashMap<>();

    @Configuration
    public Option[] config() throws Exception {
        List<Option> options = new ArrayList<>(karafOptions(required("lcms.karaf.stock"), "Apache Karaf"));
        options.add(systemProperty("lcms.agent.dist").value(required("lcms.agent.dist")));
        options.add(systemProperty("lcms.pen").value(required("lcms.pen")));
        return options.toArray(new Option[0]);
    }

    @Test
    public void a_drainEnableSwitchoverAndStatusWithRealAgents() throws Exception {
        ensureInstalled();
        startAgents();
        ok("lcms:host-add --potential lb,bs --snmp-profile it " + NAMES.get(0) + " " + ADDRESSES.get(0));
        ok("lcms:host-add --potential lb,bs --snmp-profile it " + NAMES.get(1) + " " + ADDRESSES.get(1));
        ok("lcms:host-add --potential rs --snmp-profile it " + NAMES.get(2) + " " + ADDRESSES.get(2));
        ok("lcms:cluster-build --lb it-flb --backup it-fbs --rs it-frs --activate it-fweb 10.89.0.100 80");
        String synced = await("lcms:hosts-status", r -> r.failure() == null && NAMES.stream()
            .allMatch(n -> line(r.output(), n).contains("in sync")), 30).output();
        report("failover cluster built, hosts-status:\n" + synced);
        String rsStatus = ".1.3.6.1.4.1." + pen() + ".2.1.3.2.1.6.1.1"; // lcmsRsStatus.1.1
        assertEquals("up(1) to start with", "1", snmpget(0, rsStatus));

        // drain: model state, written by the manager to the load balancer and the backup
        long asked = System.nanoTime();
        String drained = ok("lcms:drain it-fweb it-frs");
        assertTrue(drained, drained.contains("real server it-frs of cluster it-fweb drained")
            && drained.contains("it-flb, it-fbs"));
        awaitSnmp(0, rsStatus, "3", 15);
        report("lcms:drain -> lcmsRsStatus draining(3) on the load balancer after "
            + (System.nanoTime() - asked) / 1_000_000 + " ms (snmpget)");
        awaitSnmp(1, rsStatus, "3", 15);
        assertTrue(ok("lcms:history --object it-fweb --limit 5").contains("enabled -> drained"));
        assertTrue(ok("lcms:drain it-fweb it-frs").contains("drained already; nothing changed"));
        assertTrue(ok("lcms:cluster-status it-fweb").contains("(drained by the operator)"));
        ok("lcms:enable it-fweb it-frs");
        awaitSnmp(0, rsStatus, "1", 15);
        awaitSnmp(1, rsStatus, "1", 15);

        // bad input: refused with the reason, nothing changed
        CommandResult bad = run("lcms:drain it-fweb it-nosuch");
        assertTrue(bad.toString(), bad.failedWith("it-nosuch is not a real server of cluster it-fweb"));
        bad = run("lcms:switchover no-such-cluster");
        assertTrue(bad.toString(), bad.failedWith("there is no cluster 'no-such-cluster'"));
        bad = run("lcms:switchover it-fweb it-frs");
        assertTrue(bad.toString(), bad.failedWith("it-frs is not the load balancer or a backup of cluster it-fweb"));

        // the agents decided: it-flb holds the VIP
        String status = await("lcms:cluster-status it-fweb", r -> r.failure() == null
            && r.output().contains("VIP holder: it-flb, epoch") && r.output().contains("ready: it-flb,it-fbs"),
            20).output();
        report("cluster-status before the switchover:\n" + status);
        bad = run("lcms:switchover it-fweb it-flb");
        assertTrue(bad.toString(), bad.failedWith("it-flb holds the VIP of cluster it-fweb already"));

        String moved = ok("lcms:switchover it-fweb it-fbs");
        report(moved);
        assertTrue(moved, moved.contains("handed from it-flb to it-fbs at epoch"));
        String stateOid = ".1.3.6.1.4.1." + pen() + ".2.1.6.1.1.4.1"; // lcmsFailoverState.1
        assertEquals("holder(4) on the backup, as its own agent says", "4", snmpget(1, stateOid));
        assertEquals("standby(2) on the load balancer", "2", snmpget(0, stateOid));
        status = await("lcms:cluster-status it-fweb", r -> r.failure() == null
            && r.output().contains("VIP holder: it-fbs"), 20).output();
        report("cluster-status after the switchover:\n" + status);
        assertTrue(status, status.contains("pinned"));
        Thread.sleep(2500); // beyond the fail-back delay (1 s): the backup keeps the VIP after a switchover
        assertEquals("4", snmpget(1, stateOid));
        // the former load balancer stands by (its failover owns the VIP: lcmsRoleState follows it) and is still
        // written the table: a drain made now is in the table it dispatches when the VIP comes back
        String roleState = ".1.3.6.1.4.1." + pen() + ".2.1.2.2.0"; // lcmsRoleState.0
        assertEquals("standby(3) on the former load balancer", "3", snmpget(0, roleState));
        assertEquals("active(4) on the backup holding the VIP", "4", snmpget(1, roleState));
        asked = System.nanoTime();
        ok("lcms:drain it-fweb it-frs");
        awaitSnmp(0, rsStatus, "3", 15);
        report("lcms:drain while the load balancer stands by -> its lcmsRsStatus draining(3) after "
            + (System.nanoTime() - asked) / 1_000_000 + " ms (snmpget)");
        awaitSnmp(1, rsStatus, "3", 15);
        assertTrue(ok("lcms:switchover it-fweb").contains("handed from it-fbs to it-flb"));
        assertEquals("4", snmpget(0, stateOid));
        assertEquals("the load balancer holds the VIP again with the drain in its table", "3", snmpget(0, rsStatus));
        ok("lcms:enable it-fweb it-frs");
        awaitSnmp(0, rsStatus, "1", 15);
    }

    @Test
    public void b_featureUninstallsAndReinstallsCleanly() throws Exception {
        ensureInstalled();
        features.uninstallFeature("lcms-failover");
        awaitService(OPERATIONS, false, 30);
        CommandResult gone = run("lcms:cluster-status it-fweb");
        assertTrue("the command is gone with the feature: " + gone, gone.failure() != null);
        assertTrue("the manager stays: " + ok("lcms:hosts-status"), serviceRegistered(CLUSTER_STATE));
        assertTrue("and its hosts with it", ok("lcms:hosts-status").contains("it-flb"));
        features.installFeature("lcms-failover");
        awaitService(OPERATIONS, true, 60);
        assertTrue(await("lcms:cluster-status it-fweb", r -> r.failure() == null
            && r.output().contains("VIP holder: it-flb"), 20).output().contains("failover chain"));
    }

    @Test
    public void c_theModelsPolicyReachesTheAgentsAndDecidesTheFailback() throws Exception {
        ensureInstalled();
        String policySet = ".1.3.6.1.4.1." + pen() + ".2.1.6.2.1.1.1"; // lcmsFailoverPolicySet.1
        String inForce = ".1.3.6.1.4.1." + pen() + ".2.1.6.2.1.2.1"; // lcmsFailoverPolicyInForce.1
        String stateOid = ".1.3.6.1.4.1." + pen() + ".2.1.6.1.1.4.1"; // lcmsFailoverState.1
        String readyOid = ".1.3.6.1.4.1." + pen() + ".2.1.6.1.1.10.1"; // lcmsFailoverReadyMembers.1
        assertEquals("nothing set by the manager yet", "", text(snmpget(0, policySet)));
        assertTrue(ok("lcms:cluster-policy it-fweb").contains("(agents' own)"));

        // bad input: refused by the model's rule, nothing written anywhere
        CommandResult bad = run("lcms:cluster-policy --rise 0 it-fweb");
        assertTrue(bad.toString(), bad.failedWith("[rule failover-policy] cluster it-fweb: failover policy rise 0 is "
            + "outside 1..100"));
        bad = run("lcms:cluster-policy --failback-delay soon it-fweb");
        assertTrue(bad.toString(), bad.failedWith("--failback-delay 'soon' is not a whole number"));

        long asked = System.nanoTime();
        String set = ok("lcms:cluster-policy --failback-delay never it-fweb");
        assertTrue(set, set.contains("failover policy (agents' own) -> failbackDelay=never"));
        awaitText(0, policySet, "failbackDelay=never", 15);
        report("lcms:cluster-policy -> lcmsFailoverPolicySet on the load balancer after "
            + (System.nanoTime() - asked) / 1_000_000 + " ms (snmpget)");
        awaitText(1, policySet, "failbackDelay=never", 15);
        assertTrue(text(snmpget(1, inForce)), text(snmpget(1, inForce)).startsWith("failbackDelay=never "));
        assertEquals("a witness gets no policy", "", text(snmpget(2, policySet)));
        String status = await("lcms:cluster-status it-fweb", r -> r.failure() == null
            && r.output().lines().filter(l -> l.contains("in force: failbackDelay=never")).count() == 2, 20).output();
        report("cluster-status with the policy:\n" + status);

        // in force: the load balancer dies and returns; the backup keeps the VIP past the file's 1 s
        AGENTS.remove(NAMES.get(0)).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        awaitSnmp(1, stateOid, "4", 15);
        startAgent(0);
        awaitText(1, readyOid, "it-flb,it-fbs", 20);
        assertEquals("kept by the restarted agent", "failbackDelay=never", text(snmpget(0, policySet)));
        Thread.sleep(3000);
        assertEquals("failbackDelay=never: the backup keeps the VIP", "4", snmpget(1, stateOid));
        assertEquals("2", snmpget(0, stateOid));

        // back to the agents' own (1 s): the load balancer gets the VIP back
        ok("lcms:cluster-policy --failback-delay agent it-fweb");
        awaitText(1, policySet, "", 15);
        awaitSnmp(0, stateOid, "4", 15);
        assertTrue(ok("lcms:history --object it-fweb --limit 5").contains("failover policy failbackDelay=never -> "
            + "(agents' own)"));
    }

    private static String text(String snmpgetOutput) {
        String v = snmpgetOutput.trim();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private void awaitText(int agent, String oid, String value, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String seen = "";
        while (System.nanoTime() < deadline) {
            seen = text(snmpget(agent, oid));
            if (seen.equals(value)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(NAMES.get(agent) + " " + oid + " is '" + seen + "', not '" + value + "' after "
            + seconds + " s; hosts-status:\n" + ok("lcms:hosts-status"));
    }

    @Test
    public void z_stopAgents() {
        AGENTS.values().forEach(Process::destroyForcibly);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void ensureInstalled() throws Exception {
        URI repository = new URI("mvn:org.lcms/features/" + required("lcms.version") + "/xml/features");
        if (features.getRepository(repository) == null) {
            features.addRepository(repository);
        }
        // as an operator who runs the manager anyway: lcms-snmp on its own, lcms-failover on top (so that
        // uninstalling lcms-failover must leave the manager alone)
        if (!features.isInstalled(features.getFeature("lcms-snmp"))) {
            features.installFeature("lcms-snmp");
            awaitService(CLUSTER_STATE, true, 60);
        }
        if (!features.isInstalled(features.getFeature("lcms-failover"))) {
            features.installFeature("lcms-failover");
        }
        if (agentPort == 0) {
            agentPort = freePortOnAll(ADDRESSES);
            failoverPort = freePortOnAll(ADDRESSES);
        }
        if (!ok("config:property-list -p org.lcms.snmp").contains("profile.it.user")) {
            Map<String, String> settings = new java.util.LinkedHashMap<>();
            settings.put("pollInterval", "1");
            settings.put("pollTimeout", "300");
            settings.put("pollRetries", "0");
            settings.put("unreachableAfter", "2");
            settings.put("maxBackoff", "2");
            settings.put("modelRefresh", "1");
            settings.put("trapListenAddress", "127.0.0.1/" + freePort());
            settings.put("profile.it.user", USER);
            settings.put("profile.it.authPassword", AUTH);
            settings.put("profile.it.privPassword", PRIV);
            settings.put("profile.it.port", Integer.toString(agentPort));
            StringBuilder edit = new StringBuilder("config:edit org.lcms.snmp");
            settings.forEach((k, v) -> edit.append("; config:property-set ").append(k).append(' ').append(v));
            ok(edit.append("; config:update").toString());
            await("config:property-list -p org.lcms.snmp", r -> r.output().contains("profile.it.port"), 10);
            awaitService(CLUSTER_STATE, true, 60);
        }
        awaitService(OPERATIONS, true, 60);
    }

    private void startAgents() throws Exception {
        agentHome = unpackAgent("failover-it-");
        for (int i = 0; i < NAMES.size(); i++) {
            startAgent(i);
        }
    }

    private void startAgent(int i) throws Exception {
        Path dir = agentHome.getParent().resolve(NAMES.get(i));
        String peer = "%s@%s/" + failoverPort;
        AGENTS.put(NAMES.get(i), startAgentProcess(agentHome, dir, NAMES.get(i), List.of(
            "listen = " + ADDRESSES.get(i) + "/" + agentPort,
            "stateDirectory = " + dir.resolve("state"),
            "configurator = dry-run",
            "serviceInterface = eth0",
            "user." + USER + ".authPassword = " + AUTH,
            "user." + USER + ".privPassword = " + PRIV,
            "user." + USER + ".access = readwrite",
            "failover.self = " + NAMES.get(i),
            "failover.listen = " + ADDRESSES.get(i) + "/" + failoverPort,
            "failover.cluster.it-fweb.key = failover-manager-it-key",
            "failover.cluster.it-fweb.vip = 10.89.0.100",
            "failover.cluster.it-fweb.members = " + String.format(peer, NAMES.get(0), ADDRESSES.get(0)) + ", "
                + String.format(peer, NAMES.get(1), ADDRESSES.get(1)),
            "failover.cluster.it-fweb.witnesses = " + String.format(peer, NAMES.get(2), ADDRESSES.get(2)),
            "failover.cluster.it-fweb.failbackDelay = 1000")));
    }

    private static String pen() {
        return required("lcms.pen");
    }

    private void awaitSnmp(int agent, String oid, String value, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String seen = "";
        while (System.nanoTime() < deadline) {
            seen = snmpget(agent, oid);
            if (seen.equals(value)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(NAMES.get(agent) + " " + oid + " is " + seen + ", not " + value + " after "
            + seconds + " s; hosts-status:\n" + ok("lcms:hosts-status"));
    }

    private String snmpget(int agent, String oid) throws Exception {
        return snmpget(ADDRESSES.get(agent) + ":" + agentPort, USER, AUTH, PRIV, oid, agentHome.getParent());
    }

    private static String line(String table, String host) {
        return hostsStatusLine(table, host);
    }
}
