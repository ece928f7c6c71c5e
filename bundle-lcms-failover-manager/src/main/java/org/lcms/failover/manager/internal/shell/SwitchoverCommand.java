package org.lcms.failover.manager.internal.shell;

import java.util.Optional;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.failover.manager.internal.shell.completers.ChainMemberCompleter;
import org.lcms.failover.manager.internal.shell.completers.ClusterIdCompleter;

@Command(scope = "lcms", name = "switchover", description = "Moves a cluster's VIP from the member that holds it to "
    + "HOST (default: the best-ranked other ready member), through the cluster's witnesses; a member given the VIP "
    + "down the chain keeps it (no fail-back) until the next switchover or a failure")
@Service
public final class SwitchoverCommand extends FailoverCommand {
    @Argument(index = 0, name = "CLUSTER", description = "cluster id", required = true)
    @Completion(ClusterIdCompleter.class)
    String cluster;

    @Argument(index = 1, name = "HOST", description = "the load balancer or a backup of the cluster to take the VIP")
    @Completion(ChainMemberCompleter.class)
    String host;

    @Option(name = "--wait", description = "how long to wait for HOST to report holding the VIP, in seconds "
        + "(1..60, default 5)")
    int waitSeconds = 5;

    @Override
    void run() throws Exception {
        if (waitSeconds < 1 || waitSeconds > 60) {
            throw new IllegalArgumentException("--wait " + waitSeconds + " is out of range: give 1..60 seconds");
        }
        out().println(operations().switchover(cluster, Optional.ofNullable(host), waitSeconds * 1000L).message());
    }
}
