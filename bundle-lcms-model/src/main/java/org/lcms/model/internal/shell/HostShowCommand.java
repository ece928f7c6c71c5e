package org.lcms.model.internal.shell;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.Host;
import org.lcms.model.api.HistoryQuery;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ObjectKind;
import org.lcms.model.api.Role;
import org.lcms.model.internal.shell.completers.HostNameCompleter;

@Command(scope = "lcms", name = "host-show", description = "Shows a host: all its fields, its role, the "
    + "clusters using it and its last changes")
@Service
public final class HostShowCommand extends LcmsCommand {
    static final int HISTORY_RECORDS = 10;

    @Argument(index = 0, name = "name", required = true, description = "host name")
    @Completion(HostNameCompleter.class)
    String name;

    @Override
    void run() throws Exception {
        ClusterDirectory dir = directory();
        Inventory inventory = dir.inventory();
        Host h = existingHost(inventory, name);
        PrintStream out = out();

        ShellTable fields = new ShellTable().noHeaders();
        fields.column("Field");
        fields.column("Value");
        fields.addRow().addContent("Name", h.name());
        fields.addRow().addContent("Address", h.address());
        fields.addRow().addContent("Role", HostListCommand.role(inventory.roleOf(h.name())));
        fields.addRow().addContent("Role state", h.roleState().code() + " (" + h.roleState().meaning() + ")");
        fields.addRow().addContent("Weight", h.weight());
        fields.addRow().addContent("Role potential", HostListCommand.potential(h));
        fields.addRow().addContent("CPU type", h.cpuType());
        fields.addRow().addContent("Memory MiB", h.memoryMiB() == 0 ? "not known" : h.memoryMiB());
        fields.addRow().addContent("NIC type", h.nicType());
        fields.addRow().addContent("SNMP profile", h.snmpProfile());
        fields.addRow().addContent("Description", h.description());
        fields.addRow().addContent("Revision", describe(h.revision()));
        fields.print(out);

        out.println();
        List<LoadCluster> using = inventory.clustersUsing(h.name());
        if (using.isEmpty()) {
            out.println("Clusters using it: none");
        } else {
            out.println("Clusters using it:");
            for (LoadCluster c : using) {
                int rank = c.backupRank(h.name());
                out.println("  " + c.id() + " (" + c.service() + "): " + roleWords(c.roleOf(h.name()))
                    + (rank > 0 ? ", rank " + rank : "")
                    + c.realServer(h.name()).map(m -> ", weight " + m.weight()).orElse("")
                    + (c.active() ? "" : ", cluster inactive"));
            }
        }

        out.println();
        out.println("Last changes:");
        HistoryTable.print(dir.history(new HistoryQuery(Optional.empty(), Optional.of(ObjectKind.HOST),
            Optional.of(h.name()), HISTORY_RECORDS)), out, "no recorded changes");
    }

    private static String roleWords(Role role) {
        switch (role) {
            case LOAD_BALANCER:
                return "load balancer";
            case BACKUP_SERVER:
                return "backup server";
            case REAL_SERVER:
                return "real server";
            default:
                return "no role";
        }
    }
}
