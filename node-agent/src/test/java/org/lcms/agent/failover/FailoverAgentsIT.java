package org.lcms.agent.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.snmp.Snmptrapd;
import org.lcms.mib.LcmsMib;

/**
 * Three packaged agents as an operator starts them ({@code bin/lcms-agent --config}, dry-run VIP): a load
 * balancer, a backup and a real server of one cluster, configured with failover.* keys. The load balancer takes
 * the VIP; killed with SIGKILL, its backup takes it; restarted, it gets it back after the fail-back delay. The
 * backup's lcmsBackupTakeover and lcmsBackupHandBack reach net-snmp's snmptrapd (the NMS's alarm and its clear).
 */
class FailoverAgentsIT {
    static final List<String> NAMES = List.of("lb1", "bs1", "rs1");
    @TempDir
    Path tmp;
    PackagedAgents agents;
    int snmpPort;
    int failoverPort;
    static final String COMMUNITY = "failover-trap-community-3";
    int trapPort;
    Snmptrapd trapd;

    @AfterEach
    void stop() throws Exception {
        if (agents != null) {
            agents.close();
        }
        if (trapd != null) {
            trapd.close();
        }
    }

    static String address(int i) {
        return "127.0.0." + (91 + i);
    }

    @Test
    void theBackupAgentTakesTheVipWhenTheLoadBalancerAgentIsKilledAndHandsItBack() throws Exception {
        agents = new PackagedAgents(tmp, NAMES);
        snmpPort = freePort();
        failoverPort = freePort();
        trapPort = freePort();
        trapd = new Snmptrapd(Files.createDirectories(tmp.resolve("trapd")), trapPort, COMMUNITY);
        // the load balancer and the real server first (a majority of the 3 witnesses), then the backup joins a
        // served cluster: which agent wins when all start at once depends on JVM start times (the election gives
        // the load balancer a head start at a cold start; VipElectionTest covers it)
        start(0);
        start(2);
        awaitLine("lb1", "takes the VIP 10.0.0.100 at epoch", 15);
        start(1);
        awaitLine("bs1", "lcms-agent: listening on", 15);
        Thread.sleep(500);
        assertEquals(0, count("bs1", "takes the VIP"), "the backup did not take the VIP while lb1 served:" + logs());

        long killed = System.nanoTime();
        agents.kill("lb1");
        awaitLine("bs1", "takes the VIP 10.0.0.100 at epoch", 10);
        long took = (System.nanoTime() - killed) / 1_000_000;
        System.out.printf("failover between agent processes: bs1 took the VIP %d ms after lb1 was killed "
            + "(lease 480 ms; includes noticing the log line)%n", took);
        assertTrue(took < 2000, "the backup took over " + took + " ms after the kill");
        String takeover = trapd.awaitLine(l -> l.contains(notification(LcmsMib.LCMS_BACKUP_TAKEOVER)), 5000,
            "no lcmsBackupTakeover from bs1");
        assertTrue(takeover.contains("\"web\"") && takeover.contains("granted the VIP of web"),
            "lcmsBackupTakeover names the cluster and why: " + takeover);
        assertTrue(takeover.contains(LcmsMib.LCMS_ROLE_BACKUP_RANK + ".0 = Gauge32: 1"), "rank 1: " + takeover);

        Files.writeString(log("lb1"), ""); // the restarted agent's own lines
        start(0);
        awaitLine("bs1", "dry run): handed back to lb1", 15);
        awaitLine("lb1", "takes the VIP 10.0.0.100 at epoch", 5);
        assertEquals(1, count("bs1", "takes the VIP"), "bs1 took it once:" + logs());
        String handBack = trapd.awaitLine(l -> l.contains(notification(LcmsMib.LCMS_BACKUP_HAND_BACK)), 5000,
            "no lcmsBackupHandBack from bs1");
        assertTrue(handBack.contains("handed back to lb1"), "lcmsBackupHandBack says to whom: " + handBack);
        assertEquals(1, trapd.lines(l -> l.contains(notification(LcmsMib.LCMS_BACKUP_TAKEOVER))).size(),
            "one takeover alarm, bs1's: the load balancer's own takes (at start, at the fail-back) raise none");
    }

    /** How snmptrapd -On logs snmpTrapOID.0 = this notification (a tab follows the value). */
    static String notification(org.snmp4j.smi.OID oid) {
        return ".1.3.6.1.6.3.1.1.4.1.0 = OID: ." + oid + "\t";
    }

    void start(int i) throws Exception {
        String name = NAMES.get(i);
        Path dir = agents.dir(name);
        List<String> peers = new ArrayList<>();
        for (int j = 0; j < NAMES.size(); j++) {
            peers.add(NAMES.get(j) + "@" + address(j) + "/" + failoverPort);
        }
        agents.start(name, List.of(
            "listen = " + address(i) + "/" + snmpPort,
            "stateDirectory = " + dir.resolve("state"),
            "configurator = dry-run",
            "user.lcms.authPassword = failover-auth-1",
            "user.lcms.privPassword = failover-priv-1",
            "failover.self = " + name,
            "failover.listen = " + address(i) + "/" + failoverPort,
            "failover.cluster.web.key = failover-it-cluster-key",
            "failover.cluster.web.vip = 10.0.0.100",
            "failover.cluster.web.members = " + peers.get(0) + ", " + peers.get(1),
            "failover.cluster.web.witnesses = " + peers.get(2),
            "failover.cluster.web.failbackDelay = 1500",
            // four times the default timers: these dry-run agents run at normal priority, and on a loaded machine
            // a ~100 ms pause lapsed bs1's 120 ms lease and it took the VIP twice (two takeover alarms, rightly).
            // This test is about the notifications; the default timers' speed is FailoverNetnsIT's to prove.
            "failover.cluster.web.heartbeat = 40",
            "failover.cluster.web.deadAfter = 180",
            "failover.cluster.web.lease = 480",
            "failover.cluster.web.renew = 100",
            "community.readonly = " + COMMUNITY,
            "target.nms.address = 127.0.0.1/" + trapPort,
            "target.nms.community = " + COMMUNITY));
    }

    Path log(String name) {
        return agents.log(name);
    }

    long count(String name, String text) throws Exception {
        return agents.count(name, text);
    }

    void awaitLine(String name, String text, int seconds) throws Exception {
        agents.awaitLine(name, text, seconds);
    }

    String logs() throws Exception {
        return agents.logs();
    }

    static int freePort() throws Exception {
        List<String> all = new ArrayList<>(java.util.stream.IntStream.range(0, NAMES.size())
            .mapToObj(FailoverAgentsIT::address).toList());
        all.add("127.0.0.1");
        return FailoverRuntimeTest.freePortOnAll(all);
    }

    static void exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + new String(p.getInputStream().readAllBytes()));
    }
}
