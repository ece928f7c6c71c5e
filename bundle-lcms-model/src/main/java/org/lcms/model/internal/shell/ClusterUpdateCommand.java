package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange.UpdateCluster;
import org.lcms.model.internal.shell.completers.ClusterIdCompleter;

/**
 * A command that reads a cluster, changes it and writes it back with the revision it read (or the one given
 * with --revision), so a concurrent change by someone else is refused instead of overwritten.
 */
abstract class ClusterUpdateCommand extends LcmsCommand {

    @Argument(index = 0, name = "id", required = true, description = "cluster id")
    @Completion(ClusterIdCompleter.class)
    String id;

    @Option(name = "--revision", description = "the cluster revision your change is based on (lcms:cluster-show); "
        + "if someone changed the cluster since, nothing is written. Default: the revision read just now")
    String revision;

    /** The cluster as the operator wants it. */
    abstract LoadCluster change(LoadCluster current, Inventory inventory);

    @Override
    final void run() throws Exception {
        Inventory inventory = directory().inventory();
        LoadCluster current = existingCluster(inventory, id);
        apply(new UpdateCluster(change(current, inventory), expectedRevision(revision, current.revision())));
    }

    static String notMember(LoadCluster c, String host, String what, String hint) {
        return "host " + host + " is not " + what + " of cluster " + c.id() + " (lcms:cluster-show " + c.id()
            + " shows its members)" + hint;
    }
}
