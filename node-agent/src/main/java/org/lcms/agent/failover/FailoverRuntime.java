package org.lcms.agent.failover;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lcms.failover.core.ElectionCodec;
import org.lcms.failover.core.VipElection;
import org.lcms.failover.core.WitnessLedger;

/**
 * The agent's side of the LB manager: for every cluster this host belongs to, it answers as a witness and, on a
 * load balancer or backup, runs the {@link VipElection} — over one UDP socket with authenticated datagrams
 * ({@link ElectionCodec}), on one thread, so that the decisions never race. The VIP itself is taken and
 * released through {@link VipControl}, called on that thread in the order decided.
 *
 * <p>The thread wakes every {@code tickMillis} (and for every datagram): the election's timers are tens of
 * milliseconds, so a 2 ms tick costs little and keeps takeovers prompt.
 */
public final class FailoverRuntime implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FailoverRuntime.class.getName());

    /** Another agent of a cluster: its host name (as in the model) and its failover address. */
    public record Peer(String name, InetSocketAddress address) {
        public Peer {
            Objects.requireNonNull(name);
            Objects.requireNonNull(address);
        }
    }

    /**
     * One cluster as this agent takes part in it.
     *
     * @param ranked the load balancer, then the backups in cascade order
     * @param witnesses every agent of the cluster (including the ranked ones and this one)
     * @param key the cluster's shared secret for the datagrams (at least 16 bytes)
     */
    public record ClusterSpec(String cluster, byte[] key, List<Peer> ranked, List<Peer> witnesses,
                              long heartbeatMillis, long deadAfterMillis, long leaseMillis, long renewMillis,
                              long failbackDelayMillis) {
        public ClusterSpec {
            ranked = List.copyOf(ranked);
            witnesses = List.copyOf(witnesses);
            key = key.clone();
        }
    }

    /**
     * Takes and releases a cluster's VIP on this host; called on the failover thread, should be quick.
     * {@code validUntil} is the lease's end on the runtime's clock: a data plane that can should stop serving
     * by itself then unless {@link #extend} moves it (so that a stalled agent does not keep the VIP).
     */
    public interface VipControl {
        void take(String cluster, long epoch, long validUntil, String reason);

        void extend(String cluster, long epoch, long validUntil);

        void release(String cluster, long epoch, String reason);
    }

    /**
     * One cluster's failover as this agent sees it, for the agent's status objects (lcmsFailoverTable).
     *
     * @param rank 0 the load balancer, 1 the primary backup, ...; -1 only a witness
     * @param election the election's view; empty on a witness
     * @param handOverResult the outcome of the last operator's hand-over asked of this agent; empty if none
     */
    public record ClusterStatus(String cluster, int rank, int witnesses, Optional<VipElection.Status> election,
                                String handOverResult) {
    }

    private final class Cluster {
        final ClusterSpec spec;
        volatile String handOverResult = "";
        final ElectionCodec codec;
        final WitnessLedger witness;
        final VipElection election;
        final Map<String, Peer> peers = new LinkedHashMap<>();
        /** The election's role as of the last decision, for readers on other threads. */
        volatile VipElection.Role role = VipElection.Role.STANDBY;

        Cluster(ClusterSpec spec, long now) {
            this.spec = spec;
            this.codec = new ElectionCodec(spec.key(), bootId);
            this.witness = new WitnessLedger(spec.leaseMillis(), now);
            spec.ranked().forEach(p -> peers.put(p.name(), p));
            spec.witnesses().forEach(p -> peers.put(p.name(), p));
            boolean ranked = spec.ranked().stream().anyMatch(p -> p.name().equals(self));
            this.election = ranked ? new VipElection(new VipElection.Settings(spec.cluster(), self,
                spec.ranked().stream().map(Peer::name).toList(), spec.witnesses().size(), spec.heartbeatMillis(),
                spec.deadAfterMillis(), spec.leaseMillis(), spec.renewMillis(), spec.failbackDelayMillis()), now)
                : null;
        }
    }

    private final String self;
    private final long bootId = new java.security.SecureRandom().nextLong();
    private final DatagramChannel channel;
    private final Selector selector;
    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private final VipControl vip;
    private final LongSupplier clock;
    private final java.net.InetAddress listenAddress;
    private final long tickMillis;
    private final Thread thread;
    /** Work for the failover thread from other threads (status reads, the operator's hand-over). */
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> tasks =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile boolean closed;
    private long lastRefusalLog;

    /**
     * Binds the socket and starts the thread.
     *
     * @param self this host's name (as in the model)
     * @param clock a monotonic clock in milliseconds
     */
    public FailoverRuntime(String self, InetSocketAddress listen, List<ClusterSpec> specs, VipControl vip,
                           LongSupplier clock, long tickMillis) throws IOException {
        this.self = self;
        this.vip = vip;
        this.clock = clock;
        this.tickMillis = tickMillis;
        long now = clock.getAsLong();
        for (ClusterSpec s : specs) {
            clusters.put(s.cluster(), new Cluster(s, now));
        }
        this.listenAddress = listen.getAddress();
        this.channel = DatagramChannel.open(listen.getAddress() instanceof java.net.Inet6Address
            ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.bind(listen);
            channel.configureBlocking(false);
            this.selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.thread = new Thread(this::run, "lcms-failover");
        thread.setDaemon(true);
        thread.start();
    }

    /** Where the failover socket listens. */
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Datagrams refused (not authentic, malformed, replayed, or for an unknown cluster) since the start. */
    public long refused() {
        return refused.get();
    }

    /** Datagrams accepted since the start. */
    public long received() {
        return received.get();
    }

    private void run() {
        ByteBuffer in = ByteBuffer.allocate(2048);
        long nextTick = clock.getAsLong();
        while (!closed) {
            try {
                long wait = nextTick - clock.getAsLong();
                if (wait > 0) {
                    selector.select(wait);
                } else {
                    selector.selectNow();
                }
                selector.selectedKeys().clear();
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                for (SocketAddress from; (from = channel.receive(in.clear())) != null; ) {
                    in.flip();
                    receive(in.array(), in.limit(), from);
                }
                long now = clock.getAsLong();
                if (now >= nextTick) {
                    for (Cluster c : clusters.values()) {
                        if (c.election != null) {
                            act(c, c.election.tick(now));
                        }
                    }
                    nextTick = now + tickMillis;
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "lcms-failover: " + e, e);
                }
            }
        }
    }

    private void receive(byte[] data, int length, SocketAddress from) {
        Optional<Cluster> c = ElectionCodec.clusterOf(data, length).map(clusters::get);
        if (c.isEmpty()) {
            refuse("a datagram from " + from + " for no cluster of this agent");
            return;
        }
        Cluster cluster = c.get();
        ElectionCodec.Message m;
        try {
            m = cluster.codec.read(data, length);
        } catch (ElectionCodec.Refused e) {
            refuse("from " + from + ": " + e.getMessage());
            return;
        }
        Peer sender = cluster.peers.get(m.sender());
        if (sender == null) {
            refuse("from " + from + ": " + m.sender() + " is not an agent of cluster " + cluster.spec.cluster());
            return;
        }
        received.incrementAndGet();
        long now = clock.getAsLong();
        if (m instanceof ElectionCodec.HeartbeatMessage hb && cluster.election != null) {
            act(cluster, cluster.election.onHeartbeat(hb.heartbeat(), now));
        } else if (m instanceof ElectionCodec.RequestMessage r) {
            WitnessLedger.Reply reply = cluster.witness.answer(r.request(), now);
            send(cluster.codec.reply(self, r.round(), reply), sender.address()); // to its configured address
        } else if (m instanceof ElectionCodec.ReplyMessage r && cluster.election != null) {
            act(cluster, cluster.election.onReply(r.sender(), r.round(), r.reply(), now));
        }
    }

    private void act(Cluster c, List<VipElection.Action> actions) {
        if (actions.isEmpty()) {
            return;
        }
        List<VipElection.Action> todo = new ArrayList<>(actions);
        for (int i = 0; i < todo.size(); i++) {
            VipElection.Action a = todo.get(i);
            if (a instanceof VipElection.SendHeartbeat hb) {
                byte[] d = c.codec.heartbeat(self, hb.heartbeat());
                for (Peer p : c.spec.ranked()) {
                    if (!p.name().equals(self)) {
                        send(d, p.address());
                    }
                }
            } else if (a instanceof VipElection.AskWitnesses ask) {
                byte[] d = c.codec.request(self, ask.round(), ask.request());
                for (Peer p : c.spec.witnesses()) {
                    if (p.name().equals(self)) {
                        // this agent is a witness too: answer without the network
                        long now = clock.getAsLong();
                        todo.addAll(c.election.onReply(self, ask.round(), c.witness.answer(ask.request(), now), now));
                    } else {
                        send(d, p.address());
                    }
                }
            } else if (a instanceof VipElection.TakeVip t) {
                LOG.info("lcms-failover: " + c.spec.cluster() + ": taking the VIP at epoch " + t.epoch() + ": "
                    + t.reason());
                vip.take(c.spec.cluster(), t.epoch(), t.validUntil(), t.reason());
            } else if (a instanceof VipElection.LeaseExtended x) {
                vip.extend(c.spec.cluster(), x.epoch(), x.validUntil());
            } else if (a instanceof VipElection.ReleaseVip r) {
                LOG.warning("lcms-failover: " + c.spec.cluster() + ": releasing the VIP (epoch " + r.epoch() + "): "
                    + r.reason());
                vip.release(c.spec.cluster(), r.epoch(), r.reason());
            }
        }
        c.role = c.election.role();
    }

    private void send(byte[] d, InetSocketAddress to) {
        try {
            DatagramChannel out = senders.get(to);
            if (out == null) {
                out = DatagramChannel.open(to.getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                out.bind(new InetSocketAddress(listenAddress, 0));
                out.configureBlocking(false);
                out.connect(to);
                senders.put(to, out);
            }
            out.write(ByteBuffer.wrap(d));
        } catch (IOException e) {
            // an unreachable peer is the normal case during failures: the election copes with silence
        }
    }

    /**
     * One sending socket per peer: datagrams to a peer whose address the kernel cannot resolve (its host is down)
     * wait in the neighbour queue charged to the socket that sent them, and with one socket for all they filled
     * its send buffer within a second or two and every other peer's datagram was dropped — the LB lost its lease
     * because a dead backup's ARP entry was incomplete (seen on the network-namespace bed).
     */
    private final Map<InetSocketAddress, DatagramChannel> senders = new java.util.HashMap<>();

    private void refuse(String why) {
        refused.incrementAndGet();
        long now = clock.getAsLong();
        if (now - lastRefusalLog >= 10_000) {
            lastRefusalLog = now;
            LOG.warning("lcms-failover: refused " + why + " (" + refused.get() + " refused since the start; logged "
                + "at most every 10 s)");
        }
    }

    /** The election's role in a cluster (for the status and tests); empty if this agent is only a witness. */
    public Optional<VipElection.Role> role(String cluster) {
        Cluster c = clusters.get(cluster);
        return c == null || c.election == null ? Optional.empty() : Optional.of(c.role);
    }

    /** Every cluster's failover as this agent sees it, in configuration order. Waits for the failover thread. */
    public List<ClusterStatus> status() {
        return onFailoverThread(() -> {
            long now = clock.getAsLong();
            List<ClusterStatus> out = new ArrayList<>();
            for (Cluster c : clusters.values()) {
                int rank = c.spec.ranked().stream().map(Peer::name).toList().indexOf(self);
                out.add(new ClusterStatus(c.spec.cluster(), rank, c.spec.witnesses().size(),
                    Optional.ofNullable(c.election).map(e -> e.status(now)), c.handOverResult));
            }
            return out;
        });
    }

    /** Why {@link #handOver} would refuse now; empty if it would accept. Changes nothing. */
    public Optional<String> handOverRefusal(String cluster, String target) {
        return onFailoverThread(() -> refusal(cluster, target, c -> c.election.handOverRefusal(target,
            clock.getAsLong())));
    }

    /**
     * The operator's switchover: asks this agent, which must hold the cluster's VIP, to hand it to {@code target}
     * (see {@link VipElection#requestHandOver}; the request lapses after a second). Returns the refusal, or empty
     * when accepted; either way the outcome is kept for {@link ClusterStatus#handOverResult}.
     */
    public Optional<String> handOver(String cluster, String target) {
        return onFailoverThread(() -> {
            Optional<String> refused = refusal(cluster, target, c -> c.election.requestHandOver(target,
                HAND_OVER_TIMEOUT_MILLIS, clock.getAsLong()));
            Cluster c = clusters.get(cluster);
            if (c != null) {
                c.handOverResult = refused.map(r -> "refused: " + r).orElse("accepted: handing the VIP of "
                    + cluster + " to " + target + " at the next lease renewal");
                LOG.info("lcms-failover: " + cluster + ": the operator's hand-over to " + target + " "
                    + c.handOverResult);
            }
            return refused;
        });
    }

    /**
     * Sets the fail-back delay of {@code cluster}'s running election (the manager's policy, or the file's value
     * again); negative: never hand back. Nothing else of the election changes. Waits for the failover thread.
     *
     * @return false if this agent has no election for the cluster (unknown, or only a witness)
     */
    public boolean failbackDelay(String cluster, long millis) {
        return onFailoverThread(() -> {
            Cluster c = clusters.get(cluster);
            if (c == null || c.election == null) {
                return false;
            }
            if (c.election.failbackDelay() != millis) {
                LOG.info("lcms-failover: " + cluster + ": fail-back delay " + describeDelay(c.election.failbackDelay())
                    + " -> " + describeDelay(millis));
                c.election.failbackDelay(millis);
            }
            return true;
        });
    }

    /** The fail-back delay in force for {@code cluster}; empty without an election for it. */
    public java.util.OptionalLong failbackDelay(String cluster) {
        return onFailoverThread(() -> {
            Cluster c = clusters.get(cluster);
            return c == null || c.election == null ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(c.election.failbackDelay());
        });
    }

    private static String describeDelay(long millis) {
        return millis < 0 ? "never" : millis + " ms";
    }

    /** Keeps a refusal found by {@link #handOverRefusal} as the last hand-over's outcome. */
    public void noteRefusal(String cluster, String reason) {
        Cluster c = clusters.get(cluster);
        if (c != null) {
            c.handOverResult = "refused: " + reason;
            LOG.info("lcms-failover: " + cluster + ": the operator's hand-over refused: " + reason);
        }
    }

    /** How long an accepted hand-over may take before it lapses. */
    static final long HAND_OVER_TIMEOUT_MILLIS = 1000;

    private Optional<String> refusal(String cluster, String target,
                                     java.util.function.Function<Cluster, Optional<String>> check) {
        Cluster c = clusters.get(cluster);
        if (c == null) {
            return Optional.of("this agent (" + self + ") takes no part in the failover of cluster " + cluster);
        }
        if (c.election == null) {
            return Optional.of(self + " is only a witness of cluster " + cluster + ", it never holds the VIP");
        }
        return check.apply(c);
    }

    private <T> T onFailoverThread(java.util.function.Supplier<T> work) {
        if (Thread.currentThread() == thread) {
            return work.get();
        }
        java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            return result.get(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the failover thread", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the failover thread did not answer within 1 s: " + e, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
            channel.close();
            for (DatagramChannel out : senders.values()) {
                out.close();
            }
        } catch (IOException e) {
            LOG.fine("closing the failover socket: " + e);
        }
    }
}
