package org.lcms.failover.manager.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.failover.manager.api.FailoverOperations;

@Command(scope = "lcms", name = "enable", description = "Puts a drained real server back into rotation "
    + "(lcmsRsStatus up on the load balancer and backups)")
@Service
public final class EnableCommand extends RealServerCommand {
    @Override
    FailoverOperations.Outcome act(FailoverOperations operations, String actor) {
        return operations.enable(actor, cluster, realServer);
    }
}
