package org.lcms.failover.manager.internal.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lcms.failover.manager.api.FailoverOperations;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;
import org.lcms.snmp.api.ClusterLiveState;
import org.lcms.snmp.api.Reachability;
import org.lcms.snmp.api.RealServerLiveState;
import org.lcms.snmp.api.RealServerReport;
import org.lcms.snmp.api.RealServerStatus;

/** lcms:cluster-status shows the holder's health-effective state of a real server next to the operator's. */
class ClusterStatusCommandTest {
    @Test
    void aRealServerTheHealthChecksTookOutShowsItsEffectiveStateAndReason() {
        LoadCluster web = LoadCluster.of("web", new VirtualService(IpAddress.parse("192.0.2.10"), 80,
                ServiceProtocol.TCP), Scheduler.WRR).withLoadBalancer("lb").withBackups(List.of("bs1"))
            .withRealServers(List.of(new RealServerMember("rs1", 3), new RealServerMember("rs2", 1))).withActive(true);
        RealServerReport failing = new RealServerReport(1, 1, "10.0.1.1", 80, 3, RealServerStatus.UP, 0, 0, 1,
            RealServerStatus.DOWN, 0, "health down: failed: TCP connect to 10.0.1.1:80: Connection refused");
        RealServerReport fine = new RealServerReport(1, 2, "10.0.1.2", 80, 1, RealServerStatus.UP, 4, 0, 0);
        ClusterLiveState live = new ClusterLiveState("web", "192.0.2.10", 80, "tcp", true, "lb", List.of("bs1"),
            Optional.of("lb"), List.of(), List.of(
                new RealServerLiveState("rs1", "10.0.1.1", 3, Optional.of(failing), Reachability.REACHABLE),
                new RealServerLiveState("rs2", "10.0.1.2", 1, Optional.of(fine), Reachability.REACHABLE)), 3, List.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ClusterStatusCommand.print(new FailoverOperations.ClusterStatus(web, live, List.of()),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("rs1          10.0.1.1        weight 3, up, 0 active") && out.contains(
            "      health: down, weight 0 (health down: failed: TCP connect to 10.0.1.1:80: Connection refused)"),
            out);
        assertTrue(out.lines().filter(l -> l.startsWith("      health:")).count() == 1,
            "rs2 is dispatched as set: no health line\n" + out);
    }
}
