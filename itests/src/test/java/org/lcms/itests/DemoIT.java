package org.lcms.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./lcms demo} as a user runs it, non-interactively ({@code --background}), from this build's archives and
 * in a directory of its own: it must come up with its six simulated hosts (packaged node agents, dry-run) and the
 * two sample clusters built through the lcms commands, so that the agents really carry their roles — read with
 * net-snmp's snmpget (SNMPv3 authPriv with the demo's generated secrets), not through the manager; its "life" must
 * take a real server's service down and back, which the load balancer's health check reports (lcms:events);
 * {@code ./lcms demo stop} must leave no process behind and free the agents' ports; a second start on the kept
 * data must come up the same, and when its Karaf is killed the simulated hosts must end by themselves. Bad
 * options are refused.
 */
class DemoIT {
    private static final int DEMO_START_TIMEOUT_S = 240;
    /** The sample's first host address (./lcms demo's default); the hosts take it and the next five. */
    private static final String FIRST_ADDRESS = System.getProperty("lcms.demo.address", "127.0.0.51");
    private static final int AGENT_PORT = 1161;

    private final Path launcher = Path.of(LcmsContainerTestSupport.required("lcms.launcher"));
    private final Path demo = Path.of(LcmsContainerTestSupport.required("lcms.it.work"), "demo-it");
    private final Map<String, String> env = new HashMap<>();

