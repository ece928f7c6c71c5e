package org.lcms.agent.host;

import java.util.List;
import java.util.Set;

/**
 * Where the agent starts the commands it drives (nft, ipvsadm, ip, arping, chrt, health-check scripts).
 *
 * <p>The launcher ({@code bin/lcms-agent}) tunes glibc's malloc for the JVM's footprint: one arena, mmap for every
 * block of 64 KB or more, no top pad, trim at 128 KB. Those settings are environment variables, so every child
 * inherited them, and for a C program that allocates and frees buffers of that size on every command they are
 * ruinous: the VIP switch's long-running {@code nft -i}, re-arming every ~25 ms, mapped and unmapped its netlink
 * cache ~10 times per command and burnt 20–60 % of a CPU while holding a VIP on the bed (0.5 ms of CPU per
 * command without them, 5–6 ms with them, measured with the same command stream). The children get the
 * environment without them; what they are tuned for is the JVM alone.
 */
public final class ChildProcesses {
    /** The launcher's malloc tuning for the JVM; not for the programs it starts. */
    static final Set<String> JVM_ONLY_ENVIRONMENT = Set.of("MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_",
        "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_");

    private ChildProcesses() {
    }

    /** A builder for {@code command} whose environment is the agent's without the JVM-only settings. */
    public static ProcessBuilder builder(List<String> command) {
        return withoutJvmTuning(new ProcessBuilder(command));
    }

    /** See {@link #builder(List)}. */
    public static ProcessBuilder builder(String... command) {
        return builder(List.of(command));
    }

    static ProcessBuilder withoutJvmTuning(ProcessBuilder pb) {
        pb.environment().keySet().removeAll(JVM_ONLY_ENVIRONMENT);
        return pb;
    }
}
