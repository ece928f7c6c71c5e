package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.internal.shell.completers.HostNameCompleter;

@Command(scope = "lcms", name = "cluster-add-backup", description = "Adds a backup server to a cluster, or moves "
    + "one to another rank")
@Service
public final class ClusterAddBackupCommand extends ClusterUpdateCommand {

    @Argument(index = 1, name = "host", required = true, description = "host that becomes a backup server")
    @Completion(HostNameCompleter.class)
    String host;

    @Option(name = "--rank", description = "takeover order: 1 = primary backup; default: after the existing ones")
    String rank;

    @Override
    LoadCluster change(LoadCluster current, Inventory inventory) {
        int at = rank != null ? OperatorInput.rank(rank) : current.backups().size() + 1;
        return current.withBackup(host, at);
    }
}
