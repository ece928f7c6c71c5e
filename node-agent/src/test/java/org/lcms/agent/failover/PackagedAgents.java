package org.lcms.agent.failover;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Node agents started from the packaged tar.gz as an operator starts them ({@code bin/lcms-agent --config}), each
 * logging to {@code NAME.log} in the test's directory; the ITs wait for and count their log lines.
 */
final class PackagedAgents implements AutoCloseable {
    private final Path tmp;
    private final Path home;
    private final List<String> names;
    private final Map<String, Process> running = new LinkedHashMap<>();

    /** Unpacks the distribution named by the system property {@code lcms.agent.dist} into {@code tmp}. */
    PackagedAgents(Path tmp, List<String> names) throws Exception {
        this.tmp = tmp;
        this.names = List.copyOf(names);
        FailoverAgentsIT.exec(List.of("tar", "xzf", System.getProperty("lcms.agent.dist"), "-C", tmp.toString()));
        try (var dirs = Files.list(tmp)) {
            home = dirs.filter(p -> p.getFileName().toString().startsWith("lcms-agent-")).findFirst().orElseThrow();
        }
    }

    /** A directory of its own for agent {@code name} (its agent.cfg and state). */
    Path dir(String name) throws Exception {
        return Files.createDirectories(tmp.resolve(name));
    }

    /** Starts agent {@code name} with these agent.cfg lines; its output is appended to its log. */
    void start(String name, List<String> cfgLines) throws Exception {
        Path cfg = dir(name).resolve("agent.cfg");
        Files.writeString(cfg, String.join("\n", cfgLines) + "\n");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/lcms-agent").toString(), "--config", cfg.toString())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        running.put(name, pb.start());
    }

    /** Kills agent {@code name} (SIGKILL) and waits for it to be gone. */
    void kill(String name) throws Exception {
        running.remove(name).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    Path log(String name) {
        return tmp.resolve(name + ".log");
    }

    long count(String name, String text) throws Exception {
        return Files.readAllLines(log(name)).stream().filter(l -> l.contains(text)).count();
    }

    void awaitLine(String name, String text, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (Files.exists(log(name)) && Files.readString(log(name)).contains(text)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(name + " did not print '" + text + "' within " + seconds + " s:" + logs());
    }

    /** Every agent's log, for a failure's message. */
    String logs() throws Exception {
        StringBuilder logs = new StringBuilder();
        for (String n : names) {
            logs.append("\n--- ").append(n).append('\n').append(Files.exists(log(n)) ? Files.readString(log(n)) : "");
        }
        return logs.toString();
    }

    @Override
    public void close() {
        running.values().forEach(Process::destroyForcibly);
    }
}
