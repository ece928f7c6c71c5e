package org.lcms.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The karaf-assembly tar.gz as an operator gets it, run as a real process: extracted under target/, with no Maven
 * repository reachable, a login of its own for bin/client and a free ssh port; started, asked through bin/client
 * (batch mode), stopped. For the tests that need the distribution itself rather than a Pax Exam container.
 */
final class AssemblyProcess implements AutoCloseable {
    static final int BOOT_TIMEOUT_S = 120;

    private final Path home;
    private final Path userHome;
    private final String sshPort;
    private final String user = "lcms-itest";
    private final String password = randomPassword();
    private Process karaf;
    private Thread reaper;
    private String javaOptions = "";

    /** Extracts the assembly into target/{@code workName} (deleted first). */
    AssemblyProcess(String workName) throws Exception {
        Path archive = Path.of(LcmsContainerTestSupport.required("lcms.assembly"));
        Path work = Path.of(LcmsContainerTestSupport.required("lcms.it.work"), workName);
        deleteTree(work);
        Files.createDirectories(work);
        exec(work, List.of("tar", "xzf", archive.toString(), "-C", work.toString()), Map.of(), 60);
        try (Stream<Path> top = Files.list(work)) {
            home = top.filter(p -> Files.isDirectory(p.resolve("bin"))).findFirst()
                .orElseThrow(() -> new AssertionError(archive + " holds no Karaf directory"));
        }
        userHome = Files.createDirectories(work.resolve("empty-home"));
        sshPort = freePort();
    }

    Path home() {
        return home;
    }

    /** Adds an option to the Karaf JVM's command line (EXTRA_JAVA_OPTS). Call before {@link #start}. */
    void addJavaOption(String option) {
        javaOptions += " " + option;
    }

