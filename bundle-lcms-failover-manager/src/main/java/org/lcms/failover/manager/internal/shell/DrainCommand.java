package org.lcms.failover.manager.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.failover.manager.api.FailoverOperations;

@Command(scope = "lcms", name = "drain", description = "Takes a real server out of rotation: no new connections, "
    + "established ones finish. Kept in the model (survives manager restarts) until lcms:enable")
@Service
public final class DrainCommand extends RealServerCommand {
    @Override
    FailoverOperations.Outcome act(FailoverOperations operations, String actor) {
        return operations.drain(actor, cluster, realServer);
    }
}
