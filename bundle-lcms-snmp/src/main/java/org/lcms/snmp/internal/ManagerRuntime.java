package org.lcms.snmp.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.lcms.model.api.DirectoryUnavailableException;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.ModelChange;
import org.lcms.snmp.api.ClusterState;
import org.lcms.snmp.api.ClusterStateListener;
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.snmp.api.EventQuery;
import org.lcms.snmp.api.HostLiveState;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.model.api.RoleState;
import org.lcms.snmp.core.AssignmentTracker;
import org.lcms.snmp.core.DesiredRole;
import org.lcms.snmp.core.EventLog;
import org.lcms.snmp.core.HistoryQueue;
import org.lcms.snmp.core.RoleReconciler;
import org.lcms.snmp.core.LiveStateStore;
import org.lcms.snmp.core.ManagerSettings;
import org.lcms.snmp.core.PollOutcome;
import org.lcms.snmp.core.SnmpProfile;
import org.lcms.snmp.core.WriteFailure;
import org.lcms.snmp.internal.snmp.HandOverRequest;
import org.lcms.snmp.internal.snmp.AgentPoller;
import org.lcms.snmp.internal.snmp.ManagerSnmp;
import org.lcms.snmp.internal.snmp.PollAssembly;
import org.lcms.snmp.internal.snmp.NmsForwarder;
import org.lcms.snmp.internal.snmp.NotificationReceiver;
import org.lcms.snmp.internal.snmp.NotificationTranslator;
import org.lcms.snmp.internal.snmp.RateLimitedLog;
import org.lcms.snmp.internal.snmp.RoleWriter;
import org.lcms.snmp.api.NotificationCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snmp4j.Target;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;

/**
 * The running SNMP manager without OSGi: reads the host list from the model, polls every host on its own
 * schedule through one SNMP session, keeps the live state and tells listeners. The DS component only creates
 * and closes it, so tests run it against real agents without Karaf.
 */
