package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.ModelChange.DissolveCluster;
import org.lcms.model.internal.shell.completers.ClusterIdCompleter;

@Command(scope = "lcms", name = "cluster-dissolve", description = "Dissolves a cluster: its definition is "
    + "deleted and its hosts lose their roles in it")
@Service
public final class ClusterDissolveCommand extends LcmsCommand {

    @Argument(index = 0, name = "id", required = true, description = "cluster id")
    @Completion(ClusterIdCompleter.class)
    String id;

    @Option(name = "--force", description = "also dissolve an active cluster (its service stops at once)")
    boolean force;

    @Option(name = "--revision", description = "dissolve only if the cluster is still at this revision "
        + "(lcms:cluster-show)")
    String revision;

    @Override
    void run() throws Exception {
        apply(new DissolveCluster(id, expectedRevisionOrAny(revision), force));
    }
}
