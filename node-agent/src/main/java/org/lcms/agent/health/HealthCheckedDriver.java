package org.lcms.agent.health;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.dispatch.DispatchTable;
import org.lcms.agent.dispatch.DispatchTableDriver;
import org.lcms.agent.dispatch.RealServer;
import org.lcms.agent.dispatch.RealServerStatus;
import org.lcms.agent.dispatch.VirtualService;
import org.lcms.failover.core.HealthHysteresis;
import org.lcms.failover.core.LoadAwareWeights;

/**
 * The RS manager's health checks around the real data-plane driver: {@link #apply} keeps the operator's table
 * and hands the inner driver the effective one ({@link HealthBoard}: failed real servers down, or draining with
 * weight 0); each probe result that changes the effective table applies it again, from the checker's thread.
 * Both paths hold one lock, so the inner driver still sees one call at a time.
 *
 * <p>Each endpoint of the table is probed every {@code interval} ms (the delay counts from the end of the
 * previous probe, so a slow server is not probed twice at once) on a small {@link ScheduledExecutorService}.
 * Every health decision is logged on one line (real server, from -&gt; to, why) and each change of a row's
 * effective status goes to the {@link Listener} (lcmsRealServerStateChange), outside the lock: the listener
 * takes the SNMP side's lock, which is held while that side calls {@link #apply}.
 *
 * <p>A failed re-apply is logged and tried again after the next probe of any real server.
 */
