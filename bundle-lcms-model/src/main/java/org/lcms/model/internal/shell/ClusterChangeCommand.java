package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;
import org.lcms.model.internal.shell.completers.ProtocolCompleter;

@Command(scope = "lcms", name = "cluster-change", description = "Changes the virtual service or the "
    + "description of a cluster (the service of an active cluster is fixed: deactivate it first)")
@Service
public final class ClusterChangeCommand extends ClusterUpdateCommand {

    @Option(name = "--vip", description = "new virtual IP address")
    String vip;

    @Option(name = "--port", description = "new service port 1..65535")
    String port;

    @Option(name = "--protocol", description = "tcp or udp")
    @Completion(ProtocolCompleter.class)
    String protocol;

    @Option(name = "--description", description = "free text, one line")
    String description;

    @Override
    LoadCluster change(LoadCluster current, Inventory inventory) {
        VirtualService s = current.service();
        VirtualService service = new VirtualService(
            vip != null ? OperatorInput.address("--vip", vip) : s.address(),
            port != null ? OperatorInput.port("--port", port) : s.port(),
            protocol != null ? OperatorInput.named("--protocol", ServiceProtocol::parse, protocol) : s.protocol());
        LoadCluster wanted = current.withService(service);
        return description != null ? wanted.withDescription(description) : wanted;
    }
}
