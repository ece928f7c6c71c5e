package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.lcms.model.api.LoadCluster;

@Command(scope = "lcms", name = "cluster-list", description = "Lists the load clusters")
@Service
public final class ClusterListCommand extends LcmsCommand {

    @Override
    void run() throws Exception {
        ShellTable table = new ShellTable().emptyTableText("no clusters; build one with lcms:cluster-build ID VIP "
            + "PORT");
        table.column("Id");
        table.column("Service");
        table.column("Scheduler");
        table.column("LB");
        table.column("Backups");
        table.column("Real servers").alignRight();
        table.column("Active");
        table.column("Revision").alignRight();
        for (LoadCluster c : directory().inventory().clusters()) {
            table.addRow().addContent(c.id(), c.service(), c.scheduler().code(),
                c.hasLoadBalancer() ? c.loadBalancer() : "", String.join(",", c.backups()), c.realServers().size(),
                c.active() ? "yes" : "no", c.revision().number());
        }
        table.print(out());
    }
}
