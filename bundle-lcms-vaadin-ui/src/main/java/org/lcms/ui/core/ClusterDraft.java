package org.lcms.ui.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;

/**
 * What the administrator has entered in the cluster builder so far, as typed (texts are parsed by {@link DraftCheck}).
 * Defaults are those of lcms:cluster-build: tcp, wlc, the agents' own health check. Not thread-safe: one per view.
 */
public final class ClusterDraft {
    private String id = "";
    private String vip = "";
    private String port = "";
    private ServiceProtocol protocol = ServiceProtocol.TCP;
    private Scheduler scheduler = Scheduler.WLC;
    private String loadBalancer = "";
    private final List<String> backups = new ArrayList<>();
    /** Host -> weight as typed, in the order added. */
    private final Map<String, String> realServers = new LinkedHashMap<>();
    private HealthCheckChoice healthCheck = HealthCheckChoice.AGENTS_OWN;

    public String id() {
        return id;
    }

    public void id(String value) {
        id = Objects.requireNonNullElse(value, "").trim();
    }

    public String vip() {
        return vip;
    }

    public void vip(String value) {
        vip = Objects.requireNonNullElse(value, "").trim();
    }

    public String port() {
        return port;
    }

    public void port(String value) {
        port = Objects.requireNonNullElse(value, "").trim();
    }

    public ServiceProtocol protocol() {
        return protocol;
    }

    public void protocol(ServiceProtocol value) {
        protocol = Objects.requireNonNullElse(value, ServiceProtocol.TCP);
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public void scheduler(Scheduler value) {
        scheduler = Objects.requireNonNullElse(value, Scheduler.WLC);
    }

    /** {@code ""} while none is chosen. */
    public String loadBalancer() {
        return loadBalancer;
    }

    public void loadBalancer(String host) {
        loadBalancer = Objects.requireNonNullElse(host, "");
    }

    /** In takeover order: the first is the primary backup. */
    public List<String> backups() {
        return List.copyOf(backups);
    }

    /** Adds {@code host} as the last backup (no change if it is one already). */
    public void addBackup(String host) {
        if (!backups.contains(host)) {
            backups.add(host);
        }
    }

    public void removeBackup(String host) {
        backups.remove(host);
    }

    /** Moves {@code host} one rank up ({@code -1}, towards primary) or down ({@code +1}); no change at an end. */
    public void moveBackup(String host, int by) {
        int from = backups.indexOf(host);
        int to = from + Integer.signum(by);
        if (from >= 0 && to >= 0 && to < backups.size()) {
            backups.remove(from);
            backups.add(to, host);
        }
    }

    /** Host -> weight as typed, in the order added. */
    public Map<String, String> realServers() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(realServers));
    }

    /** Adds {@code host} as real server, or changes the weight it has (keeping its place). */
    public void realServer(String host, String weight) {
        realServers.put(host, Objects.requireNonNullElse(weight, "").trim());
    }

    public void removeRealServer(String host) {
        realServers.remove(host);
    }

    public HealthCheckChoice healthCheck() {
        return healthCheck;
    }

    public void healthCheck(HealthCheckChoice value) {
        healthCheck = Objects.requireNonNullElse(value, HealthCheckChoice.AGENTS_OWN);
    }

    /** Every host chosen in the steps before {@code step}, to leave them out of its choices. */
    public List<String> chosenBefore(BuildStep step) {
        List<String> out = new ArrayList<>();
        if (step.compareTo(BuildStep.LOAD_BALANCER) > 0 && !loadBalancer.isEmpty()) {
            out.add(loadBalancer);
        }
        if (step.compareTo(BuildStep.BACKUPS) > 0) {
            out.addAll(backups);
        }
        if (step.compareTo(BuildStep.REAL_SERVERS) > 0) {
            out.addAll(realServers.keySet());
        }
        return out;
    }
}