    /**
     * No Maven repository (no remote one, an empty local one): only system/ inside the distribution. A login for
     * the test only, and a free ssh port. Call before {@link #start}.
     */
    void prepare() throws IOException {
        Path emptyRepository = Files.createDirectories(home.getParent().resolve("empty-m2-repository"));
        Path mvn = home.resolve("etc/org.ops4j.pax.url.mvn.cfg");
        PropertiesFile.set(mvn, "org.ops4j.pax.url.mvn.repositories", "");
        PropertiesFile.set(mvn, "org.ops4j.pax.url.mvn.localRepository", emptyRepository.toString());
        PropertiesFile.set(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", sshPort);
        Path users = home.resolve("etc/users.properties");
        Files.writeString(users, Files.readString(users) + "\n" + user + " = " + password + ",_g_:admingroup\n"
            + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
    }

    /** Starts Karaf and returns the milliseconds until {@code readyCommand} first answered through bin/client. */
    long start(String readyCommand) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf-console.out").toFile()));
        builder.environment().putAll(environment());
        long t0 = System.nanoTime();
        karaf = builder.start();
        // If the test JVM is killed, take Karaf with it.
        Process started = karaf;
        reaper = new Thread(() -> destroyTree(started), "karaf-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);

        String last = "";
        for (long end = t0 + TimeUnit.SECONDS.toNanos(BOOT_TIMEOUT_S); System.nanoTime() < end; Thread.sleep(300)) {
            if (!karaf.isAlive()) {
                fail("Karaf exited with " + karaf.exitValue() + "; see " + home.resolve("karaf-console.out")
                    + " and data/log/karaf.log");
            }
            ClientResult r = tryClient(readyCommand);
            if (r.exit == 0) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            }
            last = r.output;
        }
        fail(readyCommand + " did not answer within " + BOOT_TIMEOUT_S + " s; last client output:\n" + last
            + "\nLCMS lines of data/log/karaf.log:\n" + String.join("\n", logLinesWith("lcms")));
        return -1;
    }

    /** bin/stop, then a kill if Karaf is still there after 30 s. Never leaves a process behind. */
    void stop() throws Exception {
        if (karaf == null) {
            return;
        }
        try {
            if (karaf.isAlive()) {
                exec(home, List.of(home.resolve("bin/stop").toString()), environment(), 30);
                if (!karaf.waitFor(30, TimeUnit.SECONDS)) {
                    System.out.println("[lcms-itest] Karaf did not stop within 30 s of bin/stop; killing it");
                }
            }
        } finally {
            destroyTree(karaf);
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            karaf = null;
        }
    }

    /** The Karaf JVM's process (bin/karaf is a script that starts it). */
    private ProcessHandle java() {
        return karaf.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
            .findFirst().orElse(karaf.toHandle());
    }

    /**
     * The Karaf JVM's heap in use right after a full collection (jcmd GC.run, then GC.heap_info), in KiB, with
     * the metaspace in use: {@code [heap, metaspace]}.
     */
    long[] heapAfterGc() throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        String pid = String.valueOf(java().pid());
        Process gc = new ProcessBuilder(jcmd, pid, "GC.run").redirectErrorStream(true).start();
        String gcOut = new String(gc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            fail("jcmd GC.run failed: " + gcOut);
        }
        Process info = new ProcessBuilder(jcmd, pid, "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor(60, TimeUnit.SECONDS);
        // G1 prints one "garbage-first heap total ..K, used ..K" line; the serial and parallel collectors (a machine
        // with one CPU) one per generation: the heap in use is their sum.
        java.util.regex.Matcher heap = java.util.regex.Pattern.compile("(?m)^\\s*[A-Za-z-]+[A-Za-z -]*\\s+total "
            + "\\d+K, used (\\d+)K").matcher(text);
        long used = 0;
        int parts = 0;
        while (heap.find()) {
            used += Long.parseLong(heap.group(1));
            parts++;
        }
        java.util.regex.Matcher meta = java.util.regex.Pattern.compile("Metaspace\\s+used (\\d+)K").matcher(text);
        if (parts == 0 || !meta.find()) {
            fail("unexpected jcmd GC.heap_info output:\n" + text);
        }
        return new long[] {used, Long.parseLong(meta.group(1))};
    }

    /**
     * How many files the Karaf JVM holds open whose path contains {@code part} (the links in /proc/PID/fd; a file
     * deleted while open still counts, as "... (deleted)").
     */
    int openFilesContaining(String part) throws IOException {
        int count = 0;
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(java().pid()), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().contains(part)) {
                        count++;
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed between the listing and the read
                }
            }
        }
        return count;
    }

    /** The Karaf JVM's class histogram (jcmd GC.class_histogram: after a full GC), as jcmd prints it. */
    String classHistogram() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            String.valueOf(java().pid()), "GC.class_histogram").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return text;
    }

    /** The Karaf JVM's threads by name with their digits taken out ("qtp#-#"), and how many of each. */
    java.util.SortedMap<String, Integer> threadNames() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            String.valueOf(java().pid()), "Thread.print").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        java.util.SortedMap<String, Integer> names = new java.util.TreeMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\"([^\"]*)\"").matcher(text);
        while (m.find()) {
            names.merge(m.group(1).replaceAll("\\d+", "#"), 1, Integer::sum);
        }
        return names;
    }

    /** A thread dump of the running Karaf JVM (jstack) into a file next to it, for a failure's message; its path. */
    String threadDump() {
        Path dump = home.resolve("threads-" + System.currentTimeMillis() + ".txt");
        try {
            ProcessHandle java = java();
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                String.valueOf(java.pid())).redirectErrorStream(true).redirectOutput(dump.toFile()).start()
                .waitFor(30, TimeUnit.SECONDS);
            return dump.toString();
        } catch (IOException | RuntimeException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no thread dump: interrupted)";
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, String> environment() {
        return Map.of(
            "HOME", userHome.toString(),
            "JAVA_HOME", System.getProperty("java.home"),
            // The JVM takes user.home from the password database, not from HOME.
            "EXTRA_JAVA_OPTS", "-Duser.home=" + userHome + javaOptions);
    }

    record ClientResult(int exit, String output) {
    }

    /**
     * Runs one command through bin/client in batch mode (command on stdin). Batch mode also avoids a Karaf
     * 4.4 client quirk: given a command argument and a stdin already at end of file, it closes the channel
     * before the command runs.
     */
    ClientResult tryClient(String command) throws Exception {
        Path in = Files.writeString(home.resolve("client-command.txt"), command + "\n");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString(),
            "-a", sshPort, "-h", "127.0.0.1", "-u", user, "-p", password, "-b")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectInput(in.toFile());
        builder.environment().putAll(environment());
        Process client = builder.start();
        byte[] out = client.getInputStream().readAllBytes();
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
            destroyTree(client);
            return new ClientResult(-1, "bin/client timed out");
        }
        return new ClientResult(client.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed; its output. */
    String client(String command) throws Exception {
        ClientResult r = tryClient(command);
        assertEquals(0, r.exit, command + " failed:\n" + r.output);
        return r.output;
    }

    List<String> logLinesWith(String text) throws IOException {
        List<String> found = new ArrayList<>();
        Path logs = home.resolve("data/log");
        if (!Files.isDirectory(logs)) {
            return found;
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("karaf.log")).sorted().toList()) {
                Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).forEach(found::add);
            }
        }
        return found;
    }

    static void exec(Path dir, List<String> command, Map<String, String> env, int seconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            destroyTree(p);
            fail(command + " did not finish within " + seconds + " s");
        }
        if (p.exitValue() != 0) {
            fail(command + " exited with " + p.exitValue() + ":\n" + new String(out, StandardCharsets.UTF_8));
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return String.valueOf(s.getLocalPort());
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Reads and sets single keys of a Karaf .cfg file, keeping its comments and other keys. */
    static final class PropertiesFile {
        private PropertiesFile() {
        }

        static String get(Path file, String key) throws IOException {
            java.util.Properties p = new java.util.Properties();
            try (var reader = Files.newBufferedReader(file)) {
                p.load(reader);
            }
            return p.getProperty(key);
        }

        /** Replaces every logical line (continuations included) that sets {@code key}, then appends the new one. */
        static void set(Path file, String key, String value) throws IOException {
            List<String> kept = new ArrayList<>();
            boolean skipping = false;
            for (String line : Files.readAllLines(file)) {
                String s = line.strip();
                if (!skipping && !s.startsWith("#") && s.matches(java.util.regex.Pattern.quote(key) + "\\s*[=:].*")) {
                    skipping = true;
                }
                if (skipping) {
                    skipping = s.endsWith("\\");
                    continue;
                }
                kept.add(line);
            }
            kept.add(key + " = " + value);
            Files.write(file, kept);
        }
    }
}
