package org.lcms.ui.internal.view;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.Inventory;
import org.lcms.snmp.api.ClusterState;
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.snmp.api.EventQuery;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.ui.core.DashboardSummaries;
import org.lcms.ui.core.UiSettings;
import org.lcms.ui.core.UpdatePacer;
import org.lcms.ui.internal.UiSecurity;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live data for every open browser (the dashboard, and the model and live state it comes from for the other
 * live views): it listens to the live state service, and on a change computes
 * the dashboard once (on its own thread: reading the model may block on LDAP) and hands it to each subscribed view,
 * which pushes it to its browser. Paced by an {@link UpdatePacer}: a flood of events makes one update per interval.
 * Model changes that raise no live event (a cluster built while lcms-snmp is down) show within {@link #SWEEP}.
 */
final class LiveFeed implements AutoCloseable {
    static final String ATTRIBUTE = LiveFeed.class.getName();
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final Duration SWEEP = Duration.ofSeconds(5);
    private static final int EVENTS_FOR_ALARMS = 1000;

    private final LcmsServices services;
    private final List<Consumer<DashboardState>> subscribers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lcms-ui-live-feed");
        t.setDaemon(true);
        return t;
    });
    private final ServiceTracker<Object, Object> listenerRegistrations;
    private volatile UpdatePacer pacer;
    private volatile Duration pacerInterval = UiSettings.DEFAULTS.pushInterval();

    /** A live state service and the listener this feed registered with it. */
    private record Listening(Object service, Object listener) {
    }

    LiveFeed(LcmsServices services) {
        this.services = services;
        this.pacer = new UpdatePacer(UiSettings.DEFAULTS.pushInterval());
        // A listener of its own on every live state service that appears, removed when it goes (or we close).
        listenerRegistrations = new ServiceTracker<>(services.bundleContext(), "org.lcms.snmp.api.ClusterState",
            new ServiceTrackerCustomizer<Object, Object>() {
                @Override
                public Object addingService(ServiceReference<Object> reference) {
                    Object service = services.bundleContext().getService(reference);
                    try {
                        LiveStateListener listener = new LiveStateListener(LiveFeed.this::changed);
                        ((ClusterState) service).addListener(listener);
                        changed();
                        return new Listening(service, listener);
                    } catch (LinkageError | ClassCastException notWired) {
                        LOG.warn("LCMS UI: the live state service is there but this bundle is not wired to its "
                            + "package; refresh the bundle (bundle:refresh) to see live state");
                        services.bundleContext().ungetService(reference);
                        return null;
                    }
                }

                @Override
                public void modifiedService(ServiceReference<Object> reference, Object listening) {
                }

                @Override
                public void removedService(ServiceReference<Object> reference, Object listening) {
                    Listening l = (Listening) listening;
                    try {
                        ((ClusterState) l.service()).removeListener((LiveStateListener) l.listener());
                    } finally {
                        services.bundleContext().ungetService(reference);
                    }
                    changed();
                }
            });
        listenerRegistrations.open();
        worker.scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("LCMS UI: live feed {} started", Integer.toHexString(System.identityHashCode(this)));
    }

    /** The feed of the web application that handles the current request. */
    static LiveFeed of() {
        Object feed = com.vaadin.flow.server.VaadinServlet.getCurrent().getServletContext().getAttribute(ATTRIBUTE);
        if (feed == null) {
            throw new IllegalStateException("LCMS UI: no live feed (the web application is stopping); reload");
        }
        return (LiveFeed) feed;
    }

    /** Calls {@code subscriber} (on the feed's thread) with every new dashboard until the returned handle runs. */
    Runnable subscribe(Consumer<DashboardState> subscriber) {
        if (worker.isShutdown()) {
            throw new IllegalStateException("LCMS UI: the live feed was closed (web application stopping); reload");
        }
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /**
     * Follows the live feed while {@code view} is attached to a UI: {@code onState} gets the UI and every new
     * dashboard, on the feed's thread (work that may block, like reading the directory, belongs there; changing
     * components goes through {@code ui.access}). Detaching ends it, so a closed tab or a navigation leaves no
     * subscriber behind.
     */
    static void followWhileAttached(Component view, BiConsumer<UI, DashboardState> onState) {
        Runnable[] unsubscribe = {() -> { }};
        view.addAttachListener(attach -> {
            UI ui = attach.getUI();
            unsubscribe[0] = of().subscribe(state -> onState.accept(ui, state));
        });
        view.addDetachListener(detach -> {
            unsubscribe[0].run();
            unsubscribe[0] = () -> { };
        });
    }

    /** {@link #followWhileAttached}, with {@code show} run in the UI for every new dashboard. */
    static void showWhileAttached(Component view, Consumer<DashboardState> show) {
        followWhileAttached(view, (ui, state) -> ui.access(() -> show.accept(state)));
    }

    /** Something changed: schedules one update (or none if one is due already). */
    void changed() {
        services.security().map(UiSecurity::settings).map(UiSettings::pushInterval)
            .ifPresent(this::usePushInterval);
        pacer.request(Instant.now()).ifPresent(delay -> {
            try {
                worker.schedule(this::publish, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // shutting down
            }
        });
    }

    private void usePushInterval(Duration interval) {
        // Only replaced when the setting changed: the pacer's timing state goes with it.
        if (!interval.equals(pacerInterval)) {
            pacerInterval = interval;
            pacer = new UpdatePacer(interval);
        }
    }

    private void sweep() {
        if (!subscribers.isEmpty()) {
            publishNow();
        }
    }

    private void publish() {
        pacer.sending(Instant.now());
        publishNow();
    }

    /**
     * Never throws: an exception escaping a periodic task would end the sweep for good, silently. A failure is
     * logged and the next change or sweep tries again.
     */
    private void publishNow() {
        if (subscribers.isEmpty()) {
            return;
        }
        DashboardState state;
        try {
            state = compute();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("LCMS UI: could not compute the dashboard for {} open views", subscribers.size(), e);
            return;
        }
        LOG.debug("LCMS UI: live update to {} dashboards", subscribers.size());
        for (Consumer<DashboardState> s : subscribers) {
            try {
                s.accept(state);
            } catch (RuntimeException e) {
                LOG.warn("LCMS UI: a dashboard could not take a live update: {}", e.toString());
            }
        }
    }

    /** The dashboard now; blocks on the model. Safe from any thread. */
    DashboardState compute() {
        List<String> problems = new ArrayList<>();
        Optional<ClusterDirectory> directory = services.directory();
        Inventory model = Inventory.empty();
        if (directory.isEmpty()) {
            problems.add(LcmsServices.MISSING_MODEL + ": no clusters to show.");
        } else {
            try {
                model = directory.get().inventory();
            } catch (RuntimeException e) {
                problems.add("The LCMS model cannot be read: " + e.getMessage());
            }
        }
        Optional<ClusterStateSnapshot> live = Optional.empty();
        List<LcmsEvent> events = List.of();
        Optional<ClusterState> state = services.clusterState();
        if (state.isEmpty()) {
            problems.add(LcmsServices.MISSING_LIVE_STATE + ": VIP holders, real servers up and alarms are unknown.");
        } else {
            live = Optional.of(state.get().snapshot());
            events = state.get().events(EventQuery.newest(EVENTS_FOR_ALARMS));
        }
        Optional<DashboardState.LatestEvent> latest = events.stream().max(java.util.Comparator.comparingLong(
            LcmsEvent::sequence)).map(e -> new DashboardState.LatestEvent(e.time(),
                e.severity().name().toLowerCase() + ": " + e.message()));
        return new DashboardState(Instant.now(), DashboardSummaries.of(model, live, events), problems, latest, model,
            live, events);
    }

    @Override
    public void close() {
        LOG.info("LCMS UI: live feed {} closed ({} open dashboards)", Integer.toHexString(System.identityHashCode(this)),
            subscribers.size());
        subscribers.clear();
        listenerRegistrations.close();
        worker.shutdownNow();
    }
}
