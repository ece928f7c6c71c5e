package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.lcms.model.api.Administrator;

@Command(scope = "lcms", name = "admin-list", description = "Lists the LCMS administrators (never their password "
    + "hashes)")
@Service
public final class AdminListCommand extends LcmsCommand {

    @Override
    void run() throws Exception {
        ShellTable table = new ShellTable().emptyTableText("no administrators; add one with lcms:admin-add "
            + "--role admin LOGIN");
        table.column("Login");
        table.column("Display name");
        table.column("Role");
        table.column("Revision").alignRight();
        table.column("Changed by");
        table.column("Changed at (UTC)");
        for (Administrator a : directory().inventory().administrators()) {
            table.addRow().addContent(a.login(), a.displayName(), a.role().code(), a.revision().number(),
                a.revision().changedBy(), utc(a.revision().changedAt()));
        }
        table.print(out());
    }
}
