package org.lcms.agent.health;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lcms.agent.dispatch.DispatchTable;
import org.lcms.agent.dispatch.DispatchTableException;
import org.lcms.agent.dispatch.RealServer;
import org.lcms.agent.dispatch.RealServerStatus;
import org.lcms.agent.dispatch.VirtualService;
import org.lcms.failover.core.HealthHysteresis;
import org.lcms.failover.core.RotationPlanner;

/**
 * The health of the real servers of one dispatch table and the table it makes (pure: no I/O, times are a
 * monotonic clock in milliseconds given by the caller; not thread-safe, one owner).
 *
 * <p>Each endpoint of the table has a {@link HealthHysteresis} (rise, fall, flap hold-down); the effective table
 * is the operator's with {@link RotationPlanner}'s verdict applied per virtual service:
 * <pre>
 * operator's status   health        onFailure   effective row
 * up                  UP            any         as configured
 * up                  DOWN / HELD   remove      down
 * up                  DOWN / HELD   drain       draining, weight 0
 * draining            any           any         as configured (the operator drains it)
 * down                any           any         down (health never puts a server in)
 * </pre>
 * A real server in rotation gets its configured weight times its load factor ({@link #loadFactors}, 1 unless
 * load-aware weights are on). When none of a virtual service's real servers can take new connections (all failed,
 * drained or set down) and a sorry server is configured, the sorry server is added to that service with weight 1
 * (a row the configured table does not have; index: the highest free one) until one can again. It is skipped when
 * it cannot be a row of that service (another address family, or it is one of the service's real servers).
 * The configured table itself is never changed: the operator's weight and status stay the operator's.
 */
final class HealthBoard {
    private HealthHysteresis.Policy policy;
    private RotationPlanner.Policy rotation;
    private final Map<Endpoint, HealthHysteresis> checks = new HashMap<>();
    private final Map<Endpoint, String> reasons = new HashMap<>();
    private final Optional<InetAddress> sorryServer;
    private Map<Endpoint, Double> loadFactors = Map.of();

    HealthBoard(HealthHysteresis.Policy policy, RotationPlanner.OnFailure onFailure) {
        this(policy, onFailure, Optional.empty());
    }

    HealthBoard(HealthHysteresis.Policy policy, RotationPlanner.OnFailure onFailure, Optional<InetAddress> sorryServer) {
        this.policy = policy;
        this.sorryServer = sorryServer;
        this.rotation = new RotationPlanner.Policy(onFailure, sorryServer.map(InetAddress::getHostAddress));
    }

    /** New hysteresis and onFailure for every endpoint from now on; the verdicts so far are kept. */
    void reconfigure(HealthHysteresis.Policy next, RotationPlanner.OnFailure onFailure) {
        policy = next;
        rotation = new RotationPlanner.Policy(onFailure, sorryServer.map(InetAddress::getHostAddress));
        checks.values().forEach(h -> h.policy(next));
    }

    /** The load-aware factor of each endpoint from now on (absent: 1). */
    void loadFactors(Map<Endpoint, Double> factors) {
        loadFactors = Map.copyOf(factors);
    }

    /**
     * Follows a new configured table: its endpoints are checked (a new one starts UP, as a keepalived checker
     * does), the verdicts of endpoints no longer in it are forgotten. Real servers the operator set down are
     * checked too, so their verdict is ready when the operator puts them back.
     *
     * @return the endpoints to check, in table order
     */
    Set<Endpoint> track(DispatchTable configured) {
        Set<Endpoint> wanted = new LinkedHashSet<>();
        configured.realServers().forEach(rs -> wanted.add(Endpoint.of(rs)));
        checks.keySet().retainAll(wanted);
        reasons.keySet().retainAll(wanted);
        wanted.forEach(e -> checks.computeIfAbsent(e, x -> new HealthHysteresis(policy)));
        return wanted;
    }

    /** Takes one probe result; empty when it changed nothing or the endpoint is no longer checked. */
    Optional<HealthHysteresis.Change> record(Endpoint endpoint, ProbeResult result, long now) {
        HealthHysteresis h = checks.get(endpoint);
        if (h == null) {
            return Optional.empty(); // a probe that was under way when its real server left the table
        }
        Optional<HealthHysteresis.Change> change = h.record(result.healthy(), result.detail(), now);
        change.ifPresent(c -> reasons.put(endpoint, c.reason()));
        return change;
    }

    /** UP for an endpoint not checked (yet). */
    HealthHysteresis.Status status(Endpoint endpoint) {
        HealthHysteresis h = checks.get(endpoint);
        return h == null ? HealthHysteresis.Status.UP : h.status();
    }

