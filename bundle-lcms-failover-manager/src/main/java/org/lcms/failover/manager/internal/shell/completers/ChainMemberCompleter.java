package org.lcms.failover.manager.internal.shell.completers;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;

/** The load balancer and backups of the cluster named before (or of every cluster). */
@Service
public final class ChainMemberCompleter extends ModelNamesCompleter {
    @Override
    Collection<String> names(Inventory inventory, Collection<LoadCluster> clusters) {
        TreeSet<String> out = new TreeSet<>();
        for (LoadCluster c : clusters) {
            if (c.hasLoadBalancer()) {
                out.add(c.loadBalancer());
            }
            out.addAll(c.backups());
        }
        return out;
    }
}
