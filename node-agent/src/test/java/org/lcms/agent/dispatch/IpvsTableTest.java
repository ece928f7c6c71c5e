package org.lcms.agent.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lcms.agent.dispatch.NftDispatchDriverTest.server;
import static org.lcms.agent.dispatch.NftDispatchDriverTest.service;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpvsTableTest {
    /** What ipvsadm 1.31 -S -n printed in the VM for a table with a bit of everything (bed/ipvs-vm.sh). */
    static final String SAVED = """
        -A -t 192.0.2.100:80 -s wrr
        -a -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 2
        -a -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 0
        -A -u 192.0.2.100:53 -s rr -p 300
        -a -u 192.0.2.100:53 -r 192.0.2.13:53 -m -w 1
        -A -t [2001:db8::10]:443 -s sh -b sh-port
        -a -t [2001:db8::10]:443 -r [2001:db8::21]:443 -g -w 1
        -A -f 7 -s lc
        """;

    static final IpvsTable.ServiceKey WEB = new IpvsTable.ServiceKey("-t", "192.0.2.100:80");

    /** tcp 192.0.2.100:80 with real servers .11 and .12 (weights 2 and 1, or as given). */
    static DispatchTable web(Scheduler scheduler, RealServerStatus second, int... weights) throws Exception {
        int[] w = weights.length == 0 ? new int[] {2, 1} : weights;
        return DispatchTable.EMPTY.withVirtualService(service(1, "192.0.2.100", 80, Protocol.TCP, scheduler))
            .withRealServer(server(1, 1, "192.0.2.11", 80, w[0], RealServerStatus.UP))
            .withRealServer(server(1, 2, "192.0.2.12", 80, w[1], second));
    }

    @Test
    void readsWhatIpvsadmSavePrints() {
        IpvsTable t = IpvsTable.parseSave(SAVED);
        assertEquals(List.of(WEB, new IpvsTable.ServiceKey("-u", "192.0.2.100:53"),
            new IpvsTable.ServiceKey("-t", "[2001:db8:0:0:0:0:0:10]:443"), new IpvsTable.ServiceKey("-f", "7")),
            List.copyOf(t.services().keySet()), "IPv6 in Java's spelling, so it compares with a dispatch table's");
        assertEquals(new IpvsTable.Service("wrr", "", Map.of("192.0.2.11:80", new IpvsTable.Destination("-g", 2),
            "192.0.2.12:80", new IpvsTable.Destination("-g", 0))), t.services().get(WEB));
        assertEquals("-p 300", t.services().get(new IpvsTable.ServiceKey("-u", "192.0.2.100:53")).flags());
        assertEquals(new IpvsTable.Destination("-m", 1), t.services()
            .get(new IpvsTable.ServiceKey("-u", "192.0.2.100:53")).destinations().get("192.0.2.13:53"));
        assertEquals(IpvsTable.EMPTY, IpvsTable.parseSave(""), "an empty IPVS table prints nothing");
    }

    @Test
    void refusesLinesItDoesNotUnderstandNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> IpvsTable.parseSave("-A -t 192.0.2.100:80 -s wrr\n-X something\n"));
        assertTrue(e.getMessage().contains("'-X something'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> IpvsTable.parseSave("-a -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 1\n"));
        assertTrue(e.getMessage().contains("names a service that no earlier -A line defined"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IpvsTable.parseSave("-A -t web.example:80 -s rr\n"));
        assertTrue(e.getMessage().contains("'web.example:80'"), e.getMessage());
    }

    @Test
    void aDispatchTableInIpvsTermsDrainingIsWeightZeroDownIsAbsent() throws Exception {
        assertEquals(IpvsTable.parseSave("""
            -A -t 192.0.2.100:80 -s wrr
            -a -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 2
            -a -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 0
            """), IpvsTable.of(web(Scheduler.WRR, RealServerStatus.DRAINING)));
        assertEquals(IpvsTable.parseSave("""
            -A -t 192.0.2.100:80 -s lc
            -a -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 2
            """), IpvsTable.of(web(Scheduler.LC, RealServerStatus.DOWN)));
        DispatchTable off = web(Scheduler.WRR, RealServerStatus.UP).withRealServer(
            server(1, 3, "192.0.2.13", 80, 5, RealServerStatus.UP).withWeight(5));
        off = off.withRealServer(new RealServer(1, 3, off.realServer(1, 3).orElseThrow().address(), 80, 5,
            RealServerStatus.UP, false));
        assertEquals(List.of("192.0.2.11:80", "192.0.2.12:80"),
            List.copyOf(IpvsTable.of(off).services().get(WEB).destinations().keySet()), "a row not in service is out");
    }

    @Test
    void theLinesChangeOnlyWhatDiffers() throws Exception {
        IpvsTable wrr = IpvsTable.of(web(Scheduler.WRR, RealServerStatus.UP));
        assertEquals(List.of("-A -t 192.0.2.100:80 -s wrr", "-a -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 2",
            "-a -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 1"), IpvsTable.EMPTY.changesTo(wrr));
        assertEquals(List.of(), wrr.changesTo(wrr), "no change, no line");
        assertEquals(List.of("-E -t 192.0.2.100:80 -s rr"),
            wrr.changesTo(IpvsTable.of(web(Scheduler.RR, RealServerStatus.UP))),
            "a scheduler change edits the service: its real servers and connections stay");
        assertEquals(List.of("-e -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 0"),
            wrr.changesTo(IpvsTable.of(web(Scheduler.WRR, RealServerStatus.DRAINING))), "draining = weight 0");
        assertEquals(List.of("-d -t 192.0.2.100:80 -r 192.0.2.12:80"),
            wrr.changesTo(IpvsTable.of(web(Scheduler.WRR, RealServerStatus.DOWN))), "down = out");
        assertEquals(List.of("-a -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 1"),
            IpvsTable.of(web(Scheduler.WRR, RealServerStatus.DOWN)).changesTo(wrr), "back up = added again");
        assertEquals(List.of("-D -t 192.0.2.100:80"), wrr.changesTo(IpvsTable.EMPTY),
            "removing the service removes its real servers with it");
    }

    @Test
    void aServiceOfLcmsLosesWhatLcmsDoesNotSetAndOthersAreNotOwned() throws Exception {
        IpvsTable kernel = IpvsTable.parseSave(SAVED);
        IpvsTable wanted = IpvsTable.of(web(Scheduler.WRR, RealServerStatus.UP));
        assertEquals(List.of("-e -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 1"),
            kernel.only(wanted.services().keySet()).changesTo(wanted),
            "only the services LCMS owns are compared: the UDP, IPv6 and fwmark services stay as they are");
        IpvsTable handMade = IpvsTable.parseSave("""
            -A -t 192.0.2.100:80 -s wrr -p 300
            -a -t 192.0.2.100:80 -r 192.0.2.11:80 -m -w 2
            -a -t 192.0.2.100:80 -r 192.0.2.99:80 -g -w 1
            """);
        assertEquals(List.of("-d -t 192.0.2.100:80 -r 192.0.2.99:80", "-E -t 192.0.2.100:80 -s wrr",
            "-e -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 2", "-a -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 1"),
            handMade.changesTo(wanted), "an owned service is made exactly as wanted: no persistence, DR, no "
            + "stranger among its real servers");
        assertEquals(List.of("-e -t 192.0.2.100:80 -r 192.0.2.11:80 -m -w 2",
            "-d -t 192.0.2.100:80 -r 192.0.2.12:80", "-a -t 192.0.2.100:80 -r 192.0.2.99:80 -g -w 1")
            .stream().sorted().toList(), wanted.changesTo(handMade).stream().filter(l -> !l.startsWith("-E"))
            .sorted().toList(), "and the way back (a roll-back) restores what was there");
        assertTrue(wanted.changesTo(handMade).contains("-E -t 192.0.2.100:80 -s wrr -p 300"),
            "with the service's flags: " + wanted.changesTo(handMade));
    }

    @Test
    void ipv6AddressesCompareWhateverTheirSpelling() throws Exception {
        DispatchTable v6 = DispatchTable.EMPTY.withVirtualService(service(1, "2001:db8::10", 443, Protocol.TCP,
            Scheduler.SH)).withRealServer(server(1, 1, "2001:db8::21", 443, 1, RealServerStatus.UP));
        IpvsTable kernel = IpvsTable.parseSave(SAVED).only(IpvsTable.of(v6).services().keySet());
        assertEquals(List.of("-E -t [2001:db8:0:0:0:0:0:10]:443 -s sh"), kernel.changesTo(IpvsTable.of(v6)),
            "the same service and real server; only the scheduler flag -b sh-port is not LCMS's");
    }
}
