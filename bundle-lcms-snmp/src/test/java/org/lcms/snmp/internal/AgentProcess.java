package org.lcms.snmp.internal;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.lcms.agent.NodeAgent;
import org.lcms.mib.LcmsMib;
import org.snmp4j.Snmp;
import org.snmp4j.agent.AgentConfigManager;

/**
 * A real node agent ({@link NodeAgent}) in its own JVM, with the dry-run configurator, for tests of the manager.
 * Its state directory survives {@link #kill()} and {@link #start()} (same engine ID, boots + 1), like a host's.
 */
final class AgentProcess implements AutoCloseable {
    static final String USER = "lcms";
    static final String AUTH = "lcms-test-auth-1";
    static final String PRIV = "lcms-test-priv-1";

    final String address;
    final int port;
    private final Path dir;
    private final Map<String, String> extra;
    private Process process;

    AgentProcess(Path dir, String address, int port, Map<String, String> extra) {
        this.dir = dir;
        this.address = address;
        this.port = port;
        this.extra = extra;
    }

    /** A UDP port free on every one of {@code addresses}. */
    static int freePortOn(List<String> addresses) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(addresses.get(0)),
                0))) {
                port = s.getLocalPort();
            }
            boolean free = true;
            for (String a : addresses) {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(a), port))) {
                    s.getLocalPort();
                } catch (IOException e) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return port;
            }
        }
        throw new IOException("no UDP port free on all of " + addresses);
    }

    AgentProcess start() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        StringBuilder cfg = new StringBuilder();
        cfg.append("listen = ").append(address).append('/').append(port).append('\n');
        cfg.append("stateDirectory = ").append(dir.resolve("state")).append('\n');
        cfg.append("configurator = dry-run\n");
        cfg.append("user.").append(USER).append(".authPassword = ").append(AUTH).append('\n');
        cfg.append("user.").append(USER).append(".privPassword = ").append(PRIV).append('\n');
        cfg.append("user.").append(USER).append(".access = readwrite\n");
        extra.forEach((k, v) -> cfg.append(k).append(" = ").append(v).append('\n'));
        Path file = dir.resolve("agent.cfg");
        Files.writeString(file, cfg);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath(), NodeAgent.class.getName(),
            "--config", file.toString()));
        Path log = dir.resolve("agent.log");
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains("lcms-agent: listening on")) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IOException("the agent at " + address + "/" + port + " exited: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new IOException("the agent at " + address + "/" + port + " did not start in 20 s: "
            + Files.readString(log));
    }

    /** Stops the agent as a crash would (SIGKILL). */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("agent.log"));
    }

    private static String classPath() {
        // the failover core too: the agent reads its health-check defaults (RotationPlanner) at every start
        return Stream.of(NodeAgent.class, LcmsMib.class, Snmp.class, AgentConfigManager.class,
            org.lcms.failover.core.RotationPlanner.class).map(c -> {
            try {
                return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).distinct().collect(Collectors.joining(File.pathSeparator));
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
