package org.lcms.agent.snmp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A private net-snmp {@code snmptrapd} on 127.0.0.1:PORT that logs every notification it accepts to a file,
 * numeric OIDs, one notification per line. It accepts SNMPv2c notifications with one community
 * ({@code authCommunity log}), or whatever the given snmptrapd.conf lines allow (SNMPv3 users:
 * {@code createUser} + {@code authUser}); {@code -C} keeps it from reading the system's snmptrapd.conf, and its
 * persistent directory is private to the test.
 */
public final class Snmptrapd implements AutoCloseable {
    private final Process process;
    private final Path log;

    public Snmptrapd(Path dir, int port, String community) throws IOException, InterruptedException {
        this(dir, port, List.of("authCommunity log " + community));
    }

    /** {@code options}: more snmptrapd options, e.g. {@code -d} (log each packet received and sent). */
    Snmptrapd(Path dir, int port, List<String> config, String... options) throws IOException, InterruptedException {
        Path conf = dir.resolve("snmptrapd.conf");
        Files.writeString(conf, String.join("\n", config) + "\n");
        log = dir.resolve("snmptrapd.log");
        List<String> cmd = new ArrayList<>(List.of(NetSnmp.which("snmptrapd").toString(), "-f", "-Lo", "-n", "-On",
            "-C", "-c", conf.toString(), "-p", dir.resolve("snmptrapd.pid").toString()));
        cmd.addAll(List.of(options));
        cmd.add("udp:127.0.0.1:" + port);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MIBS", "");
        pb.environment().put("SNMP_PERSISTENT_DIR", dir.resolve("persist").toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        process = pb.start();
        // It logs its version line once it listens.
        awaitLine(l -> l.contains("NET-SNMP version"), 5_000, "snmptrapd did not start");
    }

    /** Waits for a logged line matching {@code match}; fails with the log after {@code millis}. */
    public String awaitLine(Predicate<String> match, long millis, String failure) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        do {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (String l : lines) {
                if (match.test(l)) {
                    return l;
                }
            }
            if (!process.isAlive()) {
                fail(failure + ": snmptrapd exited (" + process.exitValue() + "); log:\n" + String.join("\n", lines));
            }
            Thread.sleep(50);
        } while (System.nanoTime() < end);
        fail(failure + " within " + millis + " ms; snmptrapd log:\n" + Files.readString(log));
        return null;
    }

    /** The logged lines matching {@code match}, now. */
    public List<String> lines(Predicate<String> match) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(match).toList();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
        }
    }
}
