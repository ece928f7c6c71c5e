package org.lcms.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
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
 * The SNMP manager in a stock Karaf with real node-agent processes (from their distribution tar.gz, on loopback
 * addresses): live data in lcms:hosts-status, a cluster built with lcms:cluster-build sets the roles on the
 * agents (read back with net-snmp's snmpget), an agent killed is unreachable within three poll intervals and
 * gets its role back when it returns, the agents' informs become lcms:events and, with the manager's own events,
 * reach net-snmp's snmptrapd as the NMS (forwarded SNMPv3 informs) and the directory's history; then
 * feature:uninstall releases the manager's UDP ports and threads, five times over.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SnmpManagerIT extends LcmsContainerTestSupport {
    private static final String CLUSTER_STATE = "org.lcms.snmp.api.ClusterState";
    private static final List<String> NAMES = List.of("it-lb", "it-rs1", "it-rs2");
    private static final List<String> ADDRESSES = List.of("127.0.0.61", "127.0.0.62", "127.0.0.63");
    private static final String USER = "lcms";
    private static final String AUTH = "it-agent-auth-1";
    private static final String PRIV = "it-agent-priv-1";
    private static final int INTERVAL_SECONDS = 1;
    private static final String NMS_USER = "it-nms";
    private static final String NMS_AUTH = "it-nms-auth-1";
    private static final String NMS_PRIV = "it-nms-priv-1";

    private static int agentPort;
    private static int trapPort;
    private static Path agentHome;
    private static final Map<String, Process> AGENTS = new HashMap<>();
    /** net-snmp's snmptrapd as the NMS the manager forwards its events to (SNMPv3 informs). */
    private static Process trapd;
    private static Path trapdLog;
    private static int nmsPort;

    @Configuration
    public Option[] config() throws Exception {
        List<Option> options = new ArrayList<>(karafOptions(required("lcms.karaf.stock"), "Apache Karaf"));
        options.add(systemProperty("lcms.agent.dist").value(required("lcms.agent.dist")));
        options.add(systemProperty("lcms.pen").value(required("lcms.pen")));
        return options.toArray(new Option[0]);
    }

    @Test
    public void a_liveStateRolesFailuresAndEventsWithRealAgents() throws Exception {
        ensureInstalled();
        startAgents();
        for (int i = 0; i < NAMES.size(); i++) {
            ok("lcms:host-add --potential " + (i == 0 ? "lb,bs" : "rs") + " --snmp-profile it " + NAMES.get(i) + " "
                + ADDRESSES.get(i));
        }
        String live = awaitHosts(s -> NAMES.stream().allMatch(n -> line(s, n).contains("reachable")
            && !line(s, n).contains("unreachable")), 30);
        assertTrue("hosts-status shows the agents' live data:\n" + live, line(live, "it-lb").contains(ADDRESSES.get(0)));

        ok("lcms:cluster-build --lb it-lb --rs it-rs1 --rs it-rs2 --activate it-web 10.88.0.100 80");
        String built = awaitHosts(s -> line(s, "it-lb").contains("in sync") && line(s, "it-lb").contains(" lb ")
            && line(s, "it-rs1").contains("in sync") && line(s, "it-rs2").contains("in sync"), 30);
        report("cluster built, hosts-status:\n" + built);
        assertEquals("2", snmpget(0, roleTypeOid()));
        assertEquals("4", snmpget(1, roleTypeOid()));
        assertEquals("4", snmpget(2, roleTypeOid()));
        String events = await("lcms:events --type role-change --host it-rs1", r -> r.output().contains("is now rs"),
            20).output();
        assertTrue("the agent's lcmsRoleChange inform arrived as an event:\n" + events, events.contains("it-web"));

        long killed = System.nanoTime();
        AGENTS.get("it-rs2").destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        awaitHosts(s -> line(s, "it-rs2").contains("unreachable"), 3 * INTERVAL_SECONDS + 5);
        long noticedMillis = (System.nanoTime() - killed) / 1_000_000;
        report("killed agent unreachable after " + noticedMillis + " ms (poll interval " + INTERVAL_SECONDS + " s)");
        assertTrue("unreachable within three poll intervals, took " + noticedMillis + " ms",
            noticedMillis <= 3_000L * INTERVAL_SECONDS + 500);
        assertTrue(ok("lcms:events --type agent-unreachable").contains("it-rs2"));
        String unreachableOid = ".1.3.6.1.4.1." + pen() + ".2.0.9";
        String forwarded = awaitTrapd(t -> t.contains(unreachableOid) && t.contains("it-rs2"), 10);
        assertTrue("snmptrapd got lcmsAgentUnreachable with the host's name and address:\n" + forwarded,
            forwarded.contains(".1.3.6.1.6.3.18.1.3.0 = IpAddress: " + ADDRESSES.get(2)));
        assertTrue("the agents' own informs are forwarded too (lcmsRoleChange):\n" + forwarded,
            forwarded.contains(".1.3.6.1.4.1." + pen() + ".2.0.2"));
        String history = await("lcms:history --object it-rs2 --limit 20",
            r -> r.output().contains("lcmsAgentUnreachable"), 10).output();
        assertTrue("the event is in the directory's history, recorded by the manager:\n" + history,
            history.contains("lcms-snmp") && history.contains("major: "));

        startAgent(2);
        awaitHosts(s -> line(s, "it-rs2").contains("in sync") && !line(s, "it-rs2").contains("unreachable")
            && line(s, "it-rs2").contains(" rs "), 20);
        assertEquals("its role again", "4", snmpget(2, roleTypeOid()));
        await("lcms:history --object it-rs2 --limit 20", r -> r.output().contains("lcmsAgentReachable"), 10);
        String poll = ok("lcms:poll it-lb");
        assertTrue("lcms:poll shows the LB's real servers:\n" + poll, poll.contains("real server") && poll.contains(
            ADDRESSES.get(1)));
    }

    @Test
    public void b_uninstallReleasesPortsAndThreadsAndReinstallWorks() throws Exception {
        ensureInstalled();
        for (int cycle = 1; cycle <= 5; cycle++) {
            long t0 = System.nanoTime();
            features.uninstallFeature("lcms-snmp");
            awaitService(CLUSTER_STATE, false, 30);
            List<String> left = awaitNoManagerThreads(15);
            assertTrue("cycle " + cycle + ": no manager thread left: " + left + managerStacks(), left.isEmpty());
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"),
                trapPort))) {
                assertEquals(trapPort, s.getLocalPort()); // the receiver's port is free again
            }
            features.installFeature("lcms-snmp");
            awaitService(CLUSTER_STATE, true, 60);
            if (!AGENTS.isEmpty()) {
                awaitHosts(s -> line(s, "it-lb").contains("in sync"), 30);
            }
            report(String.format("cycle %d: uninstall + install + hosts in sync in %d ms", cycle,
                (System.nanoTime() - t0) / 1_000_000));
        }
    }

    /**
     * The directory restarting (its configuration updated) while the manager starts must leave exactly one running
     * manager. Seen in CI: Felix SCR drops a constructor-injected instance whose reference went away while the
     * constructor ran, without calling its deactivate; that instance's runtime kept polling a closed directory
     * ("no hosts in the model") and its threads outlived feature:uninstall.
     */
    @Test
    public void c_directoryRestartWhileTheManagerStartsLeavesOneManager() throws Exception {
        ensureInstalled();
        java.util.concurrent.ExecutorService restarter = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            for (int cycle = 1; cycle <= 8; cycle++) {
                features.uninstallFeature("lcms-snmp");
                awaitService(CLUSTER_STATE, false, 30);
                List<String> left = awaitNoManagerThreads(15);
                assertTrue("cycle " + cycle + ": no manager thread left: " + left + managerStacks(), left.isEmpty());
                int delayMillis = (cycle - 1) * 40; // spread over the manager's start
                String nonce = Integer.toString(cycle);
                java.util.concurrent.Future<String> restart = restarter.submit(() -> {
                    Thread.sleep(delayMillis);
                    return ok("config:property-set -p org.lcms.directory lcms.it.restart " + nonce);
                });
                features.installFeature("lcms-snmp");
                restart.get(30, TimeUnit.SECONDS);
                awaitService(CLUSTER_DIRECTORY, true, 60);
                awaitService(CLUSTER_STATE, true, 60);
                awaitHosts(s -> line(s, "it-lb").contains("in sync"), 30);
                long managers = 0;
                for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); System.nanoTime() < end; ) {
                    managers = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("lcms-snmp-poll")).count();
                    if (managers == 1) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertEquals("cycle " + cycle + " (directory restarted " + delayMillis
                    + " ms into the install): running managers" + managerStacks(), 1, managers);
            }
        } finally {
            restarter.shutdownNow();
        }
    }

    @Test
    public void z_stopAgents() {
        AGENTS.values().forEach(Process::destroyForcibly);
        if (trapd != null) {
            trapd.destroyForcibly();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void ensureInstalled() throws Exception {
        URI repository = new URI("mvn:org.lcms/features/" + required("lcms.version") + "/xml/features");
        if (features.getRepository(repository) == null) {
            features.addRepository(repository);
        }
        if (trapPort == 0) {
            trapPort = Integer.parseInt(freePort());
        }
        if (!features.isInstalled(features.getFeature("lcms-model"))) {
            features.installFeature("lcms-model");
            awaitService(CLUSTER_DIRECTORY, true, 60);
        }
        if (!features.isInstalled(features.getFeature("lcms-snmp"))) {
            features.installFeature("lcms-snmp");
            awaitService(CLUSTER_STATE, true, 60);
        }
        if (agentPort == 0) {
            agentPort = freePortOnAll(ADDRESSES);
        }
        if (trapd == null) {
            startTrapd();
        }
        if (!ok("config:property-list -p org.lcms.snmp").contains("profile.it.user")) {
            // as an operator would: one edit session, every key, one update (one restart of the manager)
            Map<String, String> settings = new java.util.LinkedHashMap<>();
            settings.put("pollInterval", Integer.toString(INTERVAL_SECONDS));
            settings.put("pollTimeout", "300");
            settings.put("pollRetries", "0");
            settings.put("unreachableAfter", "2");
            settings.put("maxBackoff", "2");
            settings.put("modelRefresh", "1");
            settings.put("trapListenAddress", "127.0.0.1/" + trapPort);
            settings.put("profile.it.user", USER);
            settings.put("profile.it.authPassword", AUTH);
            settings.put("profile.it.privPassword", PRIV);
            settings.put("profile.it.port", Integer.toString(agentPort));
            settings.put("profile.nms.user", NMS_USER);
            settings.put("profile.nms.authPassword", NMS_AUTH);
            settings.put("profile.nms.privPassword", NMS_PRIV);
            settings.put("nms.it.address", "127.0.0.1/" + nmsPort);
            settings.put("nms.it.profile", "nms");
            StringBuilder edit = new StringBuilder("config:edit org.lcms.snmp");
            settings.forEach((k, v) -> edit.append("; config:property-set ").append(k).append(' ').append(v));
            ok(edit.append("; config:update").toString());
            await("config:property-list -p org.lcms.snmp", r -> r.output().contains("profile.it.port"), 10);
            awaitService(CLUSTER_STATE, true, 60);
            // the manager restarted with the profile: a host naming it is polled (checked by the tests)
        }
    }

    private void startAgents() throws Exception {
        if (agentHome == null) {
            Path work = Files.createTempDirectory(Path.of(required("lcms.it.work")), "snmp-it-");
            runTool(List.of("tar", "xzf", required("lcms.agent.dist"), "-C", work.toString()), work);
            try (var s = Files.list(work)) {
                agentHome = s.filter(p -> p.getFileName().toString().startsWith("lcms-agent-")).findFirst()
                    .orElseThrow();
            }
        }
        for (int i = 0; i < NAMES.size(); i++) {
            startAgent(i);
        }
    }

    private void startAgent(int i) throws Exception {
        AGENTS.put(NAMES.get(i), startAgentProcess(agentHome, agentHome.getParent().resolve(NAMES.get(i)), NAMES.get(i),
            List.of(
                "listen = " + ADDRESSES.get(i) + "/" + agentPort,
                "stateDirectory = " + agentHome.getParent().resolve(NAMES.get(i)).resolve("state"),
                "configurator = dry-run",
                "serviceInterface = eth0",
                "user." + USER + ".authPassword = " + AUTH,
                "user." + USER + ".privPassword = " + PRIV,
                "user." + USER + ".access = readwrite",
                "target.mgr.address = 127.0.0.1/" + trapPort,
                "target.mgr.user = " + USER,
                "target.mgr.type = inform")));
    }

    private static void startTrapd() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            nmsPort = probe.getLocalPort();
        }
        Path dir = Files.createTempDirectory(Path.of(required("lcms.it.work")), "snmptrapd-");
        Path conf = dir.resolve("snmptrapd.conf");
        // informs: the receiver's own engine is authoritative, so the user needs no engine ID
        Files.writeString(conf, String.join("\n", "createUser " + NMS_USER + " SHA-256 " + NMS_AUTH + " AES "
            + NMS_PRIV, "authUser log " + NMS_USER + " priv", "disableAuthorization no", ""));
        trapdLog = dir.resolve("traps.log");
        ProcessBuilder pb = new ProcessBuilder("snmptrapd", "-f", "-C", "-c", conf.toString(), "-On", "-Lf",
            trapdLog.toString(), "-p", dir.resolve("snmptrapd.pid").toString(), "udp:127.0.0.1:" + nmsPort)
            .redirectErrorStream(true).redirectOutput(dir.resolve("snmptrapd.out").toFile());
        pb.environment().put("MIBS", "");
        pb.environment().put("SNMP_PERSISTENT_DIR", dir.resolve("persist").toString());
        trapd = pb.start();
        Thread.sleep(500);
        assertTrue("snmptrapd runs (apt-get install snmptrapd): " + Files.readString(dir.resolve("snmptrapd.out")),
            trapd.isAlive());
    }

    private static String awaitTrapd(java.util.function.Predicate<String> condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.exists(trapdLog) ? Files.readString(trapdLog) : "";
            if (condition.test(text)) {
                return text;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("snmptrapd did not log the expected notification within " + seconds + " s:\n"
            + text);
    }


    private static String roleTypeOid() {
        return ".1.3.6.1.4.1.99999.2.1.2.1.0".replace("99999", pen());
    }

    /** The enterprise number as the build wrote it (the OID root is one property of the root pom). */
    private static String pen() {
        return required("lcms.pen");
    }

    private String snmpget(int agent, String oid) throws Exception {
        return snmpget(ADDRESSES.get(agent) + ":" + agentPort, USER, AUTH, PRIV, oid, agentHome.getParent());
    }

    private static String line(String table, String host) {
        return hostsStatusLine(table, host);
    }

    private String awaitHosts(java.util.function.Predicate<String> condition, int seconds) throws Exception {
        try {
            return await("lcms:hosts-status", r -> r.failure() == null && condition.test(r.output()), seconds)
                .output();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + managerStacks(), e);
        }
    }

    /** What the manager's threads are doing, for a failure's message (a stuck model thread, seen once). */
    private static String managerStacks() {
        StringBuilder b = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().startsWith("lcms-snmp")) {
                b.append("\n--- thread ").append(t.getName()).append(" (").append(t.getState()).append(')');
                for (int i = 0; i < Math.min(stack.length, 25); i++) {
                    b.append("\n    at ").append(stack[i]);
                }
            }
        });
        return b.toString();
    }

    private List<String> awaitNoManagerThreads(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("lcms-snmp") || (n.startsWith("DefaultUDPTransportMapping")
                    && n.contains("127.0.0.1/" + trapPort)))
                .toList();
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return left;
    }
}
