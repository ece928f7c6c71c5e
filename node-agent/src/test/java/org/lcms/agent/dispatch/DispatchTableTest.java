package org.lcms.agent.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchTableTest {
    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    static VirtualService vs(int index, String address, int port) throws Exception {
        return new VirtualService(index, ip(address), port, Protocol.TCP, Scheduler.WLC, true);
    }

    static RealServer rs(int vs, int index, String address, int port) throws Exception {
        return new RealServer(vs, index, ip(address), port, 100, RealServerStatus.UP, true);
    }

    @Test
    void addUpdateAndRemoveRows() throws Exception {
        DispatchTable t = DispatchTable.EMPTY.withVirtualService(vs(1, "192.0.2.10", 80))
            .withRealServer(rs(1, 2, "10.0.0.2", 80)).withRealServer(rs(1, 1, "10.0.0.1", 80));
        assertEquals(List.of(1, 2), t.realServersOf(1).stream().map(RealServer::index).toList(), "index order");
        t = t.withRealServer(t.realServer(1, 1).orElseThrow().withWeight(7).withStatus(RealServerStatus.DRAINING));
        assertEquals(7, t.realServer(1, 1).orElseThrow().weight());
        assertEquals(RealServerStatus.DRAINING, t.realServer(1, 1).orElseThrow().status());
        assertEquals(1, t.withoutRealServer(1, 1).realServers().size());
        assertTrue(t.withoutVirtualService(1).realServers().isEmpty(), "removing a vs removes its real servers");
        assertEquals(DispatchTable.EMPTY, t.withoutVirtualService(1));
    }

    @Test
    void rangesAreOutOfRange() throws Exception {
        assertKind(DispatchTableException.Kind.OUT_OF_RANGE,
            () -> DispatchTable.EMPTY.withVirtualService(vs(1, "192.0.2.10", 0)));
        DispatchTable t = DispatchTable.EMPTY.withVirtualService(vs(1, "192.0.2.10", 80));
        assertKind(DispatchTableException.Kind.OUT_OF_RANGE,
            () -> t.withRealServer(rs(1, 1, "10.0.0.1", 80).withWeight(65536)));
        assertKind(DispatchTableException.Kind.OUT_OF_RANGE,
            () -> DispatchTable.EMPTY.withVirtualService(vs(0, "192.0.2.10", 80)));
    }

    @Test
    void conflictsAndMissingVirtualServices() throws Exception {
        DispatchTable t = DispatchTable.EMPTY.withVirtualService(vs(1, "192.0.2.10", 80))
            .withRealServer(rs(1, 1, "10.0.0.1", 80));
        assertKind(DispatchTableException.Kind.NO_VIRTUAL_SERVICE, () -> t.withRealServer(rs(2, 1, "10.0.0.1", 80)));
        assertKind(DispatchTableException.Kind.CONFLICT, () -> t.withRealServer(rs(1, 2, "10.0.0.1", 80)));
        assertKind(DispatchTableException.Kind.CONFLICT, () -> t.withRealServer(rs(1, 2, "10.0.0.2", 81)));
        assertKind(DispatchTableException.Kind.CONFLICT, () -> t.withRealServer(rs(1, 2, "2001:db8::2", 80)));
        assertKind(DispatchTableException.Kind.CONFLICT, () -> t.withVirtualService(vs(2, "192.0.2.10", 80)));
        // the same address and port with udp is another service
        t.withVirtualService(new VirtualService(2, ip("192.0.2.10"), 80, Protocol.UDP, Scheduler.RR, true));
        // an active row keeps its address; out of service it may change (and its real servers must follow)
        assertKind(DispatchTableException.Kind.CONFLICT, () -> t.withVirtualService(vs(1, "192.0.2.11", 80)));
        t.withVirtualService(new VirtualService(1, ip("192.0.2.11"), 80, Protocol.TCP, Scheduler.WLC, false));
        assertKind(DispatchTableException.Kind.CONFLICT, () -> t.withVirtualService(
            new VirtualService(1, ip("192.0.2.10"), 81, Protocol.TCP, Scheduler.WLC, false)));
        DispatchTable scheduler = t.withVirtualService(
            new VirtualService(1, ip("192.0.2.10"), 80, Protocol.TCP, Scheduler.RR, true));
        assertEquals(Scheduler.RR, scheduler.virtualService(1).orElseThrow().scheduler(), "changeable while active");
    }

    @Test
    void inServiceLeavesOutRowsNotInService() throws Exception {
        DispatchTable t = DispatchTable.EMPTY.withVirtualService(vs(1, "192.0.2.10", 80))
            .withVirtualService(new VirtualService(2, ip("192.0.2.10"), 443, Protocol.TCP, Scheduler.RR, false))
            .withRealServer(rs(1, 1, "10.0.0.1", 80))
            .withRealServer(new RealServer(1, 2, ip("10.0.0.2"), 80, 1, RealServerStatus.UP, false))
            .withRealServer(rs(2, 1, "10.0.0.1", 443));
        DispatchTable live = t.inService();
        assertEquals(List.of(1), live.virtualServices().stream().map(VirtualService::index).toList());
        assertEquals(1, live.realServers().size());
    }

    interface Change {
        DispatchTable run() throws Exception;
    }

    static void assertKind(DispatchTableException.Kind kind, Change change) {
        DispatchTableException e = assertThrows(DispatchTableException.class, change::run);
        assertEquals(kind, e.kind(), e.getMessage());
    }
}
