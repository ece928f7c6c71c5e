package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Rule;
import org.lcms.model.internal.shell.completers.HostNameCompleter;

@Command(scope = "lcms", name = "cluster-add-rs", description = "Adds a real server to a cluster")
@Service
public final class ClusterAddRsCommand extends ClusterUpdateCommand {

    @Argument(index = 1, name = "host", required = true, description = "host that becomes a real server")
    @Completion(HostNameCompleter.class)
    String host;

    @Option(name = "--weight", description = "dispatch weight 0..65535 in this cluster (0 = no new connections); "
        + "default: the host's weight")
    String weight;

    @Override
    LoadCluster change(LoadCluster current, Inventory inventory) {
        RealServerMember existing = current.realServer(host).orElse(null);
        if (existing != null) {
            // withRealServer would silently turn this into a weight change; say what to use instead.
            throw new ModelException(Rule.MEMBER_ONCE, "host " + existing.host() + " already is a real server of "
                + "cluster " + current.id() + " (weight " + existing.weight() + "); change its weight with "
                + "lcms:cluster-set-weight " + current.id() + " " + existing.host() + " WEIGHT");
        }
        int w = weight != null ? OperatorInput.weight("--weight", weight) : existingHost(inventory, host).weight();
        return current.withRealServer(host, w);
    }
}
