package org.lcms.failover.manager.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.lcms.failover.manager.api.FailoverOperations;
import org.lcms.failover.manager.internal.shell.completers.ClusterIdCompleter;
import org.lcms.failover.manager.internal.shell.completers.RealServerCompleter;

/** lcms:drain and lcms:enable: CLUSTER RS, one call, the outcome printed. */
abstract class RealServerCommand extends FailoverCommand {
    @Argument(index = 0, name = "CLUSTER", description = "cluster id", required = true)
    @Completion(ClusterIdCompleter.class)
    String cluster;

    @Argument(index = 1, name = "RS", description = "host name of one of the cluster's real servers", required = true)
    @Completion(RealServerCompleter.class)
    String realServer;

    abstract FailoverOperations.Outcome act(FailoverOperations operations, String actor) throws Exception;

    @Override
    final void run() throws Exception {
        out().println(act(operations(), actor()).message());
    }
}
