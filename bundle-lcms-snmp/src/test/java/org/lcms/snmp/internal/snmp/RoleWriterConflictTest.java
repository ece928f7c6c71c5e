package org.lcms.snmp.internal.snmp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.smi.UdpAddress;

/** Which refusals say the plan met an agent state it did not expect (re-read and plan again). */
class RoleWriterConflictTest {

    static ResponseEvent<UdpAddress> answered(int type, int errorStatus) {
        ScopedPDU response = new ScopedPDU();
        response.setType(type);
        response.setErrorStatus(errorStatus);
        response.setErrorIndex(errorStatus == PDU.noError ? 0 : 1);
        return new ResponseEvent<>(new Object(), new UdpAddress("127.0.0.1/161"), new ScopedPDU(), response, null);
    }

    @Test
    void inconsistentValueAndInconsistentNameAreConflicts() {
        // the node agent: "virtual service 1 exists already", "real server 1.2 does not exist"
        assertTrue(RoleWriter.conflict(answered(PDU.RESPONSE, PDU.inconsistentValue)));
        assertTrue(RoleWriter.conflict(answered(PDU.RESPONSE, PDU.inconsistentName)));
    }

    @Test
    void otherRefusalsAndSilenceAreNot() {
        for (int status : new int[] {PDU.wrongValue, PDU.wrongType, PDU.notWritable, PDU.noCreation,
            PDU.commitFailed, PDU.resourceUnavailable, PDU.genErr, PDU.noError}) {
            assertFalse(RoleWriter.conflict(answered(PDU.RESPONSE, status)), PDU.toErrorStatusText(status));
        }
        assertFalse(RoleWriter.conflict(answered(PDU.REPORT, PDU.inconsistentValue)), "a USM report");
        assertFalse(RoleWriter.conflict(new ResponseEvent<>(new Object(), new UdpAddress("127.0.0.1/161"),
            new ScopedPDU(), null, null)), "no answer");
    }
}
