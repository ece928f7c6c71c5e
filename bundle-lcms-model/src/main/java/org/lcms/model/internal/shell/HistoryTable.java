package org.lcms.model.internal.shell;

import java.io.PrintStream;
import java.util.List;
import org.apache.karaf.shell.support.table.ShellTable;
import org.lcms.model.api.ChangeRecord;

/** Prints history records as lcms:history, lcms:host-show and lcms:cluster-show show them. */
final class HistoryTable {
    private HistoryTable() {
    }

    static void print(List<ChangeRecord> records, PrintStream out, String emptyText) {
        ShellTable table = new ShellTable().emptyTableText(emptyText);
        table.column("No.").alignRight();
        table.column("Time (UTC)");
        table.column("Actor");
        table.column("Kind");
        table.column("Object");
        table.column("Action");
        table.column("Detail");
        for (ChangeRecord r : records) {
            table.addRow().addContent(r.number(), LcmsCommand.utc(r.at()), r.actor(), r.kind().code(),
                r.objectName(), r.action(), r.detail());
        }
        table.print(out);
    }
}
