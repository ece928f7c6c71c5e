package org.lcms.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.inject.Inject;
import javax.security.auth.Subject;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Shared base of the Pax Exam tests: a forked Karaf on free ports whose Maven resolver reads this build's
 * artifacts, and helpers that run shell commands as an administrator and wait for services.
 *
 * <p>Pax Exam runs each test class twice: {@link #karafOptions} in the build's JVM (it forks Karaf), the
 * {@code @Test} methods inside Karaf as a probe bundle. Values reach the probe only as system properties.
 * Nothing here loads an {@code org.lcms} class: a probe wired to our bundle would be refreshed (restarted) by
 * the uninstalls the tests drive, so services and commands are reached by name.
 */
public abstract class LcmsContainerTestSupport {

    static final String CLUSTER_DIRECTORY = "org.lcms.model.api.ClusterDirectory";

    @Inject
    protected BundleContext context;

    @Inject
    protected FeaturesService features;

    @Inject
    protected SessionFactory sessionFactory;

    /**
     * The probe imports what it needs on first use (DynamicImport-Package), but never org.lcms.*: a probe wired
     * to our bundle would be refreshed, i.e. stopped in the middle of a test, when the feature is uninstalled.
     */
    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder probe) {
        probe.setHeader(Constants.DYNAMICIMPORT_PACKAGE,
            "org.apache.karaf.*,org.osgi.*,org.ops4j.*,org.junit,org.junit.*,junit.*,org.hamcrest,org.hamcrest.*,javax.*,org.slf4j,org.slf4j.*");
        return probe;
    }

    /**
     * Options for a Karaf distribution (by file path) unpacked under target/exam. Its Maven resolver reads
     * the reactor copy of our artifacts first ({@code lcms.it.repository}), the build's local repository
     * second (Pax Exam's own bundles come from there), and no remote repository: nothing is downloaded.
     */
    protected static List<Option> karafOptions(String distribution, String name) throws IOException {
        String karafVersion = System.getProperty("lcms.karaf.version");
        String reactorRepository = new File(required("lcms.it.repository")).toURI().toString();
        List<Option> options = new ArrayList<>(List.of(
            karafDistributionConfiguration(new File(distribution).toURI().toString(), name, karafVersion)
                .unpackDirectory(new File(required("lcms.it.work"), "exam"))
                .useDeployFolder(false),
            // The forked Karaf must not read the build's stdin.
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            // Free ports: a Karaf already running here (or a parallel build) must not break the test.
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", freePort()),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", freePort()),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", freePort()),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryHost", "127.0.0.1"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerHost", "127.0.0.1"),
            // Stock etc/org.ops4j.pax.url.mvn.cfg leaves localRepository unset (then ~/.m2/repository of the
            // Karaf user, or what ~/.m2/settings.xml says) and lists Maven Central and two snapshot
            // repositories as remote ones. Made explicit and offline here.
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                reactorRepository + "@id=lcms.reactor@snapshots,"
                    + "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots,"
                    + "${karaf.data.uri}kar@id=kar.repository@multi@snapshots"),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                required("lcms.it.localRepository")),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
            systemProperty("lcms.version").value(required("lcms.version")),
            systemProperty("lcms.it.work").value(required("lcms.it.work"))));
        if (Boolean.getBoolean("lcms.it.keep")) {
            // -Dlcms.it.keep=true keeps target/exam/<uuid> (etc/, data/log/karaf.log) for a post-mortem.
            options.add(keepRuntimeFolder());
        }
        return options;
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set; run the test through "
                + "Maven (mvn -pl itests verify), which sets it from the itests pom");
        }
        return value;
    }

    static String freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return String.valueOf(s.getLocalPort());
        }
    }

    /** What a shell command printed, and what it threw (null if it succeeded). */
    protected record CommandResult(String command, String output, Exception failure) {

        /** Every message of the failure and its causes, one per line; empty if the command succeeded. */
        String failureMessages() {
            StringBuilder text = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
            }
            return text.toString();
        }

        /** True if the failure or one of its causes has a message starting with {@code prefix}. */
        boolean failedWith(String prefix) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t.getMessage() != null && t.getMessage().startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "'" + command + "' printed:\n" + output
                + (failure == null ? "" : "and failed with:\n" + failureMessages());
        }
    }

    /**
     * Runs one command line in a fresh console session, as user {@code itest} with Karaf's admin roles (as an
     * ssh login of the admin group would), and captures what it prints.
     */
    protected CommandResult run(String command) {
        return run(command, List.of("admin", "manager", "viewer", "systembundles", "ssh"));
    }

    /** Runs one command line as user {@code itest} with exactly the given Karaf roles. */
    protected CommandResult run(String command, List<String> roles) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), out, out);
        session.put("USER", "itest");
        session.put("APPLICATION", System.getProperty("karaf.name", "root"));
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("itest"));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        Exception failure = null;
        try {
            Object result = Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
            if (result != null) {
                out.println(result);
            }
        } catch (java.security.PrivilegedActionException e) {
            failure = e.getException();
        } catch (Exception e) {
            failure = e;
        } finally {
            session.close();
        }
        out.flush();
        return new CommandResult(command, bytes.toString(StandardCharsets.UTF_8), failure);
    }

    /** Runs a command that must succeed and returns its output. */
    protected String ok(String command) {
        CommandResult result = run(command);
        if (result.failure() != null) {
            throw new AssertionError("Expected success: " + result, result.failure());
        }
        return result.output();
    }

    /** Runs {@code command} until {@code done} accepts the result or {@code seconds} pass. */
    protected CommandResult await(String command, Predicate<CommandResult> done, int seconds) throws InterruptedException {
        CommandResult last = null;
        for (long end = System.nanoTime() + seconds * 1_000_000_000L; System.nanoTime() < end; Thread.sleep(100)) {
            last = run(command);
            if (done.test(last)) {
                return last;
            }
        }
        fail("Gave up after " + seconds + " s; last: " + last);
        return last;
    }

    protected boolean serviceRegistered(String className) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(className, null);
            return refs != null && refs.length > 0;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    protected void awaitService(String className, boolean present, int seconds) throws InterruptedException {
        for (long end = System.nanoTime() + seconds * 1_000_000_000L; System.nanoTime() < end; Thread.sleep(50)) {
            if (serviceRegistered(className) == present) {
                return;
            }
        }
        fail(className + (present ? " did not appear" : " did not go away") + " within " + seconds + " s; LCMS and "
            + "SCR lines of this Karaf's log:\n" + logLines("LCMS", "SCR", "scr", "Exception"));
    }

    /** The lines of this container's karaf.log (the probe runs inside it) containing any of {@code words}. */
    protected static String logLines(String... words) {
        java.nio.file.Path log = java.nio.file.Path.of(System.getProperty("karaf.data", "data"), "log", "karaf.log");
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> java.util.Arrays.stream(words).anyMatch(l::contains)).toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (java.io.IOException | RuntimeException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    /** Waits until one registration of {@code className} has stayed registered for {@code stableMillis}. */
    protected void awaitStableService(String className, long stableMillis, int seconds) throws InterruptedException {
        Object id = null;
        long since = System.nanoTime();
        for (long end = System.nanoTime() + seconds * 1_000_000_000L; System.nanoTime() < end; Thread.sleep(50)) {
            Object current = serviceId(className);
            if (current == null || !current.equals(id)) {
                id = current;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= stableMillis * 1_000_000L) {
                return;
            }
        }
        fail(className + " did not stay registered for " + stableMillis + " ms within " + seconds + " s");
    }

    private Object serviceId(String className) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(className, null);
            return refs == null || refs.length == 0 ? null : refs[0].getProperty(Constants.SERVICE_ID);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------- node agents and net-snmp, for the ITs that run them

    /** Runs a tool (net-snmp, tar) in {@code dir}; its stdout, or an AssertionError with stdout and stderr. */
    protected static String runTool(List<String> cmd, java.nio.file.Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("cmd.err").toFile());
        pb.environment().put("MIBS", "");
        pb.environment().put("SNMP_PERSISTENT_DIR", dir.resolve("net-snmp").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(cmd + " failed: " + out + java.nio.file.Files.readString(dir.resolve("cmd.err")));
        }
        return out;
    }

    /** net-snmp's snmpget, v3 authPriv SHA-256/AES, value only: the agents read independently of the manager. */
    protected static String snmpget(String agent, String user, String auth, String priv, String oid,
                                    java.nio.file.Path dir) throws Exception {
        return runTool(List.of("snmpget", "-v3", "-l", "authPriv", "-u", user, "-a", "SHA-256", "-A", auth, "-x", "AES",
            "-X", priv, "-On", "-Oqv", "-t", "2", "-r", "1", "udp:" + agent, oid), dir).trim();
    }

    /** A UDP port free on every one of {@code addresses} (agents on several loopback addresses share one port). */
    protected static int freePortOnAll(List<String> addresses) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = Integer.parseInt(freePort());
            boolean free = true;
            for (String a : addresses) {
                try (java.net.DatagramSocket s = new java.net.DatagramSocket(new java.net.InetSocketAddress(
                    java.net.InetAddress.getByName(a), port))) {
                    s.getLocalPort();
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return port;
            }
        }
        throw new IOException("no UDP port free on " + addresses);
    }

    /** The lcms:hosts-status line of {@code host} (with spaces around the columns). */
    protected static String hostsStatusLine(String table, String host) {
        return table.lines().filter(l -> l.trim().startsWith(host + " ")).findFirst().map(l -> " "
            + l.replace('|', ' ') + " ").orElse("");
    }

    /**
     * Starts the packaged node agent of {@code home} with {@code cfgLines} as its agent.cfg in {@code dir} and waits
     * until it listens (30 s at most).
     */
    protected static Process startAgentProcess(java.nio.file.Path home, java.nio.file.Path dir, String name,
                                               List<String> cfgLines) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Path cfg = dir.resolve("agent.cfg");
        java.nio.file.Files.writeString(cfg, String.join("\n", cfgLines) + "\n", StandardCharsets.UTF_8);
        java.nio.file.Path log = dir.resolve("agent.log");
        Process p = new ProcessBuilder(home.resolve("bin/lcms-agent").toString(), "--config", cfg.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!java.nio.file.Files.readString(log).contains("lcms-agent: listening on")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("agent " + name + " did not start: " + java.nio.file.Files.readString(log));
            }
            Thread.sleep(50);
        }
        return p;
    }

    /** Prints a measurement; the forked Karaf's stdout shows in the build log (./lcms test sums them up). */
    protected static void report(String line) {
        System.out.println("[lcms-itest] " + line);
    }
}
