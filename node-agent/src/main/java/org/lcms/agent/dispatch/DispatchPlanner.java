package org.lcms.agent.dispatch;

import java.util.ArrayList;
import java.util.List;

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
 * service that changes protocol, address or port is removed and added. The same lines as
 * {@link IpvsTable#changesTo}, which {@link IpvsadmDispatchDriver} feeds to ipvsadm -R.
 */
public final class DispatchPlanner {
    private DispatchPlanner() {
    }

    /** Both tables as the data plane sees them (callers pass {@link DispatchTable#inService()}). */
    public static List<List<String>> plan(DispatchTable from, DispatchTable to) {
        List<List<String>> steps = new ArrayList<>();
        for (String line : IpvsTable.of(from).changesTo(IpvsTable.of(to))) {
            List<String> step = new ArrayList<>(List.of("ipvsadm"));
            step.addAll(List.of(line.split(" ")));
            steps.add(step);
        }
        return steps;
    }
}
