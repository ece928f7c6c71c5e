import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.StatusInformation;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.TransportStateReference;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.transport.UdpTransportMapping;

/**
 * Many SNMP agents in one JVM, for bench/manager-vs-snmp4j.sh: N snmp4j UDP endpoints (127.0.X.Y:PORT) answering
 * SNMPv2c GET/GETNEXT/GETBULK (RFC 3416) over one static view of an LCMS-MIB real server (host and role scalars, one
 * service row), through snmp4j's own message processing (MessageDispatcherImpl, MPv2c, this CommandResponder). Not
 * the node agent (one JVM per host would not fit 10,000 on this machine): the point is the manager's cost per poll.
 *
 * <p>The transport is {@link Endpoint}, not snmp4j's DefaultUdpTransportMapping: that one runs a listener thread per
 * socket, and 1,000 or 10,000 threads on a 2-core machine took the CPU the manager under test needs (and 2 GB of
 * memory at 10,000). Each Endpoint is a snmp4j TransportMapping owning one non-blocking DatagramChannel; one (FARM_LOOPS, default
 * 1) selector thread serves all of them: it reads a datagram into a reused buffer, hands it to snmp4j on the same
 * thread, and snmp4j's response leaves through that endpoint's channel without blocking. A full socket buffer drops
 * the response, as a real agent under load would; the manager's request times out.
 *
 * <p>Usage: java -cp &lt;snmp4j&gt; bench/AgentFarm.java COUNT PORT COMMUNITY MIB_ROOT   (prints "ready" when
 * listening; FARM_LOOPS in the environment sets the number of selector threads)
 */
public class AgentFarm implements CommandResponder {
    private final TreeMap<OID, Variable> mib = new TreeMap<>();
    private final OctetString community;

    AgentFarm(String root, String community) {
        this.community = new OctetString(community);
        OID host = new OID(root + ".1.1");
        OID role = new OID(root + ".1.2");
        OID service = new OID(root + ".1.4.1.1");
        put(host, 1, new OctetString("bench-host"));
        put(host, 2, new OctetString("bench cpu"));
        put(host, 3, new UnsignedInteger32(2));
        put(host, 4, new UnsignedInteger32(24105));
        put(host, 5, new UnsignedInteger32(20000));
        put(host, 6, new UnsignedInteger32(12));
        put(host, 7, new UnsignedInteger32(10));
        put(host, 8, new UnsignedInteger32(9));
        put(host, 9, new OctetString("bench"));
        mib.put(new OID(host).append(10).append(0), new org.snmp4j.smi.TimeTicks(1000));
        put(role, 1, new Integer32(1)); // none: the bench model has no clusters, so the agents are in sync
        put(role, 2, new Integer32(3));
        put(role, 3, new OctetString("web"));
        put(role, 4, new Integer32(1));
        put(role, 5, new OctetString(new byte[] {(byte) 192, 0, 2, 10}));
        put(role, 6, new UnsignedInteger32(0));
        put(role, 7, new UnsignedInteger32(0));
        mib.put(new OID(role).append(8).append(0), new org.snmp4j.smi.TimeTicks(500));
        put(role, 9, new OctetString(""));
        mib.put(new OID(service).append(2).append(1), new OctetString("http"));
        mib.put(new OID(service).append(3).append(1), new UnsignedInteger32(80));
        mib.put(new OID(service).append(4).append(1), new Integer32(6));
        mib.put(new OID(service).append(5).append(1), new Integer32(1));
        mib.put(new OID(service).append(6).append(1), new UnsignedInteger32(3));
        mib.put(new OID(service).append(7).append(1), new org.snmp4j.smi.TimeTicks(100));
    }

    private void put(OID group, int arc, Variable v) {
        mib.put(new OID(group).append(arc).append(0), v);
    }

    private VariableBinding next(OID o) {
        Map.Entry<OID, Variable> e = mib.higherEntry(o);
        return e == null ? new VariableBinding(o, Null.endOfMibView) : new VariableBinding(e.getKey(), e.getValue());
    }

    @Override
    public <A extends org.snmp4j.smi.Address> void processPdu(CommandResponderEvent<A> event) {
        PDU req = event.getPDU();
        if (req == null || !community.equals(new OctetString(event.getSecurityName()))) {
            return;
        }
        PDU resp = new PDU();
        resp.setType(PDU.RESPONSE);
        resp.setRequestID(req.getRequestID());
        List<? extends VariableBinding> vbs = req.getVariableBindings();
        switch (req.getType()) {
            case PDU.GET -> vbs.forEach(vb -> {
                Variable v = mib.get(vb.getOid());
                resp.add(new VariableBinding(vb.getOid(), v == null ? Null.noSuchObject : v));
            });
            case PDU.GETNEXT -> vbs.forEach(vb -> resp.add(next(vb.getOid())));
            case PDU.GETBULK -> {
                int n = Math.max(0, Math.min(req.getNonRepeaters(), vbs.size()));
                for (int i = 0; i < n; i++) {
                    resp.add(next(vbs.get(i).getOid()));
                }
                List<OID> cursors = new ArrayList<>();
                for (int i = n; i < vbs.size(); i++) {
                    cursors.add(vbs.get(i).getOid());
                }
                for (int r = 0; r < req.getMaxRepetitions() && !cursors.isEmpty(); r++) {
                    for (int i = 0; i < cursors.size(); i++) {
                        VariableBinding vb = next(cursors.get(i));
                        resp.add(vb);
                        cursors.set(i, vb.getOid());
                    }
                }
            }
            default -> {
                return;
            }
        }
        event.setProcessed(true);
        try {
            event.getMessageDispatcher().returnResponsePdu(event.getMessageProcessingModel(),
                event.getSecurityModel(), event.getSecurityName(), event.getSecurityLevel(), resp,
                event.getMaxSizeResponsePDU(), event.getStateReference(), new StatusInformation());
        } catch (Exception e) {
            // the response could not be sent: the manager's request times out, as with any agent
        }
    }

