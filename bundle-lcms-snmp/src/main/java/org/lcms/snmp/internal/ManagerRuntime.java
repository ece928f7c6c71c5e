package org.lcms.snmp.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.snmp.api.ClusterState;
import org.lcms.snmp.api.ClusterStateListener;
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.snmp.api.EventQuery;
import org.lcms.snmp.api.HostLiveState;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.core.EventLog;
import org.lcms.snmp.core.LiveStateStore;
import org.lcms.snmp.core.ManagerSettings;
import org.lcms.snmp.core.PollOutcome;
import org.lcms.snmp.core.SnmpProfile;
import org.lcms.snmp.internal.snmp.AgentPoller;
import org.lcms.snmp.internal.snmp.ManagerSnmp;
import org.lcms.snmp.internal.snmp.PollAssembly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snmp4j.Target;
import org.snmp4j.smi.UdpAddress;

/**
 * The running SNMP manager without OSGi: reads the host list from the model, polls every host on its own
 * schedule through one SNMP session, keeps the live state and tells listeners. The DS component only creates
 * and closes it, so tests run it against real agents without Karaf.
 */
public final class ManagerRuntime implements ClusterState, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerRuntime.class);

    private final ManagerSettings settings;
    private final Supplier<Inventory> model;
    private final Clock clock;
    private final ManagerSnmp session;
    private final AgentPoller poller;
    private final EventLog events;
    private final LiveStateStore store;
    private final Semaphore inFlight;
    private final ScheduledExecutorService timer;
    private final ExecutorService notifier;
    private final ExecutorService modelReader;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final List<ClusterStateListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stateDirty = new AtomicBoolean();
    private volatile boolean closed;

    /** One host's polling: where, how, and what the last poll found about its table sizes. */
    private static final class Slot {
        final String host;
        final String key;
        final Optional<Target<UdpAddress>> target;
        final String problem;
        volatile PollAssembly.TableSizes sizes = PollAssembly.TableSizes.FIRST;
        volatile ScheduledFuture<?> next;
        final List<CompletableFuture<HostLiveState>> waiting = new CopyOnWriteArrayList<>();
        volatile boolean removed;

        Slot(String host, String key, Optional<Target<UdpAddress>> target, String problem) {
            this.host = host;
            this.key = key;
            this.target = target;
            this.problem = problem;
        }
    }

    public ManagerRuntime(ManagerSettings settings, Supplier<Inventory> model, Clock clock) throws IOException {
        this.settings = settings;
        this.model = model;
        this.clock = clock;
        this.events = new EventLog(settings.eventLogSize());
        this.store = new LiveStateStore(settings.poll(), events);
        this.inFlight = new Semaphore(settings.maxInFlight());
        this.session = new ManagerSnmp(settings.listen(), settings.receiveBufferBytes(), settings.profiles().values());
        this.poller = new AgentPoller(session);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "lcms-snmp-poll"));
        this.notifier = Executors.newSingleThreadExecutor(r -> thread(r, "lcms-snmp-notify"));
        this.modelReader = Executors.newSingleThreadExecutor(r -> thread(r, "lcms-snmp-model"));
        long refresh = settings.modelRefresh().toMillis();
        timer.scheduleWithFixedDelay(() -> modelReader.execute(this::refreshModel), 0, refresh, TimeUnit.MILLISECONDS);
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Where the manager's session listens (its port, when it was 0 in the settings). */
    public UdpAddress localAddress() {
        return session.localAddress();
    }

    ManagerSnmp session() {
        return session;
    }

    /** Re-reads the model and starts or stops polling hosts accordingly. Runs on the model thread. */
    void refreshModel() {
        Inventory inventory;
        try {
            inventory = model.get();
        } catch (RuntimeException e) {
            LOG.warn("LCMS SNMP manager could not read the model (hosts keep their schedule): {}", e.getMessage());
            return;
        }
        if (closed) {
            return;
        }
        if (store.setInventory(inventory, this::agentAddress, clock.instant())) {
            changed();
        }
        for (Host h : inventory.hosts()) {
            Slot old = slots.get(h.name());
            if (old != null && old.key.equals(keyOf(h))) {
                continue;
            }
            if (old != null) {
                stop(old);
            }
            Slot slot = slotFor(h);
            slots.put(h.name(), slot);
            if (slot.target.isPresent()) {
                long spread = ThreadLocalRandom.current().nextLong(Math.max(1,
                    settings.poll().interval().toMillis()));
                schedule(slot, Duration.ofMillis(spread));
            } else {
                record(slot, new PollOutcome.Failed(slot.problem));
            }
        }
        for (Slot s : slots.values()) {
            if (inventory.host(s.host).isEmpty()) {
                slots.remove(s.host);
                stop(s);
            }
        }
    }

    private String problemOf(Host h) {
        return "the host's SNMP profile '" + h.snmpProfile() + "' is not configured: add profile."
            + h.snmpProfile() + ".* to etc/org.lcms.snmp.cfg or give the host a configured profile "
            + "(lcms:host-update --snmp-profile)";
    }

    private String agentAddress(Host h) {
        SnmpProfile p = settings.profiles().get(h.snmpProfile());
        return h.address() + "/" + (p == null ? 161 : p.port());
    }

    /** What a host's polling depends on: a change of it starts the host's polling over. */
    private String keyOf(Host h) {
        return h.snmpProfile() + "@" + agentAddress(h);
    }

    private Slot slotFor(Host h) {
        SnmpProfile p = settings.profiles().get(h.snmpProfile());
        if (p == null) {
            return new Slot(h.name(), keyOf(h), Optional.empty(), problemOf(h));
        }
        UdpAddress address = new UdpAddress(h.address().inet(), p.port());
        return new Slot(h.name(), keyOf(h), Optional.of(session.target(p, address,
            settings.poll().timeout().toMillis(), settings.poll().retries())), "");
    }

    private void stop(Slot s) {
        s.removed = true;
        ScheduledFuture<?> f = s.next;
        if (f != null) {
            f.cancel(false);
        }
    }

    private void schedule(Slot slot, Duration delay) {
        if (closed || slot.removed) {
            return;
        }
        slot.next = timer.schedule(() -> start(slot), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void start(Slot slot) {
        if (closed || slot.removed) {
            return;
        }
        if (!inFlight.tryAcquire()) {
            schedule(slot, Duration.ofMillis(10)); // too many outstanding: wait for answers to free a place
            return;
        }
        poller.poll(slot.target.orElseThrow(), slot.sizes, (outcome, sizes) -> {
            inFlight.release();
            slot.sizes = sizes;
            record(slot, outcome);
            int failures = store.host(slot.host).map(HostLiveState::consecutiveFailures).orElse(0);
            schedule(slot, settings.poll().delayAfter(failures));
        });
    }

    private void record(Slot slot, PollOutcome outcome) {
        ClusterStateSnapshot before = store.snapshot();
        List<LcmsEvent> raised = store.record(slot.host, outcome, clock.instant());
        for (LcmsEvent e : raised) {
            LOG.info("LCMS event {}: {}", e.type(), e.message());
            notifier.execute(() -> listeners.forEach(l -> safely(() -> l.eventRaised(e))));
        }
        if (store.snapshot().clusters() != before.clusters() || !raised.isEmpty()) {
            changed();
        }
        HostLiveState now = store.host(slot.host).orElse(null);
        for (CompletableFuture<HostLiveState> w : slot.waiting) {
            slot.waiting.remove(w);
            w.complete(now);
        }
    }

    /** Coalesces bursts of changes into one listener call with the newest snapshot. */
    private void changed() {
        if (stateDirty.compareAndSet(false, true) && !closed) {
            notifier.execute(() -> {
                stateDirty.set(false);
                ClusterStateSnapshot s = store.snapshot();
                listeners.forEach(l -> safely(() -> l.stateChanged(s)));
            });
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("LCMS cluster state listener failed (kept): {}", e.toString());
        }
    }

    @Override
    public ClusterStateSnapshot snapshot() {
        return store.snapshot();
    }

    @Override
    public List<LcmsEvent> events(EventQuery query) {
        return events.query(query);
    }

    @Override
    public void addListener(ClusterStateListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(ClusterStateListener listener) {
        listeners.remove(listener);
    }

    @Override
    public HostLiveState pollNow(String host) throws InterruptedException {
        Slot slot = slots.get(host);
        if (slot == null) {
            refreshModel();
            slot = slots.get(host);
        }
        if (slot == null) {
            throw new IllegalArgumentException("no host named '" + host + "' in the model (lcms:host-list)");
        }
        if (slot.target.isEmpty()) {
            return store.host(host).orElseThrow();
        }
        CompletableFuture<HostLiveState> answer = new CompletableFuture<>();
        slot.waiting.add(answer);
        Slot s = slot;
        ScheduledFuture<?> f = s.next;
        if (f != null) {
            f.cancel(false);
        }
        timer.execute(() -> start(s));
        try {
            return answer.get(settings.poll().worstPollTime().toMillis() * PollAssembly.MAX_REQUESTS + 5000,
                TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return store.host(host).orElseThrow();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        timer.shutdownNow();
        modelReader.shutdownNow();
        notifier.shutdownNow();
        session.close();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            modelReader.awaitTermination(5, TimeUnit.SECONDS);
            notifier.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
