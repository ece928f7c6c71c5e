package org.lcms.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lcms.agent.NetnsBed;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.dispatch.DispatchTable;
import org.lcms.agent.dispatch.NftDispatchDriver;
import org.lcms.agent.dispatch.Protocol;
import org.lcms.agent.dispatch.RealServer;
import org.lcms.agent.dispatch.RealServerStatus;
import org.lcms.agent.dispatch.Scheduler;
import org.lcms.agent.dispatch.VirtualService;
import org.lcms.failover.core.RotationPlanner;

/**
 * The sorry server on the real data plane: the project's bed ({@code bed/netns-bed.sh}, prefix {@code lch-}, up
 * with {@code --no-dispatch}), the nftables driver in the load balancer's namespace behind the health checks (a
 * TCP connect from the load balancer's namespace, as a script check), rs1 and rs2 in the table and rs3 (10.77.0.23)
 * as the sorry server. The client's bounded bursts to the VIP show who answers: rs1/rs2 while they serve, rs3 alone
 * once both refuse port 80 (an nft reject in their namespaces), rs2 alone once it accepts again. Needs root,
 * iproute2, nftables, iputils-arping and /usr/bin/python3: without them it fails, saying so.
 */
class SorryServerNetnsTest {
    private static final String PFX = "lch-";
    private static final String VIP = "10.77.0.100";
    private static final String DEV = PFX + "eth";

    @TempDir
    Path tmp;
    private Path bed;
    private final List<Process> clients = new ArrayList<>();

    @BeforeEach
    void bedUp() throws Exception {
        bed = NetnsBed.require();
        NetnsBed.run(bed, PFX, "down");
        NetnsBed.run(bed, PFX, "up", "--no-vip", "--no-dispatch", "--rs", "3");
        exec("ip", "-n", PFX + "lb", "addr", "add", VIP + "/32", "dev", DEV);
    }

    @AfterEach
    void bedDown() throws Exception {
        for (Process p : clients) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        NetnsBed.run(bed, PFX, "down");
    }

    record Sorry(boolean serving, long atNanos, String reason) {
    }

    @Test
    void allRealServersFailingSendsTheServiceToTheSorryServerAndOneRecoveringTakesItBack() throws Exception {
        AgentConfig.HealthCheck settings = new AgentConfig.HealthCheck(List.of(AgentConfig.HealthCheckKind.SCRIPT),
            "/", 200, "exec ip netns exec " + PFX + "lb timeout 0.5 bash -c "
                + "'exec 3<>/dev/tcp/$LCMS_RS_ADDRESS/$LCMS_RS_PORT'", 100, 1000, 1, 1,
            RotationPlanner.OnFailure.REMOVE, 0, 60_000, 0, AgentConfig.Tls.DEFAULT, Optional.empty(),
            Optional.of(InetAddress.getByName("10.77.0.23")), AgentConfig.LoadAware.NONE);
        List<Sorry> sorry = new CopyOnWriteArrayList<>();
        NftDispatchDriver nft = new NftDispatchDriver(DEV, 64, new NftDispatchDriver.Commands(List.of("ip", "netns",
            "exec", PFX + "lb", "nft")));
        try (HealthCheckedDriver lb = (HealthCheckedDriver) HealthCheckedDriver.around(nft, settings,
            new HealthCheckedDriver.Listener() {
                @Override
                public void realServerStateChanged(VirtualService vs, RealServer rs, RealServerStatus previous,
                                                   String reason) {
                }

                @Override
                public void sorryServerChanged(VirtualService vs, RealServer s, boolean serving, String reason) {
                    sorry.add(new Sorry(serving, System.nanoTime(), reason));
                }
            })) {
            DispatchTable table = DispatchTable.EMPTY
                .withVirtualService(new VirtualService(1, InetAddress.getByName(VIP), 80, Protocol.TCP,
                    Scheduler.WRR, true))
                .withRealServer(new RealServer(1, 1, InetAddress.getByName("10.77.0.21"), 80, 1, RealServerStatus.UP,
                    true))
                .withRealServer(new RealServer(1, 2, InetAddress.getByName("10.77.0.22"), 80, 1, RealServerStatus.UP,
                    true));
            lb.apply(table);
            Thread.sleep(500); // a few healthy checks
            Map<String, Integer> spread = burst(100, 30000);
            report("rs1 and rs2 serve", spread);
            assertEquals(0, spread.get("fail"), spread.toString());
            assertEquals(0, spread.getOrDefault("rs3", 0), "the sorry server gets nothing: " + spread);

            refuse("rs1", true);
            refuse("rs2", true);
            long refused = System.nanoTime();
            awaitSorry(sorry, 1, 10_000);
            System.out.println("sorry server bed: in the data plane " + (sorry.get(0).atNanos() - refused) / 1_000_000
                + " ms after both real servers refused port 80 (interval 100 ms, fall 1): " + sorry.get(0).reason());
            assertTrue(sorry.get(0).serving(), sorry.toString());
            spread = burst(100, 31000);
            report("both refuse: the sorry server", spread);
            assertEquals(Map.of("fail", 0, "rs3", 100), withoutZeros(spread), spread.toString());

            refuse("rs2", false);
            long back = System.nanoTime();
            awaitSorry(sorry, 2, 10_000);
            System.out.println("sorry server bed: out of the data plane " + (sorry.get(1).atNanos() - back) / 1_000_000
                + " ms after rs2 accepted again (rise 1): " + sorry.get(1).reason());
            assertTrue(!sorry.get(1).serving(), sorry.toString());
            spread = burst(100, 32000);
            report("rs2 back", spread);
            assertEquals(Map.of("fail", 0, "rs2", 100), withoutZeros(spread), "rs1 still refuses and is out, the "
                + "sorry server left: " + spread);
            assertEquals(table, lb.configured(), "the operator's table never had the sorry server");
        }
    }

    static Map<String, Integer> withoutZeros(Map<String, Integer> spread) {
        Map<String, Integer> out = new TreeMap<>(spread);
        out.entrySet().removeIf(e -> e.getValue() == 0 && !e.getKey().equals("fail"));
        return out;
    }

    static void awaitSorry(List<Sorry> sorry, int n, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (sorry.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(sorry.size() >= n, "sorry server reports: " + sorry);
    }

    /** The real server's port 80 refuses connections (an nft reject in its namespace), or accepts again. */
    static void refuse(String rs, boolean refuse) throws Exception {
        if (refuse) {
            Path rules = Files.createTempFile("lch-refuse", ".nft");
            Files.writeString(rules, "table inet lch_refuse {\n chain input {\n  type filter hook input priority 0;\n"
                + "  tcp dport 80 reject with tcp reset\n }\n}\n");
            exec("ip", "netns", "exec", PFX + rs, "nft", "-f", rules.toString());
            Files.delete(rules);
        } else {
            exec("ip", "netns", "exec", PFX + rs, "nft", "delete", "table", "inet", "lch_refuse");
        }
    }

    static void report(String what, Map<String, Integer> spread) {
        System.out.println("sorry server bed: " + what + ": " + spread);
    }

    Map<String, Integer> burst(int count, int sport0) throws Exception {
        return NetnsBed.burst(bed, PFX, VIP, count, sport0, tmp.resolve("burst-" + sport0), clients);
    }

    static String exec(String... cmd) throws Exception {
        return NetnsBed.exec(cmd);
    }
}
