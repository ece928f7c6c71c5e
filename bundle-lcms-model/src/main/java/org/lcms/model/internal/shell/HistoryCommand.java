package org.lcms.model.internal.shell;

import java.util.Optional;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.HistoryQuery;
import org.lcms.model.api.ObjectKind;
import org.lcms.model.internal.shell.completers.ClusterIdCompleter;
import org.lcms.model.internal.shell.completers.ObjectKindCompleter;

@Command(scope = "lcms", name = "history", description = "Shows the recorded changes and events (what agents "
    + "and the SNMP manager reported), newest first")
@Service
public final class HistoryCommand extends LcmsCommand {

    @Option(name = "--cluster", description = "only changes that touched this cluster (including changes of its "
        + "hosts)")
    @Completion(ClusterIdCompleter.class)
    String cluster;

    @Option(name = "--kind", description = "only changes of this kind of object: host, cluster or administrator")
    @Completion(ObjectKindCompleter.class)
    String kind;

    @Option(name = "--object", description = "only changes of the object with this name (host name, cluster id "
        + "or login)")
    String object;

    @Option(name = "--limit", description = "at most this many records, 1..10000")
    String limit = "50";

    @Override
    void run() throws Exception {
        HistoryQuery query = new HistoryQuery(Optional.ofNullable(cluster),
            Optional.ofNullable(kind).map(k -> OperatorInput.named("--kind", ObjectKind::parse, k)),
            Optional.ofNullable(object), OperatorInput.limit(limit));
        HistoryTable.print(directory().history(query), out(), "no recorded changes match");
    }
}
