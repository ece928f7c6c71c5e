package org.lcms.failover.manager.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.failover.manager.internal.shell.completers.ClusterIdCompleter;
import org.lcms.failover.manager.internal.shell.completers.RealServerCompleter;

@Command(scope = "lcms", name = "drain", description = "Takes a real server out of rotation: no new connections, "
    + "established ones finish. Kept in the model (survives manager restarts) until lcms:enable")
@Service
public final class DrainCommand extends FailoverCommand {
    @Argument(index = 0, name = "CLUSTER", description = "cluster id", required = true)
    @Completion(ClusterIdCompleter.class)
    String cluster;

    @Argument(index = 1, name = "RS", description = "host name of one of the cluster's real servers", required = true)
    @Completion(RealServerCompleter.class)
    String realServer;

    @Override
    void run() throws Exception {
        out().println(operations().drain(actor(), cluster, realServer).message());
    }
}
