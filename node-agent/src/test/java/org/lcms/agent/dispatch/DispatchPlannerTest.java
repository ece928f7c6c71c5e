package org.lcms.agent.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lcms.agent.dispatch.DispatchTableTest.rs;
import static org.lcms.agent.dispatch.DispatchTableTest.vs;

import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchPlannerTest {
    static List<String> plan(DispatchTable from, DispatchTable to) {
        return DispatchPlanner.plan(from, to).stream().map(c -> String.join(" ", c)).toList();
    }

    @Test
    void addEditDrainDownAndRemove() throws Exception {
        DispatchTable a = DispatchTable.EMPTY.withVirtualService(vs(1, "192.0.2.10", 80))
            .withRealServer(rs(1, 1, "10.0.0.1", 80)).withRealServer(rs(1, 2, "10.0.0.2", 80));
        assertEquals(List.of("ipvsadm -A -t 192.0.2.10:80 -s wlc",
            "ipvsadm -a -t 192.0.2.10:80 -r 10.0.0.1:80 -g -w 100",
            "ipvsadm -a -t 192.0.2.10:80 -r 10.0.0.2:80 -g -w 100"), plan(DispatchTable.EMPTY, a));
        assertEquals(List.of(), plan(a, a), "no change, no command");
        DispatchTable b = a.withRealServer(a.realServer(1, 1).orElseThrow().withStatus(RealServerStatus.DRAINING))
            .withRealServer(a.realServer(1, 2).orElseThrow().withStatus(RealServerStatus.DOWN));
        assertEquals(List.of("ipvsadm -d -t 192.0.2.10:80 -r 10.0.0.2:80",
            "ipvsadm -e -t 192.0.2.10:80 -r 10.0.0.1:80 -g -w 0"), plan(a, b));
        assertEquals(List.of("ipvsadm -D -t 192.0.2.10:80"), plan(a, DispatchTable.EMPTY),
            "removing the service removes its real servers in IPVS");
        DispatchTable v6 = DispatchTable.EMPTY.withVirtualService(vs(1, "2001:db8::10", 53));
        assertEquals(List.of("ipvsadm -A -t [2001:db8:0:0:0:0:0:10]:53 -s wlc"), plan(DispatchTable.EMPTY, v6));
    }
}
