package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;

@Command(scope = "lcms", name = "cluster-activate", description = "Activates a cluster: its hosts take their "
    + "roles and the service is offered")
@Service
public final class ClusterActivateCommand extends ClusterUpdateCommand {

    @Override
    LoadCluster change(LoadCluster current, Inventory inventory) {
        return current.withActive(true);
    }
}
