package org.lcms.failover.core;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The election's datagrams between agents: heartbeats, lease requests and replies, each authenticated with
 * HMAC-SHA-256 under the cluster's shared key and protected against replay. Pure (bytes in, bytes out); the
 * agent's UDP adapter sends and receives them.
 *
 * <pre>
 * "LCEL" version(1) type(1) boot(8) counter(8) cluster(str) sender(str) body... mac(32 = HMAC-SHA-256 of all before)
 * str = length(1) UTF-8 bytes (at most 255)
 * heartbeat: epoch(8) holding(1) reach(2) handoverTo(str)
 * request:   round(8) candidate(str) epoch(8) transferTo(str) probe(1)
 * reply:     round(8) granted(1) holder(str) epoch(8) remaining(8)
 * </pre>
 *
 * Replay: every sender numbers its datagrams ({@code counter}) within a random {@code boot} id chosen at its
 * start; a receiver accepts only a counter above the last one it accepted for that sender and boot. A new boot id
 * is accepted (the sender restarted), so a replayed datagram of an old boot could be taken once after the
 * sender's restart: harmless, since every decision is also bounded by leases and epochs. Not thread-safe.
 */
public final class ElectionCodec {
    private static final byte[] MAGIC = {'L', 'C', 'E', 'L'};
    private static final int VERSION = 1;
    private static final int MAC_LENGTH = 32;
    private static final int MAX_DATAGRAM = 1200;

    /** A datagram's content after it passed the checks. */
    public sealed interface Message {
        String cluster();

        String sender();
    }

    public record HeartbeatMessage(String cluster, String sender, VipElection.Heartbeat heartbeat)
        implements Message {
    }

    public record RequestMessage(String cluster, String sender, long round, WitnessLedger.Request request)
        implements Message {
    }

    public record ReplyMessage(String cluster, String sender, long round, WitnessLedger.Reply reply)
        implements Message {
    }

    /** Why a datagram was refused (counted and logged by the adapter; never acted on). */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private final Mac mac;
    private final long boot;
    private long counter;
    private final Map<String, long[]> lastSeen = new HashMap<>();

    /**
     * @param key the cluster's shared secret (at least 16 bytes)
     * @param boot a random number chosen at this agent's start
     */
    public ElectionCodec(byte[] key, long boot) {
        if (key.length < 16) {
            throw new IllegalArgumentException("the cluster key has " + key.length + " bytes; give at least 16");
        }
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
        }
        this.boot = boot;
    }

    public byte[] heartbeat(String sender, VipElection.Heartbeat hb) {
        ByteBuffer b = header(1, hb.cluster(), sender);
        b.putLong(hb.epoch()).put((byte) (hb.holding() ? 1 : 0)).putShort((short) hb.reach());
        str(b, hb.handoverTo());
        return seal(b);
    }

    public byte[] request(String sender, long round, WitnessLedger.Request r) {
        ByteBuffer b = header(2, r.cluster(), sender);
        b.putLong(round);
        str(b, r.candidate());
        b.putLong(r.epoch());
        str(b, r.transferTo());
        b.put((byte) (r.probe() ? 1 : 0));
        return seal(b);
    }

    public byte[] reply(String sender, long round, WitnessLedger.Reply r) {
        ByteBuffer b = header(3, r.cluster(), sender);
        b.putLong(round).put((byte) (r.granted() ? 1 : 0));
        str(b, r.holder());
        b.putLong(r.epoch()).putLong(r.remainingMillis());
        return seal(b);
    }

    /**
     * The cluster a datagram names, read before it is authenticated: only to pick the cluster's codec (key),
     * which then checks everything. Empty if the datagram is not an election message.
     */
    public static java.util.Optional<String> clusterOf(byte[] data, int length) {
        int at = MAGIC.length + 2 + 16;
        if (length < at + 1 + MAC_LENGTH || !java.util.Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return java.util.Optional.empty();
        }
        int n = data[at] & 0xff;
        if (at + 1 + n > length - MAC_LENGTH) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new String(data, at + 1, n, StandardCharsets.UTF_8));
    }

    /** Checks and decodes a datagram; refuses anything not authentic, malformed or replayed. */
    public Message read(byte[] data, int length) throws Refused {
        if (length < MAGIC.length + 2 + 16 + MAC_LENGTH || length > MAX_DATAGRAM) {
            throw new Refused("a datagram of " + length + " bytes is not an LCMS election message");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (data[i] != MAGIC[i]) {
                throw new Refused("not an LCMS election message (wrong magic)");
            }
        }
        mac.update(data, 0, length - MAC_LENGTH);
        byte[] expected = mac.doFinal();
        byte[] got = java.util.Arrays.copyOfRange(data, length - MAC_LENGTH, length);
        if (!MessageDigest.isEqual(expected, got)) {
            throw new Refused("authentication failed (wrong cluster key, or altered on the way)");
        }
        ByteBuffer b = ByteBuffer.wrap(data, MAGIC.length, length - MAGIC.length - MAC_LENGTH);
        try {
            int version = b.get() & 0xff;
            if (version != VERSION) {
                throw new Refused("election message version " + version + " (this agent speaks " + VERSION + ")");
            }
            int type = b.get();
            long senderBoot = b.getLong();
            long senderCounter = b.getLong();
            String cluster = str(b);
            String sender = str(b);
            Message m = switch (type) {
                case 1 -> new HeartbeatMessage(cluster, sender, new VipElection.Heartbeat(cluster, sender,
                    b.getLong(), b.get() == 1, b.getShort() & 0xffff, str(b)));
                case 2 -> {
                    long round = b.getLong();
                    String candidate = str(b);
                    long epoch = b.getLong();
                    String to = str(b);
                    boolean probe = b.get() == 1;
                    yield new RequestMessage(cluster, sender, round, new WitnessLedger.Request(cluster, candidate,
                        epoch, to, probe));
                }
                case 3 -> {
                    long round = b.getLong();
                    boolean granted = b.get() == 1;
                    String holder = str(b);
                    yield new ReplyMessage(cluster, sender, round, new WitnessLedger.Reply(cluster, granted, holder,
                        b.getLong(), b.getLong()));
                }
                default -> throw new Refused("unknown election message type " + type);
            };
            if (b.hasRemaining()) {
                throw new Refused("election message with " + b.remaining() + " bytes too many");
            }
            long[] last = lastSeen.get(sender);
            if (last != null && last[0] == senderBoot && senderCounter <= last[1]) {
                throw new Refused("replayed or duplicated message from " + sender + " (number " + senderCounter
                    + ", last " + last[1] + ")");
            }
            lastSeen.put(sender, new long[] {senderBoot, senderCounter});
            return m;
        } catch (BufferUnderflowException e) {
            throw new Refused("truncated election message");
        }
    }

    private ByteBuffer header(int type, String cluster, String sender) {
        ByteBuffer b = ByteBuffer.allocate(MAX_DATAGRAM);
        b.put(MAGIC).put((byte) VERSION).put((byte) type).putLong(boot).putLong(++counter);
        str(b, cluster);
        str(b, sender);
        return b;
    }

    private byte[] seal(ByteBuffer b) {
        int n = b.position();
        mac.update(b.array(), 0, n);
        b.put(mac.doFinal());
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static void str(ByteBuffer b, String s) {
        byte[] bytes = Objects.requireNonNull(s).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 255) {
            throw new IllegalArgumentException("a name of " + bytes.length + " bytes; at most 255");
        }
        b.put((byte) bytes.length).put(bytes);
    }

    private static String str(ByteBuffer b) {
        int n = b.get() & 0xff;
        byte[] bytes = new byte[n];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
