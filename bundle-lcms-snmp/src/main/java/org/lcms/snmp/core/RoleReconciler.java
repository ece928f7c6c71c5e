package org.lcms.snmp.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Role;
import org.lcms.snmp.api.HostLiveState;
import org.lcms.snmp.api.RealServerReport;
import org.lcms.snmp.api.RoleReport;
import org.lcms.snmp.api.VirtualServiceReport;

/**
 * The paper's LC manager as a pure function: what each host's agent should have (from the model's active
 * clusters) and the writes that bring what it reports there. Level-triggered: it is asked again after every
 * poll, so a write that was lost, a host that came back empty or a hand-made change on an agent are all mended
 * the same way.
 *
 * <p>Only active clusters are deployed; a host in none (or only in inactive ones) gets role none. A real server in
 * several active clusters gets the first by id: the agent's role group holds one cluster and one VIP (LCMS-MIB),
 * a limit noted in the issue. The role is written first, on its own (the agent refuses dispatch-table writes in
 * a request that also sets the role, and on a host whose role is not in effect); the table follows once
 * the agent reports the role in effect (active or standby: every member of the chain, whatever the failover made
 * of it, gets the same table). Real-server status follows the operator's drain in the model
 * (lcmsRsStatus draining(3) for a drained member, up(1) otherwise, on the load balancer and every backup), so a
 * drain survives manager restarts and re-assignments; the health checks' verdict is the agent's own and does not
 * show in lcmsRsStatus (it keeps the operator's value).
 */
public final class RoleReconciler {
    /** The lcmsVsIndex of a cluster's virtual service on its load balancer (one cluster per LB). */
    public static final int VS_INDEX = 1;

    private RoleReconciler() {
    }

    /** The wanted role of every host of the model. */
    public static Map<String, DesiredRole> desired(Inventory inventory) {
        Map<String, DesiredRole> out = new HashMap<>();
        List<LoadCluster> active = inventory.clusters().stream().filter(LoadCluster::active)
            .sorted(Comparator.comparing(LoadCluster::id)).toList();
        for (LoadCluster c : active) {
            IpAddress vip = c.service().address();
            List<DesiredRole.RealServer> rs = new ArrayList<>();
            for (RealServerMember m : c.realServers()) {
                inventory.host(m.host()).ifPresent(h -> rs.add(new DesiredRole.RealServer(h.name(), h.address(),
                    c.service().port(), m.weight(), m.drained())));
            }
            Optional<DesiredRole.Table> table = Optional.of(new DesiredRole.Table(vip, c.service().port(),
                c.service().protocol(), c.scheduler(), rs));
            if (c.hasLoadBalancer()) {
                out.putIfAbsent(c.loadBalancer(), new DesiredRole(Role.LOAD_BALANCER, c.id(), Optional.of(vip), 0,
                    table, c.policy().text()));
            }
            // The backups get the same table: their agents keep it while standby and dispatch it when the failover
            // gives them the VIP, which must work with this manager down.
            for (int i = 0; i < c.backups().size(); i++) {
                out.putIfAbsent(c.backups().get(i), new DesiredRole(Role.BACKUP_SERVER, c.id(), Optional.of(vip), i + 1,
                    table, c.policy().text()));
            }
            for (RealServerMember m : c.realServers()) {
                out.putIfAbsent(m.host(), new DesiredRole(Role.REAL_SERVER, c.id(), Optional.of(vip), 0,
                    Optional.empty()));
            }
        }
        for (Host h : inventory.hosts()) {
            out.putIfAbsent(h.name(), DesiredRole.NONE);
        }
        return out;
    }

    /** True if the agent reports the wanted role (cluster, VIP and rank included), whatever its state. */
    public static boolean roleMatches(DesiredRole want, RoleReport seen) {
        if (want.role() == Role.NONE) {
            return seen.role() == Role.NONE;
        }
        return seen.role() == want.role() && seen.clusterId().equals(want.clusterId())
            && seen.vip().equals(want.vip().map(IpAddress::toString).orElse(""))
            && seen.backupRank() == want.backupRank();
    }

    /**
     * The writes that bring a reachable host from what it reports to what is wanted; empty when it is there.
     * At most one step at a time: the role, or else the table (which needs the role in effect first).
     */
    public static List<AgentWrite> plan(DesiredRole want, HostLiveState seen) {
        if (!roleMatches(want, seen.role())) {
            return List.of(new AgentWrite.SetRole(want.role(), want.clusterId(), want.vip().orElse(null),
                want.backupRank()));
        }
        List<AgentWrite> policy = policyWrites(want, seen);
        if (want.table().isEmpty()) {
            return policy;
        }
        if (!takesTable(seen.role().state())) {
            return policy; // the agent is still applying the role (or failed in it): the table comes next time
        }
        List<AgentWrite> writes = new ArrayList<>(tableWrites(want.table().get(), seen.virtualServices(),
            seen.realServers()));
        writes.addAll(policy);
        return writes;
    }

