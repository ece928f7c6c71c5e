package org.lcms.failover.manager.internal.shell.completers;

import java.util.Collection;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;

/** Ids of the load clusters. */
@Service
public final class ClusterIdCompleter extends ModelNamesCompleter {
    @Override
    Collection<String> names(Inventory inventory, Collection<LoadCluster> clusters) {
        return inventory.clusters().stream().map(LoadCluster::id).toList();
    }
}
