package org.lcms.agent.failover;

import org.lcms.agent.host.ChildProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real-time scheduling (SCHED_RR, through util-linux {@code chrt}) for the failover's thread and the dead man's
 * switch's {@code nft} process, as keepalived does for its VRRP process ({@code vrrp_rt_priority}): leases of
 * about a hundred milliseconds must be renewed on time even when the host is busy, or the holder gives up the
 * VIP for nothing. On the network-namespace bed (2 CPUs shared by six agents, the clients and the build) the
 * holder's thread was kept off the CPU for more than a lease several times a minute without it. Both only
 * sleep between short bursts of work, so they cannot starve the host. The agent gives the health-check threads the
 * same (keepalived: {@code checker_rt_priority}). Needs root (CAP_SYS_NICE).
 */
public final class RealtimePriority {
    private RealtimePriority() {
    }

    /** The kernel's id of this process's thread named {@code name} (Java names its native threads). */
    public static Optional<Long> threadId(String name) {
        String comm = name.length() > 15 ? name.substring(0, 15) : name; // the kernel keeps 15 characters
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm"), StandardCharsets.UTF_8).trim().equals(comm);
                } catch (IOException e) {
                    return false; // the thread ended meanwhile
                }
            }).map(t -> Long.parseLong(t.getFileName().toString())).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Puts thread or process {@code id} under SCHED_RR at {@code priority} (1..99).
     *
     * @return empty when done, else why not (for the log: the failover works without it, with less margin)
     */
    public static Optional<String> apply(long id, int priority) {
        if (priority < 1 || priority > 99) {
            throw new IllegalArgumentException("a real-time priority is 1..99, was " + priority);
        }
        try {
            Process p = ChildProcesses.builder("chrt", "-r", "-p", Integer.toString(priority), Long.toString(id))
                .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("chrt did not finish within 5 s");
            }
            return p.exitValue() == 0 ? Optional.empty() : Optional.of("chrt said: " + out + " (root is needed)");
        } catch (IOException e) {
            return Optional.of("chrt cannot be started (" + e.getMessage() + "; it is in util-linux)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