    /**
     * The cluster's failover policy on a load balancer or backup whose lcmsFailoverTable row for the cluster reports
     * another one. The policy belongs to the agent's failover, not to the role: it is written whatever the role's
     * state, and nothing is written to an agent that reports no row for the cluster (no failover configured for it
     * in its agent.cfg, or an agent older than lcmsFailoverPolicyTable: its policy is its file's).
     */
    static List<AgentWrite> policyWrites(DesiredRole want, HostLiveState seen) {
        if (want.role() != Role.LOAD_BALANCER && want.role() != Role.BACKUP_SERVER) {
            return List.of();
        }
        return seen.failover(want.clusterId())
            .filter(f -> !f.policyInForce().isEmpty() && !f.policySet().equals(want.policy()))
            .map(f -> List.<AgentWrite>of(new AgentWrite.SetFailoverPolicy(f.index(), want.clusterId(), want.policy())))
            .orElse(List.of());
    }

    /**
     * Whether a chain member (load balancer or backup) in this role state takes the table. Active or standby alike:
     * who holds the VIP is the failover's decision and changes with the manager down (a takeover, a switchover that
     * leaves the former load balancer standby), so every member must hold the current table at all times — a member
     * skipped while standby would dispatch a stale one (a drain undone, an old weight) when the VIP comes back.
     */
    static boolean takesTable(org.lcms.model.api.RoleState state) {
        return state == org.lcms.model.api.RoleState.ACTIVE || state == org.lcms.model.api.RoleState.STANDBY;
    }

    static List<AgentWrite> tableWrites(DesiredRole.Table want, List<VirtualServiceReport> vss,
                                        List<RealServerReport> rss) {
        List<AgentWrite> writes = new ArrayList<>();
        Optional<VirtualServiceReport> vs = vss.stream().filter(v -> v.index() == VS_INDEX).findFirst();
        for (VirtualServiceReport other : vss) {
            if (other.index() != VS_INDEX) {
                writes.add(new AgentWrite.DestroyVirtualService(other.index()));
            }
        }
        boolean sameService = vs.isPresent() && vs.get().address().equals(want.vip().toString())
            && vs.get().port() == want.port() && vs.get().protocol().equals(want.protocol().code());
        if (vs.isPresent() && !sameService) {
            writes.add(new AgentWrite.DestroyVirtualService(VS_INDEX));
        }
        if (!sameService) {
            writes.add(new AgentWrite.CreateVirtualService(VS_INDEX, want.vip(), want.port(), want.protocol(),
                want.scheduler()));
            int index = 1;
            for (DesiredRole.RealServer r : want.realServers()) {
                writes.add(new AgentWrite.CreateRealServer(VS_INDEX, index++, r.address(), r.port(), r.weight(),
                    r.drained()));
            }
            return writes;
        }
        if (!vs.get().scheduler().equals(want.scheduler().code())) {
            writes.add(new AgentWrite.SetScheduler(VS_INDEX, want.scheduler()));
        }
        List<RealServerReport> present = rss.stream().filter(r -> r.virtualServiceIndex() == VS_INDEX).toList();
        int next = present.stream().mapToInt(RealServerReport::index).max().orElse(0) + 1;
        for (DesiredRole.RealServer r : want.realServers()) {
            Optional<RealServerReport> row = present.stream().filter(p -> p.address().equals(r.address().toString())
                && p.port() == r.port()).findFirst();
            if (row.isEmpty()) {
                writes.add(new AgentWrite.CreateRealServer(VS_INDEX, next++, r.address(), r.port(), r.weight(),
                    r.drained()));
                continue;
            }
            if (row.get().weight() != r.weight()) {
                // the row keeps the operator's weight while draining; the data plane gives it no new connection
                writes.add(new AgentWrite.SetWeight(VS_INDEX, row.get().index(), r.weight()));
            }
            if (row.get().status() != r.status()) {
                writes.add(new AgentWrite.SetDrained(VS_INDEX, row.get().index(), r.drained()));
            }
        }
        for (RealServerReport p : present) {
            boolean wanted = want.realServers().stream().anyMatch(r -> r.address().toString().equals(p.address())
                && r.port() == p.port());
            if (!wanted) {
                writes.add(new AgentWrite.DestroyRealServer(VS_INDEX, p.index()));
            }
        }
        return writes;
    }
}
