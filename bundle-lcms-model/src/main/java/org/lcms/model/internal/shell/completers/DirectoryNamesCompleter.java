package org.lcms.model.internal.shell.completers;

import java.util.Collection;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.Inventory;

/**
 * Completes names read from the directory. Offers nothing, and never fails, while the directory is
 * unavailable: the command itself then says why.
 */
abstract class DirectoryNamesCompleter implements Completer {

    @Reference(optional = true)
    ClusterDirectory directory;

    abstract Collection<String> names(Inventory inventory);

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        ClusterDirectory dir = directory;
        if (dir != null) {
            try {
                delegate.getStrings().addAll(names(dir.inventory()));
            } catch (RuntimeException e) {
                // DirectoryUnavailableException or worse: completion is a convenience, offer nothing.
            }
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
