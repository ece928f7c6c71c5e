package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.lcms.model.api.Host;
import org.lcms.model.api.HostRole;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.Role;

@Command(scope = "lcms", name = "host-list", description = "Lists the hosts of the inventory with their roles")
@Service
public final class HostListCommand extends LcmsCommand {

    @Override
    void run() throws Exception {
        Inventory inventory = directory().inventory();
        ShellTable table = new ShellTable().emptyTableText("no hosts; add one with lcms:host-add NAME ADDRESS");
        table.column("Name");
        table.column("Address");
        table.column("Role");
        table.column("Role state");
        table.column("Weight").alignRight();
        table.column("Potential");
        table.column("CPU");
        table.column("Memory MiB").alignRight();
        table.column("NIC");
        table.column("Revision").alignRight();
        for (Host h : inventory.hosts()) {
            table.addRow().addContent(h.name(), h.address(), role(inventory.roleOf(h.name())), h.roleState().code(),
                h.weight(), potential(h), h.cpuType(), h.memoryMiB() == 0 ? "" : h.memoryMiB(), h.nicType(),
                h.revision().number());
        }
        table.print(out());
    }

    /** "rs (web, api)", "lb (web)" or "none". */
    static String role(HostRole role) {
        return role.role() == Role.NONE ? Role.NONE.code()
            : role.role().code() + " (" + String.join(", ", role.clusters()) + ")";
    }

    static String potential(Host h) {
        StringBuilder s = new StringBuilder();
        h.rolePotential().forEach(r -> s.append(s.length() == 0 ? "" : ",").append(r.code()));
        return s.toString();
    }
}
