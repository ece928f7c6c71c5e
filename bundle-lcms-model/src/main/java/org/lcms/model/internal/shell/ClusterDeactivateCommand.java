package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;

@Command(scope = "lcms", name = "cluster-deactivate", description = "Deactivates a cluster: the service stops, "
    + "the definition stays")
@Service
public final class ClusterDeactivateCommand extends ClusterUpdateCommand {

    @Override
    LoadCluster change(LoadCluster current, Inventory inventory) {
        return current.withActive(false);
    }
}
