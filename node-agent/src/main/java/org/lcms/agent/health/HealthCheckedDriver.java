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

    /** Told of each change of a row's effective status caused by health. */
    public interface Listener {
        void realServerStateChanged(VirtualService vs, RealServer effective, RealServerStatus previous, String reason);
    }

    private final DispatchTableDriver inner;
    private final AgentConfig.HealthCheck settings;
    private final HealthProbe probe;
    private final ScheduledExecutorService checks;
    private final LongSupplier clock;
    private final Listener listener;

    private final Object lock = new Object();
    // Guarded by lock.
    private final HealthBoard board;
    private DispatchTable configured = DispatchTable.EMPTY;
    private DispatchTable applied = DispatchTable.EMPTY;
    private final Map<Endpoint, ScheduledFuture<?>> scheduled = new HashMap<>();
    private boolean closed;

    /** Changes to report, in the order they were decided; sent by whoever holds {@code sending}. */
    private final Queue<Runnable> outbox = new ArrayDeque<>();
    private final Object sending = new Object();

    HealthCheckedDriver(DispatchTableDriver inner, AgentConfig.HealthCheck settings, HealthProbe probe,
                        ScheduledExecutorService checks, LongSupplier clock, Listener listener) {
        this.inner = inner;
        this.settings = settings;
        this.probe = probe;
        this.checks = checks;
        this.clock = clock;
        this.listener = listener;
        this.board = new HealthBoard(settings.hysteresis(), settings.onFailure());
    }

    /**
     * {@code inner} itself when {@code healthCheck = none}, else the checked driver with its own check threads
     * (close it to stop them; it does not close {@code inner}).
     */
    public static DispatchTableDriver around(DispatchTableDriver inner, AgentConfig.HealthCheck settings,
                                             Listener listener) {
        if (settings.kind() == AgentConfig.HealthCheckKind.NONE) {
            return inner;
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
        return new HealthCheckedDriver(inner, settings, HealthProbe.of(settings), threads,
            () -> System.nanoTime() / 1_000_000, listener);
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
            configured = table;
            applied = effective;
            follow(board.track(table));
        }
    }

    @Override
    public Connections connections(VirtualService vs, RealServer rs) {
        return inner.connections(vs, rs);
    }

    /** The table the operator set (health never changes it). */
    public DispatchTable configured() {
        synchronized (lock) {
            return configured;
        }
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
            if (!effective.equals(applied)) {
                try {
                    inner.apply(effective);
                    List<HealthBoard.RowChange> rows = HealthBoard.changes(applied, effective);
                    applied = effective;
                    for (HealthBoard.RowChange r : rows) {
                        String reason = "health check: " + board.reason(Endpoint.of(r.rs()));
                        synchronized (outbox) {
                            outbox.add(() -> listener.realServerStateChanged(r.vs(), r.rs(), r.previous(), reason));
                        }
                    }
                } catch (DispatchDriverException | RuntimeException e) {
                    LOG.log(Level.SEVERE, "health checks: the data plane refused the table with " + endpoint + " "
                        + lower(board.status(endpoint)) + ": " + e.getMessage() + "; tried again after the next "
                        + "check");
                }
            }
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
    }

    /** The endpoints being checked now. */
    Set<Endpoint> checked() {
        synchronized (lock) {
            return Set.copyOf(scheduled.keySet());
        }
    }

    private static String describe(AgentConfig.HealthCheck s) {
        String what = switch (s.kind()) {
            case TCP -> "TCP connect";
            case HTTP -> "HTTP GET " + s.path() + " expecting " + s.expectStatus();
            case SCRIPT -> "script '" + s.script() + "'";
            case NONE -> "none";
        };
        return what + " every " + s.interval() + " ms (timeout " + s.timeout() + " ms), out after " + s.fall()
            + " failures, back after " + s.rise() + " successes, on failure " + lower(s.onFailure());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
