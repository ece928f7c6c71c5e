package org.lcms.ui.core;

import java.util.Collection;
import java.util.List;
import org.lcms.model.api.Host;
import org.lcms.model.api.HostRole;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.Role;

/**
 * Which hosts the builder offers for a role: those whose role potential allows it and that no other cluster holds
 * in a role that excludes it (a load balancer or backup server belongs to one cluster and takes no other role; a real
 * server may serve several clusters), leaving out the hosts this draft already uses in an earlier step. The model's
 * rules still decide (a host changed meanwhile is refused with the model's message); this only keeps the lists short.
 */
public final class EligibleHosts {
    private EligibleHosts() {
    }

    /** The hosts {@code role} may be given in a new cluster, sorted by name. */
    public static List<Host> forRole(Inventory inventory, Role role, Collection<String> chosenBefore) {
        return inventory.hosts().stream()
            .filter(h -> h.rolePotential().contains(role))
            .filter(h -> free(inventory.roleOf(h.name()), role))
            .filter(h -> chosenBefore.stream().noneMatch(c -> c.equalsIgnoreCase(h.name())))
            .toList();
    }

    private static boolean free(HostRole current, Role wanted) {
        if (current.role() == Role.NONE) {
            return true;
        }
        return wanted == Role.REAL_SERVER && current.role() == Role.REAL_SERVER;
    }

    /** "lvs-1 (192.0.2.1, may be lb,bs)" and, for a real server of other clusters, "; rs of web". */
    public static String label(Inventory inventory, Host h) {
        StringBuilder s = new StringBuilder(h.name()).append(" (").append(h.address()).append(", may be ");
        s.append(String.join(",", h.rolePotential().stream().map(Role::code).toList()));
        HostRole now = inventory.roleOf(h.name());
        if (now.role() != Role.NONE) {
            s.append("; ").append(now.role().code()).append(" of ").append(String.join(", ", now.clusters()));
        }
        return s.append(')').toString();
    }
}
