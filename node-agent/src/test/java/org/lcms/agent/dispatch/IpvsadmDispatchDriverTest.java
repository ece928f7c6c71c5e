package org.lcms.agent.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lcms.agent.dispatch.IpvsTableTest.web;
import static org.lcms.agent.dispatch.NftDispatchDriverTest.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.dispatch.DispatchTableDriver.Connections;
import org.lcms.agent.dispatch.DispatchTableDriver.DispatchDriverException;

/**
 * The driver's decisions against a scripted ipvsadm (no IPVS needed; IpvsadmDispatchDriverVmIT runs it on the
 * real one). The script prints {@code table} for -S, {@code listing} for -L; the n-th -R (from 0) is logged to
 * {@code restored.n}, prints {@code complaint.n} on stderr if there is one and then makes {@code next.n} the table,
 * which is how a test says what the kernel did with the lines.
 */
class IpvsadmDispatchDriverTest {
    @TempDir
    Path dir;
    private IpvsadmDispatchDriver.Commands commands;

    @BeforeEach
    void scriptedIpvsadm() throws Exception {
        Path script = dir.resolve("ipvsadm");
        Files.writeString(script, """
            #!/bin/sh
            d=$(dirname "$0")
            echo "$*" >> "$d/calls"
            case "$1" in
                -S) cat "$d/table" ;;
                -L) cat "$d/listing" ;;
                -R) n=$(ls "$d" | grep -c '^restored'); cat > "$d/restored.$n"
                    [ ! -f "$d/complaint.$n" ] || cat "$d/complaint.$n" >&2
                    [ ! -f "$d/next.$n" ] || cp "$d/next.$n" "$d/table" ;;
            esac
            """);
        script.toFile().setExecutable(true);
        Path sysctl = dir.resolve("sysctl");
        Files.writeString(sysctl, "#!/bin/sh\necho \"$*\" >> \"$(dirname \"$0\")/sysctl.calls\"\n");
        sysctl.toFile().setExecutable(true);
        Files.writeString(dir.resolve("table"), "");
        commands = new IpvsadmDispatchDriver.Commands(List.of(script.toString()), List.of(sysctl.toString()));
    }

    private String file(String name) throws Exception {
        return Files.readString(dir.resolve(name));
    }

    @Test
    void appliesOnlyTheDifferenceInOneRestoreAfterTheSysctls() throws Exception {
        IpvsadmDispatchDriver driver = new IpvsadmDispatchDriver(commands);
        Files.writeString(dir.resolve("next.0"), "-A -t 192.0.2.100:80 -s wrr\n"
            + "-a -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 2\n-a -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 1\n");
        driver.apply(web(Scheduler.WRR, RealServerStatus.UP));
        assertEquals("""
            -A -t 192.0.2.100:80 -s wrr
            -a -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 2
            -a -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 1
            """, file("restored.0"));
        assertEquals("-w net.ipv4.vs.conn_reuse_mode=2 net.ipv4.vs.expire_nodest_conn=1\n", file("sysctl.calls"));
        driver.apply(web(Scheduler.WRR, RealServerStatus.UP));
        assertFalse(Files.exists(dir.resolve("restored.1")), "no change, no ipvsadm -R");
        assertEquals(1, file("sysctl.calls").lines().count(), "the sysctls are set once");
    }

    @Test
    void servicesLcmsDoesNotOwnAreLeftAloneAndOnesItDroppedAreRemoved() throws Exception {
        Files.writeString(dir.resolve("table"), "-A -t 198.51.100.7:443 -s lc\n");
        Files.writeString(dir.resolve("next.0"), "-A -t 198.51.100.7:443 -s lc\n-A -t 192.0.2.100:80 -s wrr\n"
            + "-a -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 2\n-a -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 1\n");
        Files.writeString(dir.resolve("next.1"), "-A -t 198.51.100.7:443 -s lc\n");
        IpvsadmDispatchDriver driver = new IpvsadmDispatchDriver(commands);
        driver.apply(web(Scheduler.WRR, RealServerStatus.UP));
        assertFalse(file("restored.0").contains("198.51.100.7"), file("restored.0"));
        driver.apply(DispatchTable.EMPTY);
        assertEquals("-D -t 192.0.2.100:80\n", file("restored.1"), "the service LCMS had is removed, the other stays");
    }

    @Test
    void aRefusedChangeIsRolledBackAndReportedInIpvsadmsWords() throws Exception {
        String before = "-A -t 192.0.2.100:80 -s wrr\n-a -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 2\n"
            + "-a -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 1\n";
        Files.writeString(dir.resolve("table"), before);
        // the kernel took the weight edit, refused the multicast real server; the undo puts the weight back
        Files.writeString(dir.resolve("complaint.0"), "Invalid operation.  Possibly wrong module version, address "
            + "not unicast, ...\n");
        Files.writeString(dir.resolve("next.0"), before.replace("-r 192.0.2.11:80 -g -w 2", "-r 192.0.2.11:80 -g -w 5"));
        Files.writeString(dir.resolve("next.1"), before);
        DispatchTable refused = web(Scheduler.WRR, RealServerStatus.UP, 5, 1).withRealServer(
            server(1, 3, "224.0.0.9", 80, 1, RealServerStatus.UP));
        IpvsadmDispatchDriver driver = new IpvsadmDispatchDriver(commands);
        DispatchDriverException e = assertThrows(DispatchDriverException.class, () -> driver.apply(refused));
        assertEquals("ipvsadm refused the dispatch table change: Invalid operation.  Possibly wrong module version, "
            + "address not unicast, ... (lines: -e -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 5; -a -t 192.0.2.100:80 "
            + "-r 224.0.0.9:80 -g -w 1); IPVS keeps its previous table", e.getMessage());
        assertEquals("-e -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 2\n", file("restored.1"), "the undo");
    }

