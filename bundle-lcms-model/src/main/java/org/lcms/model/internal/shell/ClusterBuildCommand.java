package org.lcms.model.internal.shell;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange.CreateCluster;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;
import org.lcms.model.internal.shell.completers.HostNameCompleter;
import org.lcms.model.internal.shell.completers.ProtocolCompleter;
import org.lcms.model.internal.shell.completers.SchedulerCompleter;

@Command(scope = "lcms", name = "cluster-build", description = "Builds a load cluster: a virtual service with "
    + "its load balancer, backup servers and real servers (inactive unless --activate)")
@Service
public final class ClusterBuildCommand extends LcmsCommand {

    @Argument(index = 0, name = "id", required = true, description = "cluster id: a lowercase letter, then "
        + "lowercase letters, digits or '-' (e.g. web-80)")
    String id;

    @Argument(index = 1, name = "vip", required = true, description = "virtual IP address clients connect to "
        + "(no host may own it)")
    String vip;

    @Argument(index = 2, name = "port", required = true, description = "service port 1..65535")
    String port;

    @Option(name = "--protocol", description = "tcp or udp")
    @Completion(ProtocolCompleter.class)
    String protocol = "tcp";

    @Option(name = "--scheduler", description = "rr, wrr, lc, wlc or sh (ipvsadm -s)")
    @Completion(SchedulerCompleter.class)
    String scheduler = "wlc";

    @Option(name = "--lb", description = "host that becomes the load balancer")
    @Completion(HostNameCompleter.class)
    String loadBalancer;

    @Option(name = "--backup", multiValued = true, description = "host that becomes a backup server; repeat it, "
        + "the first one is the primary backup")
    @Completion(HostNameCompleter.class)
    List<String> backups;

    @Option(name = "--rs", multiValued = true, description = "real server as HOST or HOST:WEIGHT (weight 0..65535, "
        + "default the host's weight); repeat it")
    @Completion(HostNameCompleter.class)
    List<String> realServers;

    @Option(name = "--activate", description = "activate the cluster at once (needs a load balancer and a real "
        + "server)")
    boolean activate;

    @Option(name = "--description", description = "free text, one line")
    String description;

    @Override
    void run() throws Exception {
        VirtualService service = new VirtualService(OperatorInput.address("vip", vip),
            OperatorInput.port("port", port), OperatorInput.named("--protocol", ServiceProtocol::parse, protocol));
        LoadCluster cluster = LoadCluster.of(id, service,
                OperatorInput.named("--scheduler", Scheduler::parse, scheduler))
            .withLoadBalancer(loadBalancer)
            .withBackups(backups)
            .withActive(activate)
            .withDescription(description);
        if (realServers != null && !realServers.isEmpty()) {
            Inventory inventory = directory().inventory();
            List<RealServerMember> members = new ArrayList<>();
            for (String text : realServers) {
                OperatorInput.RealServerSpec spec = OperatorInput.realServer(text);
                int weight = spec.weight().isPresent() ? spec.weight().getAsInt()
                    : existingHost(inventory, spec.host()).weight();
                members.add(new RealServerMember(spec.host(), weight));
            }
            cluster = cluster.withRealServers(members);
        }
        apply(new CreateCluster(cluster));
    }
}