    /** The address of agent {@code i}: 127.0.X.Y with X.Y counted from 127.0.1.1. */
    static String address(int i) {
        int n = i + 256 + 1;
        return "127." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    /** Responses dropped because an endpoint's send buffer was full. */
    static final AtomicLong DROPPED = new AtomicLong();

    /**
     * One agent's UDP endpoint: a snmp4j TransportMapping over a non-blocking DatagramChannel, read by a {@link Loop}
     * instead of a thread of its own. Messages are processed synchronously on the loop thread, so the receive buffer
     * is not copied (asyncMsgProcessingSupported is false).
     */
    static final class Endpoint extends UdpTransportMapping {
        private final Loop loop;
        private final TransportStateReference state;
        private DatagramChannel channel;

        Endpoint(UdpAddress address, Loop loop) {
            super(address);
            this.loop = loop;
            this.state = new TransportStateReference(this, address, null, SecurityLevel.undefined,
                SecurityLevel.undefined, false, null);
            setAsyncMsgProcessingSupported(false);
        }

        /** Binds the channel and registers it with the loop's selector (before the loop starts). */
        @Override
        public synchronized void listen() throws IOException {
            if (channel != null) {
                return;
            }
            DatagramChannel c = DatagramChannel.open();
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.SO_RCVBUF, Loop.RECEIVE_BUFFER);
            c.bind(new InetSocketAddress(udpAddress.getInetAddress(), udpAddress.getPort()));
            c.register(loop.selector, SelectionKey.OP_READ, this);
            channel = c;
        }

        @Override
        public boolean isListening() {
            return channel != null;
        }

        @Override
        public synchronized void close() throws IOException {
            if (channel != null) {
                channel.close();
                channel = null;
            }
        }

        /** Non-blocking: a full socket send buffer drops the message (counted in {@link #DROPPED}). */
        @Override
        public void sendMessage(UdpAddress to, byte[] message, TransportStateReference tmStateReference,
                                long timeoutMillis, int maxRetries) throws IOException {
            DatagramChannel c = channel;
            if (c == null) {
                throw new IOException("endpoint " + udpAddress + " is closed");
            }
            ByteBuffer out;
            if (Thread.currentThread() == loop.thread) {
                out = loop.out;
                out.clear();
                out.put(message);
                out.flip();
            } else {
                out = ByteBuffer.wrap(message);
            }
            if (c.send(out, loop.socketAddress(to)) == 0) {
                DROPPED.incrementAndGet();
            }
        }

        /** Reads up to {@code max} waiting datagrams and processes each one; false once the socket is drained. */
        boolean receive(ByteBuffer in, int max) throws IOException {
            for (int i = 0; i < max; i++) {
                in.clear();
                SocketAddress from = channel.receive(in);
                if (from == null) {
                    return false;
                }
                in.flip();
                InetSocketAddress f = (InetSocketAddress) from;
                fireProcessMessage(new UdpAddress(f.getAddress(), f.getPort()), in, state);
            }
            return true;
        }
    }

    /** A selector thread serving many endpoints; one receive and one send buffer, reused for every datagram. */
    static final class Loop implements Runnable {
        static final int RECEIVE_BUFFER = 256 << 10;
        /** Datagrams read from one endpoint before the loop moves on to the next ready one. */
        private static final int BATCH = 8;
        final Selector selector;
        final Thread thread;
        final ByteBuffer out = ByteBuffer.allocateDirect(65535);
        private final ByteBuffer in = ByteBuffer.allocateDirect(65535);
        /** The manager answers from one or a few sockets: keep their java.net form instead of one per response. */
        private UdpAddress lastTo;
        private InetSocketAddress lastSocketAddress;

        Loop(int n) throws IOException {
            selector = Selector.open();
            thread = new Thread(this, "agent-farm-loop-" + n);
            thread.setDaemon(true);
        }

        InetSocketAddress socketAddress(UdpAddress to) {
            if (Thread.currentThread() != thread) {
                return new InetSocketAddress(to.getInetAddress(), to.getPort());
            }
            if (!to.equals(lastTo)) {
                lastTo = to;
                lastSocketAddress = new InetSocketAddress(to.getInetAddress(), to.getPort());
            }
            return lastSocketAddress;
        }

        @Override
        public void run() {
            while (true) {
                try {
                    selector.select();
                    var ready = selector.selectedKeys().iterator();
                    while (ready.hasNext()) {
                        SelectionKey key = ready.next();
                        ready.remove();
                        if (key.isValid()) {
                            ((Endpoint) key.attachment()).receive(in, BATCH);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    System.err.println("agent farm loop: " + e);
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        int port = Integer.parseInt(args[1]);
        int loops = Integer.parseInt(System.getenv().getOrDefault("FARM_LOOPS", "1"));
        AgentFarm farm = new AgentFarm(args[3], args[2]);
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv2c());
        Snmp snmp = new Snmp(dispatcher);
        snmp.addCommandResponder(farm);
        Loop[] loop = new Loop[loops];
        for (int l = 0; l < loops; l++) {
            loop[l] = new Loop(l);
        }
        for (int i = 0; i < count; i++) {
            Endpoint t = new Endpoint(new UdpAddress(InetAddress.getByName(address(i)), port), loop[i % loops]);
            snmp.addTransportMapping(t);
            t.listen();
        }
        for (Loop l : loop) {
            l.thread.start();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("dropped " + DROPPED.get()
            + " responses (full send buffers)")));
        System.out.println("ready " + count);
        System.out.flush();
        Thread.currentThread().join();
    }
}
