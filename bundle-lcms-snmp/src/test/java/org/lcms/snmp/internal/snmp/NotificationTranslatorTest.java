package org.lcms.snmp.internal.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lcms.mib.LcmsMib;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.Severity;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.VariableBinding;

/** The RS manager's notifications become events of the cluster state with their reason. */
class NotificationTranslatorTest {
    static final OID VS1 = new OID(new int[] {1});

    static List<VariableBinding> sorry() {
        return List.of(
            new VariableBinding(LcmsMib.scalar(LcmsMib.LCMS_ROLE_CLUSTER_ID), new OctetString("www")),
            new VariableBinding(new OID(LcmsMib.LCMS_VS_ADDRESS_TYPE).append(VS1), new Integer32(1)),
            new VariableBinding(new OID(LcmsMib.LCMS_VS_ADDRESS).append(VS1), new OctetString(new byte[] {(byte) 192, 0, 2, 10})),
            new VariableBinding(new OID(LcmsMib.LCMS_VS_PORT).append(VS1), new UnsignedInteger32(80)),
            new VariableBinding(new OID(LcmsMib.LCMS_VS_PROTOCOL).append(VS1), new Integer32(6)),
            new VariableBinding(LcmsMib.scalar(LcmsMib.LCMS_NOTIF_PEER_ADDRESS_TYPE), new Integer32(1)),
            new VariableBinding(LcmsMib.scalar(LcmsMib.LCMS_NOTIF_PEER_ADDRESS), new OctetString(new byte[] {10, 0, 0, 99})),
            new VariableBinding(LcmsMib.scalar(LcmsMib.LCMS_NOTIF_REASON), new OctetString("no real server can take "
                + "new connections: 1.1 10.0.0.1:80 down (failed: connection refused)")));
    }

    @Test
    void sorryServerOnAndOffAreEventsOfTheClusterWithTheirReason() {
        NotificationTranslator.Reading on = NotificationTranslator.read(LcmsMib.LCMS_SORRY_SERVER_ON, sorry());
        assertEquals(EventType.SORRY_SERVER_ON, on.type());
        assertEquals(Severity.MAJOR, on.severity());
        assertEquals("www", on.clusterId());
        assertEquals("virtual service 192.0.2.10:80 of www is served by its sorry server 10.0.0.99: no real server "
            + "can take new connections: 1.1 10.0.0.1:80 down (failed: connection refused)", on.message());
        NotificationTranslator.Reading off = NotificationTranslator.read(LcmsMib.LCMS_SORRY_SERVER_OFF, sorry());
        assertEquals(EventType.SORRY_SERVER_OFF, off.type());
        assertEquals(Severity.NORMAL, off.severity());
        assertEquals(LcmsMib.LCMS_REAL_SERVER_WEIGHT_CHANGE,
            NotificationTranslator.notificationOf(EventType.REAL_SERVER_WEIGHT_CHANGE));
    }
}
