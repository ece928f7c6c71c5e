package org.lcms.model.internal.shell;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.HistoryQuery;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Role;
import org.lcms.model.internal.shell.completers.ClusterIdCompleter;

@Command(scope = "lcms", name = "cluster-show", description = "Shows a cluster: its service, members with their "
    + "addresses and role states, and its last changes")
@Service
public final class ClusterShowCommand extends LcmsCommand {
    static final int HISTORY_RECORDS = 10;

    @Argument(index = 0, name = "id", required = true, description = "cluster id")
    @Completion(ClusterIdCompleter.class)
    String id;

    @Override
    void run() throws Exception {
        ClusterDirectory dir = directory();
        Inventory inventory = dir.inventory();
        LoadCluster c = existingCluster(inventory, id);
        PrintStream out = out();

        ShellTable fields = new ShellTable().noHeaders();
        fields.column("Field");
        fields.column("Value");
        fields.addRow().addContent("Cluster", c.id());
        fields.addRow().addContent("Service", c.service());
        fields.addRow().addContent("Scheduler", c.scheduler().code() + " (" + c.scheduler().meaning() + ")");
        fields.addRow().addContent("State", c.active() ? "active" : "inactive");
        fields.addRow().addContent("Description", c.description());
        fields.addRow().addContent("Failover policy", c.policy());
        fields.addRow().addContent("Revision", describe(c.revision()));
        fields.print(out);

        out.println();
        ShellTable members = new ShellTable().emptyTableText("no members; add them with lcms:cluster-set-lb, "
            + "lcms:cluster-add-backup and lcms:cluster-add-rs");
        members.column("Role");
        members.column("Rank").alignRight();
        members.column("Host");
        members.column("Address");
        members.column("Weight").alignRight();
        members.column("Role state");
        if (c.hasLoadBalancer()) {
            addMember(members, inventory, Role.LOAD_BALANCER, "", c.loadBalancer(), "");
        }
        for (int i = 0; i < c.backups().size(); i++) {
            addMember(members, inventory, Role.BACKUP_SERVER, i + 1, c.backups().get(i), "");
        }
        for (RealServerMember m : c.realServers()) {
            addMember(members, inventory, Role.REAL_SERVER, "", m.host(), m.weight());
        }
        members.print(out);

        out.println();
        out.println("Last changes:");
        HistoryTable.print(dir.history(HistoryQuery.ofCluster(c.id(), HISTORY_RECORDS)), out,
            "no recorded changes");
    }

    private static void addMember(ShellTable table, Inventory inventory, Role role, Object rank, String host,
                                  Object weight) {
        Host h = inventory.host(host).orElse(null);
        // A hand-edited directory may name a host that is gone; show it rather than hide it.
        table.addRow().addContent(role.code(), rank, host, h == null ? "(not in the inventory)" : h.address(),
            weight, h == null ? "" : h.roleState().code());
    }
}
