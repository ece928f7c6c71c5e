package org.lcms.snmp.internal.shell;

import java.time.Instant;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.snmp.api.HostLiveState;

@Command(scope = "lcms", name = "hosts-status",
    description = "Shows every host's live state as its node agent last reported it")
@Service
public final class HostsStatusCommand extends SnmpCommand {

    @Override
    void run() throws Exception {
        ClusterStateSnapshot s = state().snapshot();
        Instant now = Instant.now();
        ShellTable table = new ShellTable().emptyTableText("no hosts in the model; add one with lcms:host-add");
        table.column("Host");
        table.column("Agent");
        table.column("Reachable");
        table.column("Last poll");
        table.column("RTT ms").alignRight();
        table.column("Role");
        table.column("State");
        table.column("Cluster");
        table.column("RS up").alignRight();
        table.column("Services");
        table.column("Assignment");
        table.column("Problem");
        s.hosts().values().stream().sorted((a, b) -> a.hostName().compareTo(b.hostName())).forEach(h ->
            table.addRow().addContent(h.hostName(), h.agentAddress(), h.reachability().name().toLowerCase(),
                ago(h.lastPoll(), now), h.lastAnswer() == null ? "" : String.format("%.1f", h.responseMicros() / 1000.0),
                h.role().role().code(), h.role().state().code(), h.role().clusterId(), rsUp(h), services(h),
                assignment(s, h.hostName()), problem(s, h)));
        table.print(out());
    }

    /** "in sync", "applying: lb of web (VIP …)", "failed (3 attempts)". */
    static String assignment(ClusterStateSnapshot s, String host) {
        return s.assignment(host).map(a -> switch (a.status()) {
            case IN_SYNC -> "in sync";
            case APPLYING -> "applying " + a.wanted();
            case FAILED -> "failed (" + a.attempts() + " attempts): " + a.wanted();
            case WAITING_FOR_HOST -> "waiting for host: " + a.wanted();
        }).orElse("");
    }

    static String problem(ClusterStateSnapshot s, HostLiveState h) {
        if (!h.lastError().isEmpty()) {
            return h.lastError();
        }
        return s.assignment(h.hostName()).map(a -> a.lastError()).orElse("");
    }

    static String rsUp(HostLiveState h) {
        if (h.realServers().isEmpty()) {
            return "";
        }
        // in rotation as the agent dispatches them: the health checks' verdict, not only the operator's status
        long up = h.realServers().stream()
            .filter(r -> r.effectiveStatus() == org.lcms.snmp.api.RealServerStatus.UP).count();
        return up + "/" + h.realServers().size();
    }

    static String services(HostLiveState h) {
        StringBuilder b = new StringBuilder();
        h.services().forEach(s -> b.append(b.length() == 0 ? "" : ", ").append(s.name()).append(' ')
            .append(s.status().name().toLowerCase()));
        return b.toString();
    }
}
