package org.lcms.agent.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lcms.agent.dispatch.DispatchTable;
import org.lcms.agent.dispatch.Protocol;
import org.lcms.agent.dispatch.RealServer;
import org.lcms.agent.dispatch.RealServerStatus;
import org.lcms.agent.dispatch.RecordingDispatchTableDriver;
import org.lcms.agent.dispatch.Scheduler;
import org.lcms.agent.dispatch.VirtualService;
import org.lcms.mib.LcmsMib;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.VariableBinding;

/** A health decision reaches the manager as lcmsRealServerStateChange, with the data plane's status. */
class DispatchTableMibHealthTest {
    @Test
    void aHealthChangeIsCountedAndNotifiedWithTheEffectiveStatusAndItsReason() throws Exception {
        RealServer rs = new RealServer(1, 2, InetAddress.getByName("10.0.0.2"), 80, 100, RealServerStatus.UP, true);
        DispatchTable table = DispatchTable.EMPTY
            .withVirtualService(new VirtualService(1, InetAddress.getByName("192.0.2.10"), 80, Protocol.TCP,
                Scheduler.WLC, true))
            .withRealServer(rs);
        List<VariableBinding[]> sent = new ArrayList<>();
        DispatchTableMib mib = new DispatchTableMib(table, new RecordingDispatchTableDriver(), () -> 4200,
            Optional::empty, () -> new OctetString("www"), new DispatchTableMib.Listener() {
                @Override
                public void committed(DispatchTable t) {
                }

                @Override
                public void realServerStateChanged(VariableBinding[] varbinds) {
                    sent.add(varbinds);
                }
            });
        mib.healthChanged(rs.withStatus(RealServerStatus.DOWN), RealServerStatus.UP,
            "health check: failed: TCP connect to 10.0.0.2:80: Connection refused");
        mib.healthChanged(new RealServer(1, 9, rs.address(), 80, 100, RealServerStatus.DOWN, true),
            RealServerStatus.UP, "a row the manager removed meanwhile");
        assertEquals(1, sent.size());
        Map<String, String> vbs = new HashMap<>();
        for (VariableBinding vb : sent.get(0)) {
            vbs.put(vb.getOid().toString(), vb.getVariable().toString());
        }
        assertEquals("2", vbs.get(LcmsMib.LCMS_RS_STATUS + ".1.2"), "down in the data plane");
        assertEquals("1", vbs.get(LcmsMib.scalar(LcmsMib.LCMS_NOTIF_PREVIOUS_RS_STATUS).toString()));
        assertEquals("1", vbs.get(LcmsMib.LCMS_RS_STATUS_CHANGES + ".1.2"), "counted as a status change");
        assertEquals("health check: failed: TCP connect to 10.0.0.2:80: Connection refused",
            vbs.get(LcmsMib.scalar(LcmsMib.LCMS_NOTIF_REASON).toString()));
        assertEquals(table, mib.table(), "the table keeps the manager's status");
    }
}
