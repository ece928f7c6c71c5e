package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.Rule;
import org.lcms.model.internal.shell.completers.HostNameCompleter;

@Command(scope = "lcms", name = "cluster-set-weight", description = "Sets the dispatch weight of a real server "
    + "in a cluster")
@Service
public final class ClusterSetWeightCommand extends ClusterUpdateCommand {

    @Argument(index = 1, name = "host", required = true, description = "real server")
    @Completion(HostNameCompleter.class)
    String host;

    @Argument(index = 2, name = "weight", required = true, description = "weight 0..65535 (0 = no new connections)")
    String weight;

    @Override
    LoadCluster change(LoadCluster current, Inventory inventory) {
        int w = OperatorInput.weight("weight", weight);
        if (current.realServer(host).isEmpty()) {
            throw new ModelException(Rule.NOT_FOUND, notMember(current, host, "a real server",
                "; add it with lcms:cluster-add-rs " + current.id() + " " + host + " --weight " + w));
        }
        return current.withRealServer(host, w);
    }
}
