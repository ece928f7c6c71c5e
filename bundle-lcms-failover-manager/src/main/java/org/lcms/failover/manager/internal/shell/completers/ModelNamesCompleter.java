package org.lcms.failover.manager.internal.shell.completers;

import java.util.Collection;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;

/**
 * Completes names from the model; for members, those of the cluster named by the command's first argument if it
 * is one (else of every cluster). Offers nothing, and never fails, while the directory is unavailable.
 */
abstract class ModelNamesCompleter implements Completer {

    @Reference(optional = true)
    ClusterDirectory directory;

    abstract Collection<String> names(Inventory inventory, Collection<LoadCluster> clusters);

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        ClusterDirectory dir = directory;
        if (dir != null) {
            try {
                Inventory inv = dir.inventory();
                String[] args = commandLine.getArguments();
                // arguments: the command, then its own; the first of its own that is a cluster narrows the list
                Collection<LoadCluster> clusters = args.length > 1 && commandLine.getCursorArgumentIndex() > 1
                    ? inv.cluster(args[1]).<Collection<LoadCluster>>map(List::of).orElse(inv.clusters()) : inv.clusters();
                delegate.getStrings().addAll(names(inv, clusters));
            } catch (RuntimeException e) {
                // the directory is unavailable or worse: completion is a convenience, offer nothing
            }
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
