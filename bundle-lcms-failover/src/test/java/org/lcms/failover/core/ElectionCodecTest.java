package org.lcms.failover.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lcms.failover.core.ElectionCodec.HeartbeatMessage;
import org.lcms.failover.core.ElectionCodec.Refused;
import org.lcms.failover.core.ElectionCodec.ReplyMessage;
import org.lcms.failover.core.ElectionCodec.RequestMessage;

class ElectionCodecTest {
    static final byte[] KEY = "web-cluster-key-0123456789".getBytes(StandardCharsets.UTF_8);

    @Test
    void everyMessageArrivesAsSent() throws Exception {
        ElectionCodec lb = new ElectionCodec(KEY, 7);
        ElectionCodec rs = new ElectionCodec(KEY, 9);
        VipElection.Heartbeat hb = new VipElection.Heartbeat("web", "lb", 4, true, 5, "");
        byte[] d = lb.heartbeat("lb", hb);
        assertEquals(new HeartbeatMessage("web", "lb", hb), rs.read(d, d.length));
        WitnessLedger.Request req = WitnessLedger.Request.transfer("web", "bs1", 4, "lb");
        d = lb.request("lb", 12, req);
        assertEquals(new RequestMessage("web", "lb", 12, req), rs.read(d, d.length));
        WitnessLedger.Reply reply = new WitnessLedger.Reply("web", false, "bs1", 4, 33);
        d = rs.reply("rs1", 12, reply);
        assertEquals(new ReplyMessage("web", "rs1", 12, reply), lb.read(d, d.length));
    }

    @Test
    void aWrongKeyOrAnAlteredByteIsRefused() {
        ElectionCodec lb = new ElectionCodec(KEY, 7);
        ElectionCodec other = new ElectionCodec("another-cluster-key-xyz".getBytes(StandardCharsets.UTF_8), 1);
        byte[] d = lb.heartbeat("lb", new VipElection.Heartbeat("web", "lb", 1, true, 3, ""));
        Refused e = assertThrows(Refused.class, () -> other.read(d, d.length));
        assertTrue(e.getMessage().startsWith("authentication failed"), e.getMessage());
        ElectionCodec rs = new ElectionCodec(KEY, 9);
        for (int i = 0; i < d.length; i++) {
            byte[] bad = d.clone();
            bad[i] ^= 0x01;
            assertThrows(Refused.class, () -> rs.read(bad, bad.length), "byte " + i + " altered");
        }
        assertThrows(Refused.class, () -> rs.read(d, d.length - 1), "truncated");
    }

    @Test
    void aReplayedDatagramIsRefusedButARestartedSenderIsHeard() throws Exception {
        ElectionCodec lb = new ElectionCodec(KEY, 7);
        ElectionCodec rs = new ElectionCodec(KEY, 9);
        byte[] first = lb.request("lb", 1, WitnessLedger.Request.claim("web", "lb", 1));
        byte[] second = lb.request("lb", 2, WitnessLedger.Request.claim("web", "lb", 1));
        rs.read(second, second.length);
        Refused e = assertThrows(Refused.class, () -> rs.read(first, first.length), "older than the last one");
        assertTrue(e.getMessage().startsWith("replayed or duplicated message from lb"), e.getMessage());
        assertThrows(Refused.class, () -> rs.read(second, second.length), "the same again");
        ElectionCodec restarted = new ElectionCodec(KEY, 8);
        byte[] fresh = restarted.request("lb", 1, WitnessLedger.Request.claim("web", "lb", 1));
        assertEquals(1, ((RequestMessage) rs.read(fresh, fresh.length)).round());
    }

    @Test
    void theClusterIsReadBeforeAuthenticationToPickTheKey() {
        byte[] d = new ElectionCodec(KEY, 7).heartbeat("lb", new VipElection.Heartbeat("web", "lb", 1, true, 3, ""));
        assertEquals(java.util.Optional.of("web"), ElectionCodec.clusterOf(d, d.length));
        assertEquals(java.util.Optional.empty(), ElectionCodec.clusterOf(new byte[100], 100));
        assertEquals(java.util.Optional.empty(), ElectionCodec.clusterOf(d, 20));
    }

    @Test
    void aShortKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ElectionCodec(new byte[8], 1));
    }
}
