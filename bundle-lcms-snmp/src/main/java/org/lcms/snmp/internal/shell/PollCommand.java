package org.lcms.snmp.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.snmp.api.HostLiveState;

@Command(scope = "lcms", name = "poll", description = "Polls a host's node agent now and shows what it reports")
@Service
public final class PollCommand extends SnmpCommand {

    @Argument(index = 0, name = "HOST", description = "host name as in lcms:host-list", required = true)
    String host;

    @Override
    void run() throws Exception {
        HostLiveState h = state().pollNow(host);
        var out = out();
        out.printf("host %s, agent %s: %s%n", h.hostName(), h.agentAddress(), h.reachability().name().toLowerCase());
        if (!h.lastError().isEmpty()) {
            out.println("  problem: " + h.lastError());
        }
        if (h.lastAnswer() != null) {
            out.printf("  answered in %.1f ms%n", h.responseMicros() / 1000.0);
        }
        h.facts().ifPresent(f -> out.printf("  %s: %d x %s, memory %d/%d MiB free, load %.2f %.2f %.2f, agent %s "
                + "up %d s%n", f.hostName(), f.cpuCount(), f.cpuType(), f.memoryFreeMiB(), f.memoryTotalMiB(),
            f.load1(), f.load5(), f.load15(), f.agentVersion(), f.agentUpTimeHundredths() / 100));
        var r = h.role();
        out.printf("  role %s, state %s%s%s%s%n", r.role().code(), r.state().code(),
            r.clusterId().isEmpty() ? "" : ", cluster " + r.clusterId(), r.vip().isEmpty() ? "" : ", VIP " + r.vip(),
            r.backupRank() == 0 ? "" : ", backup rank " + r.backupRank());
        if (!r.lastError().isEmpty()) {
            out.println("  last role error: " + r.lastError());
        }
        h.virtualServices().forEach(v -> out.printf("  virtual service %d: %s:%d/%s %s%n", v.index(), v.address(),
            v.port(), v.protocol(), v.scheduler()));
        h.realServers().forEach(s -> out.printf("    real server %d.%d: %s:%d weight %d %s, %d active, %d inactive "
                + "connections%s%n", s.virtualServiceIndex(), s.index(), s.address(), s.port(), s.weight(),
            s.status().name().toLowerCase(), s.activeConnections(), s.inactiveConnections(), !s.healthOverrides() ? ""
                : "; health: " + s.effectiveStatus().name().toLowerCase() + ", weight " + s.effectiveWeight()
                + (s.healthReason().isEmpty() ? "" : " (" + s.healthReason() + ")")));
        h.services().forEach(s -> out.printf("  service %s %d/%s: %s, %d connections%n", s.name(), s.port(),
            s.protocol(), s.status().name().toLowerCase(), s.currentConnections()));
    }
}
