package org.lcms.snmp.internal.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;

/** USM reports are named for operators without touching snmp4j's shared constants. */
class UsmReportNameTest {

    @Test
    void reportsAreNamedAndSnmp4jConstantsStayIntact() {
        OID unknownUser = new OID(SnmpConstants.usmStatsUnknownUserNames);
        for (int i = 0; i < 2; i++) { // a second call sees the same constants
            assertEquals("usmStatsUnknownUserNames: unknown user",
                AgentPoller.usmReportName(SnmpConstants.usmStatsUnknownUserNames));
            assertEquals("usmStatsWrongDigests: wrong authentication password or protocol",
                AgentPoller.usmReportName(SnmpConstants.usmStatsWrongDigests));
            assertEquals("usmStatsDecryptionErrors: wrong privacy password or protocol",
                AgentPoller.usmReportName(SnmpConstants.usmStatsDecryptionErrors));
        }
        assertEquals(unknownUser, SnmpConstants.usmStatsUnknownUserNames, "the shared constant was not trimmed");
        assertEquals("1.3.6.1.6.3.15.1.1.4.0", AgentPoller.usmReportName(SnmpConstants.usmStatsUnknownEngineIDs));
    }
}
