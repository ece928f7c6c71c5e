package org.lcms.agent.role;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A host that only exists in memory: it records every step it would carry out ({@link #record()}) and keeps
 * the addresses and sysctls those steps would leave. The default where the agent has no root (tests, demo).
 * A failure can be injected to exercise the error paths ({@link #failWhen}). The record keeps the newest
 * {@value #RECORD_LIMIT} steps, so that a long-running demo host does not grow without bound.
 */
public final class DryRunHostConfigurator extends StepwiseHostConfigurator {
    private final Set<String> addresses = new HashSet<>(); // "prefix dev"
    private final Map<String, String> sysctls = new HashMap<>();
    static final int RECORD_LIMIT = 10_000;
    private final Deque<String> record = new ArrayDeque<>();
    private Predicate<HostStep> failWhen = s -> false;

    /** The steps carried out so far (the newest {@value #RECORD_LIMIT}), as the command an operator would type, oldest first. */
    public synchronized List<String> record() {
        return List.copyOf(record);
    }

    /** The addresses the simulated host holds, as "PREFIX dev DEVICE". */
    public synchronized Set<String> addresses() {
        Set<String> out = new HashSet<>();
        addresses.forEach(a -> out.add(a.replace(" ", " dev ")));
        return out;
    }

    public synchronized String sysctl(String key) {
        return sysctls.getOrDefault(key, "0");
    }

    /** From now on, steps matching {@code failure} fail as the system would refuse them. */
    public synchronized void failWhen(Predicate<HostStep> failure) {
        this.failWhen = failure;
    }

    private void attempt(HostStep step) throws IOException {
        if (failWhen.test(step)) {
            throw new IOException("simulated failure");
        }
        if (record.size() == RECORD_LIMIT) {
            record.removeFirst();
        }
        record.addLast(String.join(" ", step.commandLine()));
    }

    @Override
    synchronized boolean hasAddress(String prefix, String device) {
        return addresses.contains(prefix + " " + device);
    }

    @Override
    synchronized void addAddress(String prefix, String device) throws IOException {
        attempt(new HostStep.AddAddress(prefix, device));
        addresses.add(prefix + " " + device);
    }

    @Override
    synchronized void removeAddress(String prefix, String device) throws IOException {
        attempt(new HostStep.RemoveAddress(prefix, device));
        addresses.remove(prefix + " " + device);
    }

    @Override
    synchronized String readSysctl(String key) {
        return sysctl(key);
    }

    @Override
    synchronized void writeSysctl(String key, String value) throws IOException {
        attempt(new HostStep.SetSysctl(key, value));
        sysctls.put(key, value);
    }
}
