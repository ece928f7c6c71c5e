package org.lcms.model.internal.shell.completers;

import java.util.Collection;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;

/** Ids of the load clusters. */
@Service
public final class ClusterIdCompleter extends DirectoryNamesCompleter {
    @Override
    Collection<String> names(Inventory inventory) {
        return inventory.clusters().stream().map(LoadCluster::id).toList();
    }
}