public final class HealthCheckedDriver implements DispatchTableDriver, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HealthCheckedDriver.class.getName());
    /** The check threads: {@value #THREAD_NAME}1 .. {@value #THREAD_NAME}4 (names within the kernel's 15 characters). */
    public static final int CHECK_THREADS = 4;
    public static final String THREAD_NAME = "lcms-hc-";
    /** A smaller change of a load factor is not applied: no table rewrite and notification for noise. */
    static final double FACTOR_DEAD_BAND = 0.05;

    /** Told of each change of a row's effective status caused by health. */
    public interface Listener {
        void realServerStateChanged(VirtualService vs, RealServer effective, RealServerStatus previous, String reason);

        /** The sorry server started ({@code serving}) or stopped taking {@code vs}'s new connections. */
        default void sorryServerChanged(VirtualService vs, RealServer sorry, boolean serving, String reason) {
        }

        /** Load-aware weights changed a real server's effective weight from {@code previousWeight}. */
        default void weightChanged(VirtualService vs, RealServer effective, int previousWeight, String reason) {
        }
    }

    private final DispatchTableDriver inner;
    /** Changed only by {@link #reconfigure} (under the lock); read by the check threads. */
    private volatile AgentConfig.HealthCheck settings;
    private volatile HealthProbe probe;
    private final ScheduledExecutorService checks;
    private final LongSupplier clock;
    private final Listener listener;
    private final Optional<RealServerAgents> agents;

    private final Object lock = new Object();
    // Guarded by lock.
    private final HealthBoard board;
    private DispatchTable configured = DispatchTable.EMPTY;
    private DispatchTable applied = DispatchTable.EMPTY;
    private final Map<Endpoint, ScheduledFuture<?>> scheduled = new HashMap<>();
    private boolean closed;
    /** The load-aware factors in the effective table (only moves of at least {@link #FACTOR_DEAD_BAND} count). */
    private final Map<Endpoint, Double> appliedFactors = new HashMap<>();
    private final LoadAwareWeights loadAware;

    /** Changes to report, in the order they were decided; sent by whoever holds {@code sending}. */
    private final Queue<Runnable> outbox = new ArrayDeque<>();
    private final Object sending = new Object();

    HealthCheckedDriver(DispatchTableDriver inner, AgentConfig.HealthCheck settings, HealthProbe probe,
                        ScheduledExecutorService checks, LongSupplier clock, Listener listener) {
        this(inner, settings, probe, Optional.empty(), checks, clock, listener);
    }

    /** @param agents the real servers' agents (the mib check and load-aware weights); closed with this */
    HealthCheckedDriver(DispatchTableDriver inner, AgentConfig.HealthCheck settings, HealthProbe probe,
                        Optional<RealServerAgents> agents, ScheduledExecutorService checks, LongSupplier clock,
                        Listener listener) {
        this.agents = agents;
        this.inner = inner;
        this.settings = settings;
        this.probe = probe;
        this.checks = checks;
        this.clock = clock;
        this.listener = listener;
        this.board = new HealthBoard(settings.hysteresis(), settings.onFailure(), settings.sorryServer());
        this.loadAware = new LoadAwareWeights(settings.loadAware().policy());
        if (settings.loadAware().metric() != AgentConfig.LoadMetric.NONE && agents.isPresent()) {
            checks.scheduleWithFixedDelay(() -> {
                try {
                    loadRound();
                } catch (RuntimeException e) {
                    // an exception would end the periodic task silently: the weights would freeze
                    LOG.log(Level.WARNING, "load-aware weights: a round failed unexpectedly", e);
                }
            }, settings.loadAware().interval(),
                settings.loadAware().interval(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * {@code inner} itself when {@code healthCheck = none}, else the checked driver with its own check threads
     * (close it to stop them; it does not close {@code inner}).
     */
    public static DispatchTableDriver around(DispatchTableDriver inner, AgentConfig.HealthCheck settings,
                                             Listener listener) {
        if (settings.none()) {
            return inner;
        }
        RealServerAgents agents = null;
        if (settings.agent().isPresent()) {
            try {
                agents = new RealServerAgents(settings.agent().get());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("health checks: cannot open a UDP socket to read the real "
                    + "servers' agents: " + e.getMessage(), e);
            }
        }
        int[] n = {0};
        ScheduledThreadPoolExecutor threads = new ScheduledThreadPoolExecutor(CHECK_THREADS, r -> {
            Thread t = new Thread(r, THREAD_NAME + ++n[0]);
            t.setDaemon(true);
            return t;
        });
        threads.setRemoveOnCancelPolicy(true); // real servers come and go: no cancelled tasks piling up
        threads.prestartAllCoreThreads(); // all there from the start, so the agent can give them real-time priority
        LOG.info(() -> "real servers are health-checked: " + describe(settings));
        return new HealthCheckedDriver(inner, settings, HealthProbe.of(settings, agents), Optional.ofNullable(agents),
            threads,
            () -> System.nanoTime() / 1_000_000, listener);
    }

    /** Prepares the table as health would make it now (a guess: the take applies it as health makes it then). */
    @Override
    public void prepare(DispatchTable table) {
        synchronized (lock) {
            inner.prepare(board.effective(table));
        }
    }

    @Override
    public void apply(DispatchTable table) throws DispatchDriverException {
        synchronized (lock) {
            DispatchTable effective = board.effective(table);
            inner.apply(effective); // a refusal leaves everything as it was: the caller keeps its old table
            for (HealthBoard.RowChange c : HealthBoard.changes(table, effective)) {
                // The manager just set this row (the SNMP side reports that); say why the data plane differs.
                RealServerStatus wasSet = configured.realServer(c.rs().vsIndex(), c.rs().index())
                    .map(RealServer::status).orElse(null);
                if (wasSet != c.previous()) {
                    LOG.info(c.rs() + ": set " + lower(c.previous()) + " by the manager, " + lower(c.rs().status())
                        + " in the data plane: health " + lower(board.status(Endpoint.of(c.rs()))) + ", "
                        + board.reason(Endpoint.of(c.rs())));
                }
            }
            DispatchTable before = applied;
            DispatchTable wasConfigured = configured;
            configured = table;
            applied = effective;
            reportSorry(wasConfigured, before, effective);
            Set<Endpoint> endpoints = board.track(table);
            if (!settings.none()) {
                follow(endpoints);
            }
            if (!closed) {
                // Not from this thread: the caller holds the SNMP side's lock, which the listener takes.
                checks.execute(this::sendOutbox);
            }
        }
    }

    @Override
    public Connections connections(VirtualService vs, RealServer rs) {
        return inner.connections(vs, rs);
    }

    /**
     * The row as the health checks dispatch it: failed (down or draining per onFailure), load-aware weight, with
     * the check's reason; as set when it is not in the table this driver was given (a standby's, not in service).
     */
    @Override
    public Effective effective(RealServer rs) {
        synchronized (lock) {
            Optional<RealServer> dispatched = applied.realServer(rs.vsIndex(), rs.index())
                .filter(a -> Endpoint.of(a).equals(Endpoint.of(rs)));
            if (dispatched.isEmpty()) {
                return Effective.asSet(rs);
            }
            RealServer a = dispatched.get();
            String reason = "";
            if (a.status() != rs.status()) {
                reason = "health " + lower(board.status(Endpoint.of(rs))) + ": " + board.reason(Endpoint.of(rs));
            } else if (a.weight() != rs.weight()) {
                reason = String.format(java.util.Locale.ROOT, "load-aware: factor %.2f of weight %d",
                    appliedFactors.getOrDefault(Endpoint.of(rs), 1.0), rs.weight());
            }
            return Effective.of(a, reason);
        }
    }

    /** The table the operator set (health never changes it). */
    public DispatchTable configured() {
        synchronized (lock) {
            return configured;
        }
    }

    /** The check settings in force (the file's, or the manager's policy over them). */
    public AgentConfig.HealthCheck settings() {
        return settings;
    }

    /**
     * Applies new check settings to the running checks without a restart (the manager's policy): the kinds of
     * check, interval, timeout, rise, fall and onFailure. Every endpoint is rescheduled with the new interval;
     * the verdicts so far are kept (a changed rise or fall counts from the next probe), except that
     * {@code none} forgets them all and puts every real server back as the manager set it. The effective table
     * is applied again at once when onFailure or none changes it.
     *
     * @throws IllegalArgumentException when a kind cannot run here (the caller checked that it can)
     */
    public void reconfigure(AgentConfig.HealthCheck next) {
        HealthProbe nextProbe = next.none() ? (target, timeout) -> ProbeResult.healthy("no check")
            : HealthProbe.of(next, agents.orElse(null));
        HealthProbe old;
        synchronized (lock) {
            if (closed) {
                nextProbe.close();
                return;
            }
            old = probe;
            probe = nextProbe;
            settings = next;
            board.reconfigure(next.hysteresis(), next.onFailure());
            scheduled.values().forEach(f -> f.cancel(false));
            scheduled.clear();
            if (next.none()) {
                board.track(DispatchTable.EMPTY); // forget every verdict: nothing checks them any more
                board.track(configured);
            } else {
                follow(board.track(configured));
            }
            applyEffective(board.effective(configured), "health check policy changed: ", "after a policy change");
        }
        LOG.info(() -> "health checks reconfigured: " + describe(next));
        old.close();
        sendOutbox();
    }

    /** Takes one probe result (from a check thread, or a test with its own clock). */
    void probed(Endpoint endpoint, ProbeResult result, long now) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            Optional<HealthHysteresis.Change> change = board.record(endpoint, result, now);
            DispatchTable effective = board.effective(configured);
            change.ifPresent(c -> logDecision(endpoint, c, effective));
            applyEffective(effective, "health check: ", "with " + endpoint + " " + lower(board.status(endpoint)));
        }
        sendOutbox();
    }

    /**
     * Applies {@code effective} when it differs from the applied table and queues a report per changed row (under
     * the lock); a refusal is logged and tried again after the next check.
     */
    private void applyEffective(DispatchTable effective, String reasonPrefix, String what) {
        if (effective.equals(applied)) {
            return;
        }
        try {
            inner.apply(effective);
            List<HealthBoard.RowChange> rows = HealthBoard.changes(applied, effective);
            DispatchTable before = applied;
            applied = effective;
            reportSorry(configured, before, effective);
            for (HealthBoard.RowChange r : rows) {
                String reason = reasonPrefix + board.reason(Endpoint.of(r.rs()));
                synchronized (outbox) {
                    outbox.add(() -> listener.realServerStateChanged(r.vs(), r.rs(), r.previous(), reason));
                }
            }
        } catch (DispatchDriverException | RuntimeException e) {
            LOG.log(Level.SEVERE, "health checks: the data plane refused the table " + what + ": " + e.getMessage()
                + "; tried again after the next check");
        }
    }

    /**
     * Logs and queues a report for each virtual service whose sorry server started or stopped taking its new
     * connections between {@code before} (made from {@code wasConfigured}) and {@code after} (from the current
     * configured table), under the lock.
     */
    private void reportSorry(DispatchTable wasConfigured, DispatchTable before, DispatchTable after) {
        Map<Integer, RealServer> was = HealthBoard.sorryRows(wasConfigured, before);
        Map<Integer, RealServer> now = HealthBoard.sorryRows(configured, after);
        for (VirtualService vs : after.virtualServices()) {
            RealServer on = now.get(vs.index());
            RealServer off = was.get(vs.index());
            if ((on == null) == (off == null)) {
                continue;
            }
            String reason;
            if (on != null) {
                List<String> why = new java.util.ArrayList<>();
                for (RealServer rs : configured.realServersOf(vs.index())) {
                    RealServer eff = after.realServer(rs.vsIndex(), rs.index()).orElse(rs);
                    why.add(rs.vsIndex() + "." + rs.index() + " " + rs.endpoint() + " " + lower(eff.status())
                        + (rs.status() != RealServerStatus.UP ? " (set by the manager)"
                            : board.status(Endpoint.of(rs)) != HealthHysteresis.Status.UP
                            ? " (" + board.reason(Endpoint.of(rs)) + ")" : ""));
                }
                reason = "no real server can take new connections: " + String.join(", ", why);
                LOG.warning(vs + ": sorry server " + on.endpoint() + " takes the new connections: " + reason);
            } else {
                reason = "real servers can take new connections again: " + String.join(", ",
                    after.realServersOf(vs.index()).stream().filter(rs -> rs.status() == RealServerStatus.UP
                        && rs.weight() > 0).map(rs -> rs.vsIndex() + "." + rs.index() + " " + rs.endpoint()).toList());
                LOG.info(vs + ": sorry server " + off.endpoint() + " takes no new connections any more: " + reason);
            }
            RealServer sorry = on != null ? on : off;
            boolean serving = on != null;
            String r = reason;
            synchronized (outbox) {
                outbox.add(() -> listener.sorryServerChanged(vs, sorry, serving, r));
            }
        }
    }

    /**
     * One round of load-aware weights: reads every real server in rotation from its agent (outside the lock),
     * feeds {@link LoadAwareWeights} the load per unit of configured weight, and applies the factors that moved by
     * at least {@link #FACTOR_DEAD_BAND}; each weight change is logged and reported with its reason. A server
     * whose agent does not answer has no reading: its factor goes back towards 1.
     */
    void loadRound() {
        Map<Endpoint, Integer> weights = new java.util.LinkedHashMap<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            for (RealServer rs : applied.realServers()) {
                boolean operatorsRow = configured.realServer(rs.vsIndex(), rs.index()).isPresent();
                if (operatorsRow && rs.status() == RealServerStatus.UP && rs.weight() > 0) {
                    weights.putIfAbsent(Endpoint.of(rs), configured.realServer(rs.vsIndex(), rs.index())
                        .orElseThrow().weight());
                }
            }
        }
        Map<String, Double> perWeight = new java.util.LinkedHashMap<>();
        Map<String, String> seen = new HashMap<>();
        for (Map.Entry<Endpoint, Integer> e : weights.entrySet()) {
            Endpoint ep = e.getKey();
            double reading;
            String what;
            try {
                RealServerAgents.Report report = agents.orElseThrow().read(ep.address(), settings.timeout());
                if (settings.loadAware().metric() == AgentConfig.LoadMetric.CONNECTIONS) {
                    long n = report.service(ep.port()).map(RealServerAgents.Service::connections).orElse(-1L);
                    reading = n;
                    what = n < 0 ? "no service on port " + ep.port() : n + " connections";
                } else {
                    reading = report.loadHundredths() < 0 ? -1 : report.loadHundredths() / 100.0;
                    what = String.format(Locale.ROOT, "load average %.2f", reading);
                }
            } catch (java.io.IOException ex) {
                reading = -1;
                what = "no reading (" + ex.getMessage() + ")";
            }
            perWeight.put(ep.toString(), reading < 0 ? -1 : reading / e.getValue());
            seen.put(ep.toString(), what + " at weight " + e.getValue());
        }
        Map<String, Double> factors = loadAware.update(perWeight);
        synchronized (lock) {
            if (closed) {
                return;
            }
            appliedFactors.keySet().retainAll(weights.keySet());
            boolean moved = false;
            for (Endpoint ep : weights.keySet()) {
                double f = factors.getOrDefault(ep.toString(), 1.0);
                if (Math.abs(f - appliedFactors.getOrDefault(ep, 1.0)) >= FACTOR_DEAD_BAND) {
                    appliedFactors.put(ep, f);
                    moved = true;
                }
            }
            if (!moved) {
                return;
            }
            board.loadFactors(appliedFactors);
            DispatchTable effective = board.effective(configured);
            if (effective.equals(applied)) {
                return;
            }
            try {
                inner.apply(effective);
            } catch (DispatchDriverException | RuntimeException e) {
                LOG.log(Level.SEVERE, "load-aware weights: the data plane refused the table: " + e.getMessage()
                    + "; tried again at the next reading");
                return;
            }
            DispatchTable before = applied;
            applied = effective;
            String mean = String.format(Locale.ROOT, "%.3f", perWeight.values().stream().mapToDouble(Double::doubleValue)
                .filter(v -> v >= 0).average().orElse(0));
            for (RealServer rs : effective.realServers()) {
                RealServer was = before.realServer(rs.vsIndex(), rs.index()).orElse(null);
                if (was == null || was.weight() == rs.weight() || rs.status() != RealServerStatus.UP
                    || was.status() != RealServerStatus.UP) {
                    continue;
                }
                Endpoint ep = Endpoint.of(rs);
                String reason = String.format(Locale.ROOT, "load-aware weights (%s): %s, %.3f per unit of weight "
                    + "against a mean of %s: factor %.2f (bounds %.2f..%.2f) of the configured %d",
                    settings.loadAware().metric().name().toLowerCase(Locale.ROOT), seen.get(ep.toString()),
                    perWeight.getOrDefault(ep.toString(), -1.0), mean, appliedFactors.getOrDefault(ep, 1.0),
                    settings.loadAware().policy().minFactor(), settings.loadAware().policy().maxFactor(),
                    configured.realServer(rs.vsIndex(), rs.index()).map(RealServer::weight).orElse(rs.weight()));
                LOG.info(rs + ": weight " + was.weight() + " -> " + rs.weight() + ": " + reason);
                int previous = was.weight();
                VirtualService vs = effective.virtualService(rs.vsIndex()).orElseThrow();
                synchronized (outbox) {
                    outbox.add(() -> listener.weightChanged(vs, rs, previous, reason));
                }
            }
            reportSorry(configured, before, effective);
        }
        sendOutbox();
    }

    /** Reports in decision order, one sender at a time, without holding the table lock. */
    private void sendOutbox() {
        synchronized (sending) {
            while (true) {
                Runnable next;
                synchronized (outbox) {
                    next = outbox.poll();
                }
                if (next == null) {
                    return;
                }
                try {
                    next.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not report a real server's state change", e);
                }
            }
        }
    }

    /** One line per row of the endpoint: real server, effective from -> to, why. */
    private void logDecision(Endpoint endpoint, HealthHysteresis.Change c, DispatchTable effective) {
        for (RealServer now : effective.realServers()) {
            if (!Endpoint.of(now).equals(endpoint)) {
                continue;
            }
            RealServerStatus before = applied.realServer(now.vsIndex(), now.index()).map(RealServer::status)
                .orElse(now.status());
            RealServer set = configured.realServer(now.vsIndex(), now.index()).orElse(now);
            String outcome = before != now.status() ? ""
                : set.status() != RealServerStatus.UP ? "; stays " + lower(now.status()) + " as the manager set it"
                : "; stays " + lower(now.status());
            LOG.info(now + ": " + lower(before) + " -> " + lower(now.status()) + ": health " + lower(c.from())
                + " -> " + lower(c.to()) + ", " + c.reason() + outcome
                + (c.to() != HealthHysteresis.Status.UP && set.status() == RealServerStatus.UP
                    ? " (healthCheck.onFailure = " + lower(settings.onFailure()) + ")" : ""));
        }
    }

    /** Starts checks for new endpoints and stops those of endpoints that left the table (under the lock). */
    private void follow(Set<Endpoint> endpoints) {
        if (closed) {
            return;
        }
        scheduled.entrySet().removeIf(e -> {
            if (endpoints.contains(e.getKey())) {
                return false;
            }
            e.getValue().cancel(true);
            return true;
        });
        for (Endpoint e : endpoints) {
            scheduled.computeIfAbsent(e, x -> checks.scheduleWithFixedDelay(() -> check(e), settings.interval(),
                settings.interval(), TimeUnit.MILLISECONDS));
        }
    }

    private void check(Endpoint e) {
        try {
            ProbeResult r = probe.probe(e, settings.timeout());
            probed(e, r, clock.getAsLong());
        } catch (RuntimeException ex) {
            // an exception would end the periodic task silently: this server would never be checked again
            LOG.log(Level.WARNING, "health check of " + e + " failed unexpectedly", ex);
        }
    }

    /** Stops the checks (the inner driver stays as it is, with the last table applied). */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            scheduled.values().forEach(f -> f.cancel(true));
            scheduled.clear();
        }
        checks.shutdownNow();
        probe.close();
        agents.ifPresent(RealServerAgents::close);
    }

    /** The endpoints being checked now. */
    Set<Endpoint> checked() {
        synchronized (lock) {
            return Set.copyOf(scheduled.keySet());
        }
    }

    private static String describe(AgentConfig.HealthCheck s) {
        String what = String.join(" and ", s.kinds().stream().map(k -> switch (k) {
            case TCP -> "TCP connect";
            case HTTP -> "HTTP GET " + s.path() + " expecting " + s.expectStatus();
            case HTTPS -> "HTTPS GET " + s.path() + " expecting " + s.expectStatus() + (s.tls().verify()
                ? " (certificate verified" + (s.tls().serverName().isEmpty() ? "" : " for " + s.tls().serverName())
                + ")" : " (any certificate)");
            case SCRIPT -> "script '" + s.script() + "'";
            case MIB -> "the real server's agent reports the service up (port " + s.agent().orElseThrow().port()
                + ", user " + s.agent().orElseThrow().user().name() + ")";
            case NONE -> "none";
        }).toList());
        return what + " every " + s.interval() + " ms (timeout " + s.timeout() + " ms), out after " + s.fall()
            + " failures, back after " + s.rise() + " successes, on failure " + lower(s.onFailure())
            + s.sorryServer().map(a -> ", sorry server " + a.getHostAddress()).orElse("")
            + (s.loadAware().metric() == AgentConfig.LoadMetric.NONE ? "" : ", load-aware weights by "
                + lower(s.loadAware().metric()) + " every " + s.loadAware().interval() + " ms");
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
