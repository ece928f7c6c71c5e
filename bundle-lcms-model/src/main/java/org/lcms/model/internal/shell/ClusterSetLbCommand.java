package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.internal.shell.completers.HostNameCompleter;

@Command(scope = "lcms", name = "cluster-set-lb", description = "Sets the load balancer of a cluster, or clears "
    + "it with \"none\"")
@Service
public final class ClusterSetLbCommand extends ClusterUpdateCommand {
    static final String NONE = "none";

    @Argument(index = 1, name = "host", required = true, description = "host that becomes the load balancer, or "
        + "none")
    @Completion(HostNameCompleter.class)
    String host;

    @Override
    LoadCluster change(LoadCluster current, Inventory inventory) {
        return current.withLoadBalancer(NONE.equalsIgnoreCase(host) ? "" : host);
    }
}
