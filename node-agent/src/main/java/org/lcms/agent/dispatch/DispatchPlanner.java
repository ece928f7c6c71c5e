package org.lcms.agent.dispatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ipvsadm commands that take the data plane from one dispatch table to another (pure). Services are known
 * to IPVS by protocol, address and port, real servers by address and port within a service; the rows' indexes
 * mean nothing to it.
 *
 * <pre>
 * real server status   in IPVS
 * up                   yes, with its weight
 * draining             yes, with weight 0 (established connections go on)
 * down                 no
 * </pre>
 * Order: removed real servers, removed services, added or edited services, added or edited real servers; a
 * service that changes protocol, address or port is removed and added.
 */
public final class DispatchPlanner {
    private DispatchPlanner() {
    }

    /** Both tables as the data plane sees them (callers pass {@link DispatchTable#inService()}). */
    public static List<List<String>> plan(DispatchTable from, DispatchTable to) {
        Map<String, VirtualService> before = byService(from);
        Map<String, VirtualService> after = byService(to);
        Map<String, Integer> weightsBefore = weights(from);
        Map<String, Integer> weightsAfter = weights(to);
        List<List<String>> steps = new ArrayList<>();
        weightsBefore.keySet().forEach(k -> {
            String service = k.substring(0, k.indexOf(' '));
            if (!weightsAfter.containsKey(k) && after.containsKey(service)) {
                steps.add(command(before.get(service), "-d", "-r", k.substring(k.indexOf(' ') + 1)));
            }
        });
        before.forEach((k, vs) -> {
            if (!after.containsKey(k)) {
                steps.add(List.of("ipvsadm", "-D", vs.protocol().ipvsadmOption(), vs.endpoint()));
            }
        });
        after.forEach((k, vs) -> {
            VirtualService old = before.get(k);
            if (old == null) {
                steps.add(command(vs, "-A", "-s", vs.scheduler().ipvsName()));
            } else if (old.scheduler() != vs.scheduler()) {
                steps.add(command(vs, "-E", "-s", vs.scheduler().ipvsName()));
            }
        });
        weightsAfter.forEach((k, weight) -> {
            String service = k.substring(0, k.indexOf(' '));
            String server = k.substring(k.indexOf(' ') + 1);
            Integer old = before.containsKey(service) ? weightsBefore.get(k) : null;
            if (old == null) {
                steps.add(command(after.get(service), "-a", "-r", server, "-g", "-w", weight.toString()));
            } else if (!old.equals(weight)) {
                steps.add(command(after.get(service), "-e", "-r", server, "-g", "-w", weight.toString()));
            }
        });
        return steps;
    }

    private static List<String> command(VirtualService vs, String op, String... rest) {
        List<String> c = new ArrayList<>(List.of("ipvsadm", op, vs.protocol().ipvsadmOption(), vs.endpoint()));
        c.addAll(List.of(rest));
        return c;
    }

    private static Map<String, VirtualService> byService(DispatchTable t) {
        Map<String, VirtualService> m = new java.util.LinkedHashMap<>();
        t.virtualServices().forEach(vs -> m.put(vs.protocol().ipvsadmOption() + vs.endpoint(), vs));
        return m;
    }

    /** "SERVICE SERVER" -> weight in IPVS, for the real servers that are in IPVS. */
    private static Map<String, Integer> weights(DispatchTable t) {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        Map<Integer, String> keys = new HashMap<>();
        t.virtualServices().forEach(vs -> keys.put(vs.index(), vs.protocol().ipvsadmOption() + vs.endpoint()));
        for (RealServer rs : t.realServers()) {
            if (rs.status() != RealServerStatus.DOWN && keys.containsKey(rs.vsIndex())) {
                m.put(keys.get(rs.vsIndex()) + " " + rs.endpoint(),
                    rs.status() == RealServerStatus.DRAINING ? 0 : rs.weight());
            }
        }
        return m;
    }
}