    @Test
    void aFailedRollBackSaysWhatIpvsHoldsNow() throws Exception {
        Files.writeString(dir.resolve("complaint.0"), "Memory allocation problem\n");
        Files.writeString(dir.resolve("next.0"), "-A -t 192.0.2.100:80 -s wrr\n");
        Files.writeString(dir.resolve("complaint.1"), "Memory allocation problem\n");
        IpvsadmDispatchDriver driver = new IpvsadmDispatchDriver(commands);
        DispatchDriverException e = assertThrows(DispatchDriverException.class,
            () -> driver.apply(web(Scheduler.WRR, RealServerStatus.UP)));
        assertTrue(e.getMessage().startsWith("ipvsadm refused the dispatch table change (Memory allocation problem) "
            + "and could not put the previous table back (Memory allocation problem); IPVS now holds "
            + "{-t 192.0.2.100:80="), e.getMessage());
        assertTrue(e.getMessage().endsWith("check ipvsadm -L -n and set the table again"), e.getMessage());
    }

    @Test
    void aKernelWithoutIpvsOrNoIpvsadmIsAClearError() throws Exception {
        Path noIpvs = dir.resolve("no-ipvs");
        Files.writeString(noIpvs, "#!/bin/sh\necho 'Can'\"'\"'t initialize ipvs: Protocol not available' >&2\n"
            + "echo 'Are you sure that IP Virtual Server is built in the kernel or as module?' >&2\nexit 1\n");
        noIpvs.toFile().setExecutable(true);
        DispatchDriverException e = assertThrows(DispatchDriverException.class, () -> new IpvsadmDispatchDriver(
            new IpvsadmDispatchDriver.Commands(List.of(noIpvs.toString()), List.of("true")))
            .apply(web(Scheduler.WRR, RealServerStatus.UP)));
        assertTrue(e.getMessage().startsWith("ipvsadm -S -n failed (exit 1): Can't initialize ipvs: Protocol not "
            + "available Are you sure"), e.getMessage());
        assertTrue(e.getMessage().contains("on a kernel without it use dataPlane = nftables"), e.getMessage());

        e = assertThrows(DispatchDriverException.class, () -> new IpvsadmDispatchDriver(
            new IpvsadmDispatchDriver.Commands(List.of(dir.resolve("nowhere/ipvsadm").toString()), List.of("true")))
            .apply(web(Scheduler.WRR, RealServerStatus.UP)));
        assertTrue(e.getMessage().startsWith("could not run " + dir.resolve("nowhere/ipvsadm") + " -S -n ("),
            e.getMessage());
        assertTrue(e.getMessage().contains("install ipvsadm (and procps for sysctl) and run the agent as root for "
            + "dataPlane = ipvs"), e.getMessage());
    }

    @Test
    void connectionsComeFromTheListingAtMostOncePerSecond() throws Exception {
        Files.writeString(dir.resolve("listing"), """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  192.0.2.100:80 wrr
              -> 192.0.2.11:80                Route   2      7          120
              -> 192.0.2.12:80                Route   0      1          0
            UDP  192.0.2.100:53 rr persistent 300
              -> 192.0.2.13:53                Masq    1      0          4
            TCP  [2001:db8::10]:443 sh (sh-port)
              -> [2001:db8::21]:443           Route   1      3          2
            FWM  7 lc
            """);
        AtomicLong now = new AtomicLong();
        IpvsadmDispatchDriver driver = new IpvsadmDispatchDriver(commands, now::get);
        DispatchTable t = web(Scheduler.WRR, RealServerStatus.DRAINING);
        VirtualService vs = t.virtualService(1).orElseThrow();
        assertEquals(new Connections(7, 120), driver.connections(vs, t.realServer(1, 1).orElseThrow()));
        assertEquals(new Connections(1, 0), driver.connections(vs, t.realServer(1, 2).orElseThrow()));
        assertEquals(Connections.NONE, driver.connections(vs, server(1, 3, "192.0.2.99", 80, 1, RealServerStatus.UP)),
            "a real server IPVS does not have has none");
        DispatchTable v6 = DispatchTable.EMPTY.withVirtualService(NftDispatchDriverTest.service(1, "2001:db8::10", 443,
            Protocol.TCP, Scheduler.SH)).withRealServer(server(1, 1, "2001:db8::21", 443, 1, RealServerStatus.UP));
        assertEquals(new Connections(3, 2), driver.connections(v6.virtualService(1).orElseThrow(),
            v6.realServer(1, 1).orElseThrow()), "IPv6 whatever the spelling");
        assertEquals(1, file("calls").lines().filter(l -> l.equals("-L -n")).count(), "one listing for all rows");
        now.addAndGet(1_000_000_000L);
        driver.connections(vs, t.realServer(1, 1).orElseThrow());
        assertEquals(2, file("calls").lines().filter(l -> l.equals("-L -n")).count(), "read again a second later");
    }
}
