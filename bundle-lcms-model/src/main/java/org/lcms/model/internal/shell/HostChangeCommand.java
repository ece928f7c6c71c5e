package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Host;
import org.lcms.model.api.ModelChange.UpdateHost;
import org.lcms.model.internal.shell.completers.HostNameCompleter;

@Command(scope = "lcms", name = "host-change", description = "Changes the given fields of a host; the others "
    + "keep their values")
@Service
public final class HostChangeCommand extends HostFieldsCommand {

    @Argument(index = 0, name = "name", required = true, description = "host name")
    @Completion(HostNameCompleter.class)
    String name;

    @Option(name = "--address", description = "new IPv4 or IPv6 address")
    String address;

    @Option(name = "--revision", description = "the host revision your change is based on (lcms:host-show); if "
        + "someone changed the host since, nothing is written. Default: the revision read just now")
    String revision;

    @Override
    void run() throws Exception {
        Host current = existingHost(directory().inventory(), name);
        Host wanted = withGivenFields(current);
        if (address != null) {
            wanted = wanted.withAddress(OperatorInput.address("--address", address));
        }
        apply(new UpdateHost(wanted, expectedRevision(revision, current.revision())));
    }
}
