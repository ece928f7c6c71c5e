package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Host;
import org.lcms.model.api.ModelChange.AddHost;

@Command(scope = "lcms", name = "host-add", description = "Adds a host to the inventory (with no role until a "
    + "cluster uses it)")
@Service
public final class HostAddCommand extends HostFieldsCommand {

    @Argument(index = 0, name = "name", required = true, description = "host name, a DNS name such as web-1")
    String name;

    @Argument(index = 1, name = "address", required = true, description = "IPv4 or IPv6 address the host owns "
        + "(a literal; names are not resolved)")
    String address;

    @Override
    void run() throws Exception {
        Host host = withGivenFields(Host.of(name, OperatorInput.address("address", address)));
        apply(new AddHost(host));
    }
}
