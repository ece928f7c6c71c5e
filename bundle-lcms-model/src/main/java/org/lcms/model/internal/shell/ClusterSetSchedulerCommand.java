package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.Scheduler;
import org.lcms.model.internal.shell.completers.SchedulerCompleter;

@Command(scope = "lcms", name = "cluster-set-scheduler", description = "Sets the scheduling algorithm of a "
    + "cluster")
@Service
public final class ClusterSetSchedulerCommand extends ClusterUpdateCommand {

    @Argument(index = 1, name = "scheduler", required = true, description = "rr, wrr, lc, wlc or sh (ipvsadm -s)")
    @Completion(SchedulerCompleter.class)
    String scheduler;

    @Override
    LoadCluster change(LoadCluster current, Inventory inventory) {
        return current.withScheduler(Scheduler.parse(scheduler));
    }
}
