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

    @Test
    void theSorryServerAndWeightNotificationsCarryTheServiceTheServerAndTheReason() throws Exception {
        RealServer rs = new RealServer(1, 2, InetAddress.getByName("10.0.0.2"), 80, 100, RealServerStatus.UP, true);
        VirtualService vs = new VirtualService(1, InetAddress.getByName("192.0.2.10"), 80, Protocol.TCP,
            Scheduler.WRR, true);
        DispatchTableMib mib = new DispatchTableMib(DispatchTable.EMPTY.withVirtualService(vs).withRealServer(rs),
            new RecordingDispatchTableDriver(), () -> 4200, Optional::empty, () -> new OctetString("www"),
            new DispatchTableMib.Listener() {
                @Override
                public void committed(DispatchTable t) {
                }

                @Override
                public void realServerStateChanged(VariableBinding[] varbinds) {
                }
            });
        Map<String, String> sorry = values(mib.sorryServer(vs, new RealServer(1, 65_535,
            InetAddress.getByName("10.0.0.99"), 80, 1, RealServerStatus.UP, true), "no real server can"));
        assertEquals("www", sorry.get(LcmsMib.scalar(LcmsMib.LCMS_ROLE_CLUSTER_ID).toString()));
        assertEquals("80", sorry.get(LcmsMib.LCMS_VS_PORT + ".1"));
        assertEquals("0a:00:00:63", sorry.get(LcmsMib.scalar(LcmsMib.LCMS_NOTIF_PEER_ADDRESS).toString()),
            "the sorry server");
        assertEquals("no real server can", sorry.get(LcmsMib.scalar(LcmsMib.LCMS_NOTIF_REASON).toString()));
        assertEquals(8, sorry.size(), "the objects of lcmsSorryServerOn: " + sorry);
        Map<String, String> weight = values(mib.weightChange(vs, rs.withWeight(73), "weight 100 -> 73: load"));
        assertEquals("73", weight.get(LcmsMib.LCMS_RS_WEIGHT + ".1.2"), "the effective weight");
        assertEquals("80", weight.get(LcmsMib.LCMS_RS_PORT + ".1.2"));
        assertEquals("weight 100 -> 73: load", weight.get(LcmsMib.scalar(LcmsMib.LCMS_NOTIF_REASON).toString()));
        assertEquals(10, weight.size(), "the objects of lcmsRealServerWeightChange: " + weight);
    }

    static Map<String, String> values(VariableBinding[] vbs) {
        Map<String, String> out = new HashMap<>();
        for (VariableBinding vb : vbs) {
            out.put(vb.getOid().toString(), vb.getVariable().toString());
        }
        return out;
    }
}
