package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.internal.shell.completers.HostNameCompleter;

@Command(scope = "lcms", name = "cluster-remove-rs", description = "Removes a real server from a cluster")
@Service
public final class ClusterRemoveRsCommand extends ClusterUpdateCommand {

    @Argument(index = 1, name = "host", required = true, description = "real server to remove")
    @Completion(HostNameCompleter.class)
    String host;

    @Override
    LoadCluster change(LoadCluster current, Inventory inventory) {
        current.requireRealServer(host);
        return current.withoutRealServer(host);
    }
}