public final class ManagerRuntime implements ClusterState, org.lcms.snmp.api.AgentOperations, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerRuntime.class);
    /** How soon a host is polled again to see what was just written to it. */
    private static final Duration POLL_SOON = Duration.ofMillis(20);

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
    private final java.util.Queue<Slot> waitingForPermit = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final List<ClusterStateListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stateDirty = new AtomicBoolean();
    private final java.util.concurrent.atomic.LongAdder pollsAnswered = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder pollsFailed = new java.util.concurrent.atomic.LongAdder();
    private final AssignmentTracker tracker;
    private final RoleWriter writer;
    private final ModelWriter directory;
    private final HistoryQueue history;
    private final AtomicBoolean historyWriting = new AtomicBoolean();
    private final RateLimitedLog historyLog = new RateLimitedLog(10_000, System::currentTimeMillis,
        line -> LOG.warn("LCMS event history: {}", line));
    private final Map<String, RoleState> reported = new ConcurrentHashMap<>();
    private volatile Map<String, DesiredRole> desired = Map.of();
    private final NotificationReceiver receiver;
    private final NmsForwarder forwarder;
    private volatile boolean closed;

    /**
     * Where the manager writes to the model (the directory): the role states the agents report, and the events
     * for the history. Called on the model thread; may throw what {@code ClusterDirectory.apply} throws.
     */
    public interface ModelWriter {
        void apply(ModelChange change);
    }

    /**
     * Each poll starts by claiming its host's slot. With thousands of hosts the slot was last touched a polling
     * round ago and is not in the CPU's caches; a flag inside it costs one memory read where an AtomicBoolean
     * object of its own cost two (JFR, 10,000 agents).
     */
    private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<Slot> POLLING =
        java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(Slot.class, "polling");

    /** A poll's result and the {@link AssignmentTracker#pollStamp()} it was sent with. */
    private record StampedPoll(HostLiveState state, long stamp) {
    }

    /**
     * One host's polling: where, how, and what the last poll found about its table sizes. It is also the poll's
     * completion ({@link AgentPoller.Done}): one object per host rather than a callback object per poll, because
     * with thousands of hosts every object a poll touches on its answer is a fetch from memory.
     */
    private final class Slot implements AgentPoller.Done {
        final String host;
        final String key;
        /** The agent; null if the host cannot be polled ({@link #problem} says why). */
        final Target<UdpAddress> target;
        final String problem;
        final boolean readOnly;
        /** 1 while a poll of the host is under way (a field of the slot, not an object of its own: see POLLING). */
        volatile int polling;
        /**
         * The {@link AssignmentTracker#pollStamp()} of the poll under way. Written before the poll is sent and read
         * when its answer arrives: snmp4j's synchronized request table orders the two.
         */
        long stamp;
        /** While waiting for a permit: not to be polled before this (System.nanoTime()). */
        volatile long dueAtNanos;
        volatile PollAssembly.TableSizes sizes = PollAssembly.TableSizes.FIRST;
        volatile ScheduledFuture<?> next;
        final List<CompletableFuture<HostLiveState>> waiting = new CopyOnWriteArrayList<>();
        volatile boolean removed;
        /** The last recorded poll with its stamp, in one field: a model change re-decides from the pair. */
        volatile StampedPoll lastPoll;
        /** The role the model wants the host to have (its entry of {@code desired}, kept here for each poll). */
        volatile DesiredRole want;
        /** Where the host's polls are recorded (looked up once, not by name on every poll). */
        final LiveStateStore.HostEntry entry;

        Slot(String host, String key, Target<UdpAddress> target, String problem, boolean readOnly) {
            this.host = host;
            this.key = key;
            this.target = target;
            this.problem = problem;
            this.readOnly = readOnly;
            this.want = desired.getOrDefault(host, DesiredRole.NONE);
            this.entry = store.entry(host);
        }

        @Override
        public void finished(PollOutcome outcome, PollAssembly.TableSizes found) {
            pollFinished(this, outcome, found);
        }
    }

    /** @param directory where role states and events are written; null: nowhere (benchmarks, tests) */
    public ManagerRuntime(ManagerSettings settings, Supplier<Inventory> model, ModelWriter directory, Clock clock)
        throws IOException {
        this.settings = settings;
        this.model = model;
        this.directory = directory;
        this.history = new HistoryQueue(settings.eventLogSize());
        this.clock = clock;
        this.events = new EventLog(settings.eventLogSize());
        this.tracker = new AssignmentTracker(events);
        this.store = new LiveStateStore(settings.poll(), events);
        this.inFlight = new Semaphore(settings.maxInFlight());
        byte[] engineId = EngineIdFile.load(settings.stateDirectory());
        this.session = new ManagerSnmp(settings.listen(), settings.receiveBufferBytes(), settings.profiles().values(),
            engineId);
        this.forwarder = new NmsForwarder(session, settings.nms(), new RateLimitedLog(10_000,
            System::currentTimeMillis, line -> LOG.warn("LCMS event forwarding: {}", line)));
        this.poller = new AgentPoller(session);
        this.writer = new RoleWriter(session);
        this.receiver = settings.trapListen().isEmpty() ? null : startReceiver(settings, engineId);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "lcms-snmp-poll"));
        this.notifier = Executors.newSingleThreadExecutor(r -> thread(r, "lcms-snmp-notify"));
        this.modelReader = Executors.newSingleThreadExecutor(r -> thread(r, "lcms-snmp-model"));
        long refresh = settings.modelRefresh().toMillis();
        timer.scheduleWithFixedDelay(() -> modelReader.execute(this::refreshModel), 0, refresh, TimeUnit.MILLISECONDS);
    }

    private NotificationReceiver startReceiver(ManagerSettings s, byte[] engineId) throws IOException {
        RateLimitedLog rejects = new RateLimitedLog(10_000, System::currentTimeMillis,
            line -> LOG.warn("LCMS notification receiver: {}", line));
        try {
            return new NotificationReceiver(s.trapListen(), engineId,
                s.profiles().values(), s.trapCommunity(), this::notified, rejects);
        } catch (IOException | RuntimeException e) {
            session.close();
            throw new IOException("the notification receiver cannot listen on " + s.trapListen() + ": "
                + e.getMessage() + " (is the port taken? set trapListenAddress in etc/org.lcms.snmp.cfg)", e);
        }
    }

    /** An agent's notification arrived (receiver thread): an event, and a poll to see its effect at once. */
    private void notified(NotificationReceiver.Received r) {
        NotificationTranslator.Reading reading = NotificationTranslator.read(r.notification(), r.varbinds());
        if (reading == null) {
            return;
        }
        Inventory inventory = store.inventory();
        String sourceIp = r.source() == null ? "" : r.source().getInetAddress().getHostAddress();
        String host = inventory.hosts().stream().filter(h -> h.address().inet().getHostAddress().equals(sourceIp))
            .map(Host::name).findFirst().orElse(reading.hostName());
        LcmsEvent e = events.append(clock.instant(), reading.type(), reading.severity(), host, reading.clusterId(),
            reading.message() + " [" + r.via() + " from " + r.source() + "]", reading.details(), true);
        raise(List.of(e));
        if (forwarder.active()) {
            List<org.snmp4j.smi.VariableBinding> vbs = new java.util.ArrayList<>(r.varbinds());
            inventory.host(host).flatMap(h -> NotificationTranslator.trapAddress(h.address())).ifPresent(vbs::add);
            forwarder.forward(r.notification(), vbs, settings.poll().timeout().toMillis(), settings.poll().retries());
        }
        Slot slot = slots.get(host);
        if (slot != null && slot.target != null) {
            pollSoon(slot);
        }
    }

    @Override
    public NotificationCounters notificationCounters() {
        return receiver == null ? new NotificationCounters("", 0, 0)
            : new NotificationCounters(receiver.localAddress().toString(), receiver.accepted(), receiver.rejected());
    }

    /** Polls answered since the start (for the benchmark and the status). */
    public long pollsAnswered() {
        return pollsAnswered.sum();
    }

    /** Polls that failed since the start. */
    public long pollsFailed() {
        return pollsFailed.sum();
    }

    /** Where the receiver listens; null when it is off. */
    public UdpAddress receiverAddress() {
        return receiver == null ? null : receiver.localAddress();
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
        boolean modelChanged = store.setInventory(inventory, this::agentAddress, clock.instant());
        if (modelChanged) {
            Map<String, DesiredRole> wanted = RoleReconciler.desired(inventory);
            for (Slot s : slots.values()) {
                s.want = wanted.getOrDefault(s.host, DesiredRole.NONE);
            }
            desired = wanted;
            tracker.retain(wanted.keySet());
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
            if (slot.target != null) {
                long spread = ThreadLocalRandom.current().nextLong(Math.max(1,
                    settings.poll().interval().toMillis()));
                schedule(slot, Duration.ofMillis(spread));
            } else {
                record(slot, new PollOutcome.Failed(slot.problem), clock.instant());
            }
        }
        for (Slot s : slots.values()) {
            if (inventory.host(s.host).isEmpty()) {
                slots.remove(s.host);
                stop(s);
            } else if (modelChanged) {
                try {
                    timer.execute(() -> reconcile(s)); // a cluster was built, changed or dissolved: act now
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    return; // closed meanwhile (feature:uninstall): the model thread ends quietly
                }
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
            return new Slot(h.name(), keyOf(h), null, problemOf(h), true);
        }
        UdpAddress address = new UdpAddress(h.address().inet(), p.port());
        return new Slot(h.name(), keyOf(h), session.target(p, address,
            settings.poll().timeout().toMillis(), settings.poll().retries()), "",
            p.version() != SnmpProfile.Version.V3);
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
        // one chain per host: a new schedule replaces the pending one (pollNow and pollSoon may add one)
        ScheduledFuture<?> old = slot.next;
        slot.next = timer.schedule(() -> start(slot), delay.toMillis(), TimeUnit.MILLISECONDS);
        if (old != null) {
            old.cancel(false);
        }
    }

    private void start(Slot slot) {
        if (closed || slot.removed) {
            return;
        }
        if (!POLLING.compareAndSet(slot, 0, 1)) {
            return; // a poll of this host is under way; it schedules the next one
        }
        if (!inFlight.tryAcquire()) {
            // too many outstanding: queue up; the next answer to free a place starts it (no timer spinning)
            slot.polling = 0;
            slot.dueAtNanos = 0;
            waitingForPermit.add(slot);
            return;
        }
        slot.stamp = tracker.pollStamp(); // before the first request: writes finishing later may not show in it
        poller.poll(slot.target, slot.sizes, slot);
    }

    /** A poll of {@code slot}'s host ended (on the session's receive thread, or the caller's if sending failed). */
    private void pollFinished(Slot slot, PollOutcome outcome, PollAssembly.TableSizes sizes) {
        // A queued poll is started right here: handing it to another thread cost more (a wake-up per poll)
        // than it saved — 10,000 agents: 48 -> 34-37 us CPU per poll.
        long stamp = slot.stamp;
        inFlight.release();
        if (!waitingForPermit.isEmpty()) {
            startQueued();
        }
        if (outcome instanceof PollOutcome.Failed) {
            session.forgetEngine(slot.target); // it may come back as a new engine (reinstalled host)
        } else if (receiver != null) {
            OctetString engine = session.engineOf(slot.target.getAddress());
            receiver.knowAgentEngine(engine, session.timeOf(engine)); // its traps may pass now
        }
        slot.sizes = sizes;
        (outcome instanceof PollOutcome.Answered ? pollsAnswered : pollsFailed).increment();
        Instant at = clock.instant();
        HostLiveState now = record(slot, outcome, at);
        if (now != null) {
            slot.lastPoll = new StampedPoll(now, stamp);
        }
        slot.polling = 0;
        boolean outdated = now != null && reconcile(slot, now, stamp, at);
        // An outdated poll decided nothing; the poll the finished writes asked for found this one under way
        // and was dropped, so the next one is due now rather than after the interval.
        Duration delay = outdated ? POLL_SOON
            : settings.poll().delayAfter(now == null ? 0 : now.consecutiveFailures());
        if (!waitingForPermit.isEmpty() && delay.compareTo(settings.poll().interval()) <= 0) {
            // Saturated (hosts wait for an in-flight permit): its timer would only put it in that queue, so
            // queue it now, due after the interval — a timer task less per poll.
            slot.dueAtNanos = System.nanoTime() + delay.toNanos();
            waitingForPermit.add(slot);
        } else {
            schedule(slot, delay);
        }
    }

    /** Records a poll's outcome; returns the host's state after it (null: no longer in the model). */
    private HostLiveState record(Slot slot, PollOutcome outcome, Instant at) {
        LiveStateStore.Recorded recorded = slot.entry != null ? store.record(slot.entry, outcome, at)
            : store.record(slot.host, outcome, at);
        if (!recorded.raised().isEmpty()) {
            raise(recorded.raised());
        }
        if (recorded.visible()) {
            changed();
        }
        HostLiveState now = recorded.state();
        for (CompletableFuture<HostLiveState> w : slot.waiting) {
            slot.waiting.remove(w);
            w.complete(now);
        }
        return now;
    }

    /**
     * Brings the host's agent towards the role the model wants (see {@link RoleReconciler}), from its last poll
     * (a model change: the same view, a new wish). Before this slot's first poll the stored state is of unknown
     * age: stamp 0 lets nothing be planned from it if the host has been written to.
     */
    private void reconcile(Slot slot) {
        StampedPoll last = slot.lastPoll;
        Optional<StampedPoll> seen = last != null ? Optional.of(last)
            : store.host(slot.host).map(state -> new StampedPoll(state, 0));
        if (seen.isPresent() && reconcile(slot, seen.get().state(), seen.get().stamp(), clock.instant())) {
            pollSoon(slot);
        }
    }

    /** @return true if {@code seen} was outdated (nothing decided): the host should be polled again soon */
    private boolean reconcile(Slot slot, HostLiveState seen, long pollStamp, Instant at) {
        if (closed || slot.removed || slot.target == null) {
            return false;
        }
        DesiredRole want = slot.want;
        AssignmentTracker.Decision d = tracker.decide(slot.host, want, seen, pollStamp, at);
        if (d.outdated()) {
            return true;
        }
        if (AssignmentTracker.unchanged(d)) {
            reportRoleState(slot.host, want, seen); // the agent's own state may change while its role does not
            return false;
        }
        raise(d.raised());
        if (!d.writes().isEmpty()) {
            if (slot.readOnly) {
                raise(tracker.completed(slot.host, want, WriteFailure.of("the host's SNMP profile is SNMPv2c, which "
                    + "is read-only: roles need an SNMPv3 profile whose user has access = readwrite on the agent"),
                    clock.instant()));
            } else {
                LOG.info("LCMS role assignment {}: {}", slot.host, d.writes().stream().map(RoleWriter::describe)
                    .toList());
                writer.write(slot.target, d.writes(), failure -> {
                    if (failure != null && failure.conflict()) {
                        LOG.warn("LCMS role assignment {}: the agent's state conflicts with the plan, re-reading it "
                            + "to plan again: {}", slot.host, failure.reason());
                    }
                    raise(tracker.completed(slot.host, want, failure, clock.instant()));
                    publishAssignment(slot.host);
                    if (failure == null || failure.conflict()) {
                        pollSoon(slot); // see the result (and write the next step) without waiting an interval
                    }
                });
            }
        }
        publishAssignment(slot.host);
        reportRoleState(slot.host, want, seen);
        return false;
    }

    /** A permit came free: starts the first queued host that is due (those not due yet go back to the timer). */
    private void startQueued() {
        for (Slot queued; (queued = waitingForPermit.poll()) != null; ) {
            long wait = queued.dueAtNanos - System.nanoTime();
            if (wait <= 0) {
                start(queued);
                return;
            }
            schedule(queued, Duration.ofNanos(wait));
        }
    }

    private void pollSoon(Slot slot) {
        schedule(slot, POLL_SOON);
    }

    private void raise(List<LcmsEvent> raised) {
        for (LcmsEvent e : raised) {
            LOG.info("LCMS event {}: {}", e.type(), e.message());
            if (!e.fromAgent() && forwarder.active()) {
                forwarder.forward(NotificationTranslator.notificationOf(e.type()), NotificationTranslator
                    .managerNotification(e, store.inventory().host(e.host()).map(Host::address),
                        desired.getOrDefault(e.host(), DesiredRole.NONE).role()),
                    settings.poll().timeout().toMillis(), settings.poll().retries());
            }
            notifier.execute(() -> listeners.forEach(l -> safely(() -> l.eventRaised(e))));
            if (directory != null && !history.offer(e)) {
                historyLog.log(history.notQueued() + " events since the start not written to the directory's "
                    + "history: more than " + settings.eventLogSize() + " were waiting (is the directory slow or "
                    + "away?); they are in lcms:events while the manager runs");
            }
        }
        if (!raised.isEmpty()) {
            changed();
            writeHistorySoon();
        }
    }

    private void writeHistorySoon() {
        if (directory != null && !closed && historyWriting.compareAndSet(false, true)) {
            modelReader.execute(this::writeHistory);
        }
    }

    /**
     * Writes waiting events to the directory's history, oldest first, a few at a time so that model reads
     * interleave on the model thread. One record per event: each takes the next model revision, in one sequence
     * with the changes. An unreachable directory is tried again after 5 s; nothing is lost meanwhile beyond the
     * queue's bound.
     */
    private void writeHistory() {
        for (int i = 0; i < 50 && !closed; i++) {
            Optional<ModelChange.RecordEvent> next = history.peek();
            if (next.isEmpty()) {
                historyWriting.set(false);
                if (history.size() > 0) {
                    writeHistorySoon(); // an event came between the peek and the flag
                }
                return;
            }
            try {
                directory.apply(next.get());
            } catch (DirectoryUnavailableException e) {
                historyLog.log(history.size() + " events wait for the directory: " + e.getMessage()
                    + " (trying again every 5 s)");
                timer.schedule(() -> modelReader.execute(this::writeHistory), 5, TimeUnit.SECONDS);
                return;
            } catch (RuntimeException e) {
                LOG.warn("LCMS event {} about {} not written to the history (dropped): {}", next.get().event(),
                    next.get().objectName(), e.getMessage());
            }
            history.written(next.get());
        }
        if (!closed) {
            modelReader.execute(this::writeHistory);
        }
    }

    /** Events waiting to be written to the directory's history. */
    public int historyBacklog() {
        return history.size();
    }

    /** Copies one host's assignment progress into the live state (O(1): a poll usually changes nothing). */
    private void publishAssignment(String host) {
        if (store.setAssignment(host, tracker.assignment(host), clock.instant())) {
            changed();
        }
    }

    /**
     * Records the role state in the directory when it differs from what the model holds: the agent's own state
     * once it has the wanted role, "applying" while it is being given it.
     */
    private void reportRoleState(String host, DesiredRole want, HostLiveState seen) {
        if (!seen.reachable() || directory == null) {
            return;
        }
        RoleState state = RoleReconciler.roleMatches(want, seen.role()) ? seen.role().state() : RoleState.APPLYING;
        RoleState inModel = store.inventory().host(host).map(h -> h.roleState()).orElse(state);
        if (state == inModel) {
            reported.remove(host);
            return;
        }
        if (state == reported.get(host)) {
            return; // written already; the model read has not caught up yet
        }
        reported.put(host, state);
        modelReader.execute(() -> {
            try {
                directory.apply(new ModelChange.ReportRoleState(host, state));
            } catch (RuntimeException e) {
                reported.remove(host); // try again after the next poll
                LOG.warn("LCMS SNMP manager could not record the role state {} of {}: {}", state.code(), host,
                    e.getMessage());
            }
        });
    }

    /**
     * Coalesces bursts of changes into one listener call with the newest snapshot, at most every 100 ms (the UI
     * wants changes within 2 s; a snapshot costs O(hosts), so 10,000 hosts flapping must not build one per poll).
     */
    private void changed() {
        if (listeners.isEmpty() || closed) {
            return;
        }
        if (stateDirty.compareAndSet(false, true)) {
            timer.schedule(() -> notifier.execute(() -> {
                stateDirty.set(false);
                ClusterStateSnapshot s = store.snapshot();
                listeners.forEach(l -> safely(() -> l.stateChanged(s)));
            }), 100, TimeUnit.MILLISECONDS);
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
            // a host just added: read the model now, on the model thread (refreshModel is not re-entrant)
            try {
                modelReader.submit(this::refreshModel).get();
            } catch (ExecutionException e) {
                LOG.warn("LCMS SNMP manager could not read the model: {}", e.getCause().toString());
            }
            slot = slots.get(host);
        }
        if (slot == null) {
            throw new IllegalArgumentException("no host named '" + host + "' in the model (lcms:host-list)");
        }
        if (slot.target == null) {
            return store.host(host).orElseThrow();
        }
        CompletableFuture<HostLiveState> answer = new CompletableFuture<>();
        slot.waiting.add(answer);
        Slot s = slot;
        timer.execute(() -> start(s)); // if a poll is under way, its answer completes this one too
        try {
            return answer.get(settings.poll().worstPollTime().toMillis() * PollAssembly.MAX_REQUESTS + 5000,
                TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return store.host(host).orElseThrow();
        }
    }

    @Override
    public Optional<String> requestHandOver(String host, String cluster, String target) throws InterruptedException {
        HostLiveState state = pollNow(host); // the row index and whether it holds, as of now
        Slot slot = slots.get(host);
        if (slot == null || slot.target == null || slot.readOnly) {
            return Optional.of("the manager cannot write to " + host + "'s agent: " + (slot == null ? "not in the "
                + "model" : slot.readOnly ? "its SNMP profile is read-only (v2c)" : slot.problem));
        }
        if (!state.reachable()) {
            return Optional.of(host + "'s agent does not answer (" + state.agentAddress() + ": " + state.lastError()
                + "); check its node agent and the SNMP profile");
        }
        Optional<org.lcms.snmp.api.FailoverReport> row = state.failover(cluster);
        if (row.isEmpty()) {
            return Optional.of(host + "'s agent runs no failover for cluster " + cluster + " (lcmsFailoverTable "
                + "has no row for it); check failover.cluster." + cluster + ".* in its agent.cfg");
        }
        try {
            return HandOverRequest.send(session, slot.target, row.get().index(), target)
                .get(settings.poll().worstPollTime().toMillis() * 2 + 2000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Optional.of("no answer from " + host + "'s agent to the hand-over request: " + e);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        timer.shutdownNow();
        modelReader.shutdownNow();
        notifier.shutdownNow();
        session.close();
        if (receiver != null) {
            receiver.close();
        }
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            modelReader.awaitTermination(5, TimeUnit.SECONDS);
            notifier.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
