package org.lcms.model.internal.shell;

import java.io.PrintStream;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.DirectoryInfo;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.ModelException;
import org.lcms.model.core.ModelRules;

@Command(scope = "lcms", name = "directory-status", description = "Shows where the LCMS model is kept, what it "
    + "holds, and whether it keeps every model rule")
@Service
public final class DirectoryStatusCommand extends LcmsCommand {

    @Override
    void run() throws Exception {
        ClusterDirectory dir = directory();
        DirectoryInfo info = dir.info();
        Inventory inventory = dir.inventory();
        List<ModelException> violations = ModelRules.violations(inventory);
        PrintStream out = out();

        ShellTable fields = new ShellTable().noHeaders();
        fields.column("Field");
        fields.column("Value");
        fields.addRow().addContent("Mode", info.mode());
        fields.addRow().addContent("Location", info.location());
        fields.addRow().addContent("Base DN", info.baseDn());
        fields.addRow().addContent("Model revision", info.modelRevision());
        fields.addRow().addContent("Hosts", inventory.hosts().size());
        fields.addRow().addContent("Clusters", inventory.clusters().size());
        fields.addRow().addContent("Administrators", inventory.administrators().size());
        fields.addRow().addContent("Rules", violations.isEmpty() ? "consistent"
            : violations.size() + (violations.size() == 1 ? " violation" : " violations")
                + " (the directory was changed outside LCMS; fix each one)");
        fields.print(out);
        for (ModelException v : violations) {
            out.println("  " + v.getMessage());
        }
    }
}
