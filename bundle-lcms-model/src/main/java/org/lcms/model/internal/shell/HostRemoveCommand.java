package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.ModelChange.RemoveHost;
import org.lcms.model.internal.shell.completers.HostNameCompleter;

@Command(scope = "lcms", name = "host-remove", description = "Removes a host that no cluster uses from the "
    + "inventory")
@Service
public final class HostRemoveCommand extends LcmsCommand {

    @Argument(index = 0, name = "name", required = true, description = "host name")
    @Completion(HostNameCompleter.class)
    String name;

    @Option(name = "--revision", description = "remove only if the host is still at this revision (lcms:host-show)")
    String revision;

    @Override
    void run() throws Exception {
        apply(new RemoveHost(name, expectedRevisionOrAny(revision)));
    }
}