    /** Why the endpoint has its status (the last change's reason), for the log and the notification. */
    String reason(Endpoint endpoint) {
        return reasons.getOrDefault(endpoint, "not checked yet");
    }

    /** The table the data plane should hold: {@code configured} with the failed real servers out of rotation. */
    DispatchTable effective(DispatchTable configured) {
        DispatchTable out = configured;
        for (VirtualService vs : configured.virtualServices()) {
            List<RotationPlanner.Member> members = new ArrayList<>();
            Map<String, HealthHysteresis.Status> health = new HashMap<>();
            Map<String, RealServer> rows = new HashMap<>();
            Map<String, Double> factors = new HashMap<>();
            for (RealServer rs : configured.realServersOf(vs.index())) {
                if (rs.status() == RealServerStatus.DOWN) {
                    continue; // down by the operator: nothing for health to decide
                }
                String host = rs.vsIndex() + "." + rs.index();
                rows.put(host, rs);
                members.add(new RotationPlanner.Member(host, rs.endpoint(), rs.weight(),
                    rs.status() == RealServerStatus.DRAINING ? RotationPlanner.AdminState.DRAINED
                        : RotationPlanner.AdminState.ENABLED));
                health.put(host, status(Endpoint.of(rs)));
                factors.put(host, loadFactors.getOrDefault(Endpoint.of(rs), 1.0));
            }
            RotationPlanner.Plan plan = RotationPlanner.plan(members, health, factors,
                configured.realServersOf(vs.index()).isEmpty() ? RotationPlanner.Policy.DEFAULT : rotation);
            for (RotationPlanner.Entry e : plan.entries()) {
                RealServer rs = rows.get(e.host());
                if (rs != null && rs.status() == RealServerStatus.UP && e.state() == RotationPlanner.EntryState.DRAINING) {
                    out = with(out, rs.withStatus(RealServerStatus.DRAINING).withWeight(0));
                } else if (rs != null && rs.status() == RealServerStatus.UP && e.weight() != rs.weight()) {
                    out = with(out, rs.withWeight(e.weight()));
                } else if (e.state() == RotationPlanner.EntryState.SORRY) {
                    out = withSorry(out, vs);
                }
            }
            for (RotationPlanner.Entry e : plan.removed()) {
                out = with(out, rows.get(e.host()).withStatus(RealServerStatus.DOWN));
            }
        }
        return out;
    }

    /** A row of one table whose status differs in the next: what a notification reports. */
    record RowChange(VirtualService vs, RealServer rs, RealServerStatus previous) {
    }

    /** The rows in both tables whose status differs, {@code rs} as in {@code after}. */
    static List<RowChange> changes(DispatchTable before, DispatchTable after) {
        List<RowChange> out = new ArrayList<>();
        for (RealServer rs : after.realServers()) {
            before.realServer(rs.vsIndex(), rs.index())
                .filter(was -> was.status() != rs.status() && Endpoint.of(was).equals(Endpoint.of(rs)))
                .ifPresent(was -> out.add(new RowChange(after.virtualService(rs.vsIndex()).orElseThrow(), rs,
                    was.status())));
        }
        return out;
    }

    /**
     * The virtual services of {@code effective} served by the sorry server: those with a row that {@code configured}
     * does not have.
     */
    static Map<Integer, RealServer> sorryRows(DispatchTable configured, DispatchTable effective) {
        Map<Integer, RealServer> out = new java.util.TreeMap<>();
        for (RealServer rs : effective.realServers()) {
            if (configured.realServer(rs.vsIndex(), rs.index()).isEmpty()) {
                out.put(rs.vsIndex(), rs);
            }
        }
        return out;
    }

    private DispatchTable withSorry(DispatchTable t, VirtualService vs) {
        int index = 65_535;
        while (index > 0 && t.realServer(vs.index(), index).isPresent()) {
            index--;
        }
        try {
            return t.withRealServer(new RealServer(vs.index(), index, sorryServer.orElseThrow(), vs.port(), 1,
                RealServerStatus.UP, true));
        } catch (DispatchTableException e) {
            return t; // another address family, or one of the service's real servers: no sorry server for it
        }
    }

    private static DispatchTable with(DispatchTable t, RealServer rs) {
        try {
            return t.withRealServer(rs);
        } catch (DispatchTableException e) {
            // only the status and weight of an existing row change: the table's rules cannot break
            throw new IllegalStateException("health changed a row into an invalid one: " + e.getMessage(), e);
        }
    }
}