    @Test
    void demoRunsSimulatedHostsWithRolesAndLifeAndStopsClean() throws Exception {
        deleteTree(demo);
        env.put("LCMS_DEMO_DIR", demo.toString());
        env.put("LCMS_DEMO_ASSEMBLY", LcmsContainerTestSupport.required("lcms.assembly"));
        env.put("LCMS_DEMO_AGENT_DIST", LcmsContainerTestSupport.required("lcms.agent.dist"));
        env.put("LCMS_DEMO_SSH_PORT", freeTcpPort());
        env.put("LCMS_DEMO_HTTPS_PORT", freeTcpPort());
        env.put("LCMS_DEMO_TRAP_PORT", freeUdpPort());
        env.put("LCMS_DEMO_ADDRESS", FIRST_ADDRESS);
        // A faster life than the demo's 45 s, so that the test sees an outage within its time.
        env.put("LCMS_DEMO_LIFE_PERIOD", "8");
        env.put("LCMS_DEMO_LIFE_DOWN", "4");
        env.put("JAVA_HOME", System.getProperty("java.home"));

        // bad input first: refused with the reason, nothing started
        Run bad = lcms(30, "demo", "--no-such-option");
        assertNotEquals(0, bad.exit(), bad.output());
        assertTrue(bad.output().contains("demo: unknown option '--no-such-option'"), bad.output());
        Map<String, String> badLife = new HashMap<>(env);
        badLife.put("LCMS_DEMO_LIFE_PERIOD", "soon");
        bad = run(badLife, 30, "demo", "--background");
        assertTrue(bad.output().contains("LCMS_DEMO_LIFE_PERIOD='soon' is not a whole number"), bad.output());
        assertTrue(demoProcesses().isEmpty(), "nothing started: " + demoProcesses());

        long t0 = System.nanoTime();
        Run started = lcms(DEMO_START_TIMEOUT_S, "demo", "--background");
        long startMillis = (System.nanoTime() - t0) / 1_000_000;
        LcmsContainerTestSupport.report("./lcms demo --background up (sample loaded, roles applied) in " + startMillis
            + " ms");
        assertEquals(0, started.exit(), started.output() + logs());
        assertTrue(started.output().contains("roles applied: every agent reports its role"), started.output());
        assertTrue(started.output().contains("https://localhost:" + env.get("LCMS_DEMO_HTTPS_PORT") + "/lcms/"),
            started.output());
        assertTrue(started.output().contains("LCMS initial administrator created: login 'admin', password '"),
            started.output());
        assertTrue(started.output().contains("(self-signed certificate: accept it once)"), "the web UI is in the "
            + "demo:\n" + started.output());
        // the printed address serves the UI's login page over HTTPS (the browser tests log in through it)
        TrustingHttps.Page login = TrustingHttps.get("https://localhost:" + env.get("LCMS_DEMO_HTTPS_PORT")
            + "/lcms/login");
        assertTrue(login.status() == 200 && login.body().contains("VAADIN"), "the demo's web UI login page: " + login);

        // the roles as the agents themselves report them (net-snmp, SNMPv3 authPriv with the demo's secrets)
        Properties secrets = new Properties();
        try (var in = Files.newBufferedReader(demo.resolve(".simulated-hosts"))) {
            secrets.load(in);
        }
        String pen = LcmsContainerTestSupport.required("lcms.pen");
        String roleType = ".1.3.6.1.4.1." + pen + ".2.1.2.1.0";
        String roleState = ".1.3.6.1.4.1." + pen + ".2.1.2.2.0";
        assertEquals("2", snmpget(0, secrets, roleType), "lvs-1 is the load balancer of www");
        assertEquals("4", snmpget(0, secrets, roleState), "active: its failover holds www's VIP");
        assertEquals("3", snmpget(1, secrets, roleType), "lvs-2 is the backup of www");
        assertEquals("3", snmpget(1, secrets, roleState), "standing by");
        assertEquals("2", snmpget(2, secrets, roleType), "lvs-3 is the load balancer of mail");
        for (int rs = 3; rs <= 5; rs++) {
            assertEquals("4", snmpget(rs, secrets, roleType), "web-" + (rs - 2) + " is a real server");
        }
        String status = client("lcms:hosts-status");
        assertTrue(status.lines().filter(l -> l.contains("in sync")).count() == 6, status);
        assertTrue(status.lines().anyMatch(l -> l.startsWith("lvs-2 ") && l.contains(" standby ")), status);

        // the life: a real server's service stops and starts again; the LB's health check reports both
        t0 = System.nanoTime();
        String events = awaitClient("lcms:events --type real-server-state-change",
            e -> e.contains("is down (was up): health check: failed") && e.contains("is up (was down)"), 60);
        LcmsContainerTestSupport.report("a real server down and back in lcms:events " + (System.nanoTime() - t0)
            / 1_000_000 + " ms after the demo was up:\n" + events);

        Run stopped = lcms(90, "demo", "stop");
        assertEquals(0, stopped.exit(), stopped.output());
        assertTrue(stopped.output().contains("demo stopped"), stopped.output());
        List<String> left = demoProcesses();
        assertTrue(left.isEmpty(), "no process of the demo is left: " + left);
        for (int i = 0; i < 6; i++) {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address(i)),
                AGENT_PORT))) {
                assertEquals(AGENT_PORT, s.getLocalPort()); // the agent's port is free again
            }
        }
        assertTrue(lcms(30, "demo", "stop").output().contains("no demo is running"));

        // again, on the data kept: the agents restart with their kept roles and policies, the model is not loaded
        // twice; then Karaf is killed (SIGKILL): the supervisor's watchdog ends the simulated hosts by itself
        t0 = System.nanoTime();
        Run again = lcms(DEMO_START_TIMEOUT_S, "demo", "--background");
        LcmsContainerTestSupport.report("./lcms demo --background again on the kept data in "
            + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertEquals(0, again.exit(), again.output() + logs());
        assertTrue(again.output().contains("sample loaded earlier") && again.output().contains("roles applied"),
            again.output());
        assertEquals("2", snmpget(0, secrets, roleType));
        long karaf = Long.parseLong(Files.readString(demo.resolve("karaf.pid")).strip());
        ProcessHandle.of(karaf).orElseThrow().destroyForcibly();
        t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(20);
        while (!demoProcesses().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(demoProcesses().isEmpty(), "the watchdog ended the hosts after Karaf was killed: "
            + demoProcesses() + logs());
        LcmsContainerTestSupport.report("Karaf killed -> simulated hosts gone after " + (System.nanoTime() - t0)
            / 1_000_000 + " ms");
    }

    /** Whatever happened: nothing of the demo outlives the test. */
    @AfterEach
    void stopEverything() throws Exception {
        if (!demoProcesses().isEmpty()) {
            lcms(90, "demo", "stop");
            ProcessHandle.allProcesses().filter(DemoIT::ofThisDemo).forEach(ProcessHandle::destroyForcibly);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private record Run(int exit, String output) {
    }

    private Run lcms(int seconds, String... args) throws Exception {
        return run(env, seconds, args);
    }

    private Run run(Map<String, String> environment, int seconds, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(Path.of(LcmsContainerTestSupport.required("lcms.it.work")), "demo-it-", ".out");
        // Output to a file, not a pipe: Karaf and the simulated hosts outlive the command and must not hold it.
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(environment);
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + seconds + " s:\n"
                + Files.readString(out) + logs());
        }
        return new Run(p.exitValue(), Files.readString(out));
    }

    private String client(String command) throws Exception {
        String password = Files.readString(demo.resolve(".demo-password")).strip();
        Path out = Files.createTempFile(Path.of(LcmsContainerTestSupport.required("lcms.it.work")), "demo-client-",
            ".out");
        ProcessBuilder pb = new ProcessBuilder(demo.resolve("bin/client").toString(), "-a",
            env.get("LCMS_DEMO_SSH_PORT"), "-h", "127.0.0.1", "-u", "lcms-demo", "-p", password, "-b")
            .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        p.getOutputStream().write((command + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not answer within 60 s");
        }
        String text = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new AssertionError(command + " failed (" + p.exitValue() + "): " + text);
        }
        return text;
    }

    private String awaitClient(String command, Predicate<String> condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String text = "";
        while (System.nanoTime() < deadline) {
            text = client(command);
            if (condition.test(text)) {
                return text;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(command + " did not show what was expected within " + seconds + " s:\n" + text
            + "\nlife.log:\n" + Files.readString(demo.resolve("agents/life.log")) + "\n" + client("lcms:events"));
    }

    private String snmpget(int host, Properties secrets, String oid) throws Exception {
        return LcmsContainerTestSupport.snmpget(address(host) + ":" + AGENT_PORT, "lcms", secrets.getProperty("auth"),
            secrets.getProperty("priv"), oid, demo);
    }

    private static String address(int host) {
        int last = FIRST_ADDRESS.lastIndexOf('.');
        return FIRST_ADDRESS.substring(0, last + 1) + (Integer.parseInt(FIRST_ADDRESS.substring(last + 1)) + host);
    }

    /** Karaf, the agents, the services and the supervisor: each has this demo's directory on its command line. */
    private List<String> demoProcesses() {
        return ProcessHandle.allProcesses().filter(DemoIT::ofThisDemo)
            .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    }

    private static boolean ofThisDemo(ProcessHandle p) {
        String dir = Path.of(LcmsContainerTestSupport.required("lcms.it.work"), "demo-it").toString();
        return p.info().commandLine().map(c -> c.contains(dir + "/") || c.contains(dir + " ") || c.endsWith(dir))
            .orElse(false);
    }

    private String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        for (String f : List.of("agents/life.log", "agents/supervisor.log", "data/log/karaf.out")) {
            Path p = demo.resolve(f);
            if (Files.exists(p)) {
                b.append("\n--- ").append(f).append('\n').append(Files.readString(p));
            }
        }
        return b.toString();
    }

    private static String freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return String.valueOf(s.getLocalPort());
        }
    }

    private static String freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            return String.valueOf(s.getLocalPort());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
