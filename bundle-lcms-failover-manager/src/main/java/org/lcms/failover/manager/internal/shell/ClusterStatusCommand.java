package org.lcms.failover.manager.internal.shell;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.failover.manager.api.FailoverOperations;
import org.lcms.failover.manager.internal.shell.completers.ClusterIdCompleter;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.RealServerMember;
import org.lcms.snmp.api.ChainMemberLiveState;
import org.lcms.snmp.api.ClusterLiveState;
import org.lcms.snmp.api.FailoverReport;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.RealServerLiveState;
import org.lcms.snmp.api.RealServerReport;
import org.lcms.snmp.api.Reachability;

@Command(scope = "lcms", name = "cluster-status", description = "Shows a cluster as its agents report it: who holds "
    + "the VIP at which epoch, each failover member's own view, the dispatched real servers and recent events")
@Service
public final class ClusterStatusCommand extends FailoverCommand {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Argument(index = 0, name = "CLUSTER", description = "cluster id", required = true)
    @Completion(ClusterIdCompleter.class)
    String cluster;

    @Option(name = "--events", description = "how many recent events to show (1..1000, default 10)")
    int events = 10;

    @Override
    void run() throws Exception {
        if (events < 1 || events > 1000) {
            throw new IllegalArgumentException("--events " + events + " is out of range: give 1..1000");
        }
        print(operations().status(cluster, events), out());
    }

    static void print(FailoverOperations.ClusterStatus s, PrintStream out) {
        LoadCluster m = s.model();
        ClusterLiveState l = s.live();
        out.printf("cluster %s: %s:%d/%s %s, %s%n", m.id(), l.vip(), l.port(), l.protocol(), m.scheduler().code(),
            m.active() ? "active" : "inactive (roles not applied)");
        out.printf("VIP holder: %s%s%s%n", l.vipHolder().orElse("none reported"),
            l.failoverReported() ? ", epoch " + l.epoch() : " (no agent reports a failover for this cluster)",
            l.contestedBy().isEmpty() ? "" : "; ALSO CLAIMED BY " + String.join(", ", l.contestedBy())
                + " (split brain: check the witnesses)");
        out.println("failover chain (each member's own view):");
        for (ChainMemberLiveState c : l.chain()) {
            out.printf("  %s %-12s %-11s %s%n", c.rank() == 0 ? "lb " : "bs" + c.rank(), c.host(),
                c.reachability().name().toLowerCase(Locale.ROOT), c.reachability() == Reachability.UNKNOWN
                    ? "not polled yet" : c.view().map(ClusterStatusCommand::view).orElse("no failover for " + m.id()));
        }
        out.printf("failover policy: model %s%n", m.policy().isEmpty() ? "(the agents' own agent.cfg)"
            : m.policy().text());
        for (ChainMemberLiveState c : l.chain()) {
            c.view().ifPresent(v -> out.printf("  %-12s in force: %s%s%n", c.host(), v.policyInForce().isEmpty()
                ? "(not reported: an agent without lcmsFailoverPolicyTable)" : v.policyInForce(),
                v.policySet().equals(m.policy().text()) ? "" : " (manager's '" + v.policySet() + "' not yet '"
                    + m.policy().text() + "')"));
        }
        out.printf("real servers (as dispatched by %s):%n", l.vipHolder().orElse("nobody"));
        if (l.realServers().isEmpty()) {
            out.println("  none");
        }
        for (RealServerLiveState r : l.realServers()) {
            boolean drained = m.realServer(r.host()).map(RealServerMember::drained).orElse(false);
            out.printf("  %-12s %-15s weight %d, %s%s, %s; agent %s%s%n", r.host(), r.address(), r.wantedWeight(),
                r.status().name().toLowerCase(Locale.ROOT), drained ? " (drained by the operator)" : "",
                r.dispatched().map(ClusterStatusCommand::connections).orElse("not in the holder's table"),
                r.hostReachability().name().toLowerCase(Locale.ROOT),
                r.dispatched().map(ClusterStatusCommand::health).orElse(""));
        }
        out.println("  (weight and status as the operator set them; 'health:' is how the holder's health checks "
            + "dispatch a server when that differs)");
        out.println("recent events:");
        if (s.events().isEmpty()) {
            out.println("  none");
        }
        for (LcmsEvent e : s.events()) {
            out.printf("  %s %-8s %-26s %-10s %s%n", TIME.format(e.time()), e.severity().name().toLowerCase(Locale.ROOT),
                e.type().name().toLowerCase(Locale.ROOT).replace('_', '-'), e.host(), e.message());
        }
    }

    static String view(FailoverReport v) {
        StringBuilder b = new StringBuilder(v.state().name().toLowerCase(Locale.ROOT));
        if (v.holding()) {
            b.append(", lease ").append(v.leaseRemainingMillis()).append(" ms left");
            if (v.pinned()) {
                b.append(", pinned (switchover: no fail-back)");
            }
        } else {
            b.append(", sees holder ").append(v.holder().isEmpty() ? "none" : v.holder());
        }
        return b.append(", epoch ").append(v.epoch()).append(", reaches ").append(v.reach()).append('/')
            .append(v.witnesses()).append(" witnesses, ready: ").append(v.ready().isEmpty() ? "none"
                : String.join(",", v.ready())).toString();
    }

    /** The holder's health-effective state when it differs from the operator's, else nothing. */
    static String health(RealServerReport r) {
        if (!r.healthOverrides()) {
            return "";
        }
        return "\n      health: " + r.effectiveStatus().name().toLowerCase(Locale.ROOT) + ", weight "
            + r.effectiveWeight() + (r.healthReason().isEmpty() ? "" : " (" + r.healthReason() + ")");
    }

    static String connections(RealServerReport r) {
        return r.activeConnections() + " active / " + r.inactiveConnections() + " inactive connections, "
            + r.statusChanges() + " status changes";
    }
}
