package org.lcms.snmp.internal.shell;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.lcms.snmp.api.EventQuery;
import org.lcms.snmp.api.EventType;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.snmp.api.Severity;

@Command(scope = "lcms", name = "events", description = "Lists recent events of hosts and clusters, newest first")
@Service
public final class EventsCommand extends SnmpCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
        .withZone(ZoneId.systemDefault());

    @Option(name = "--host", description = "only events of this host")
    String host;

    @Option(name = "--cluster", description = "only events of this cluster")
    String cluster;

    @Option(name = "--type", description = "only these types, comma-separated (e.g. agent-unreachable,role-change)")
    String types;

    @Option(name = "--severity", description = "at least this severity: normal, warning, minor, major, critical")
    String severity;

    @Option(name = "--limit", description = "at most this many (default 50)")
    int limit = 50;

    @Override
    void run() throws Exception {
        EventQuery q = new EventQuery(Optional.ofNullable(host), Optional.ofNullable(cluster), types(),
            Optional.ofNullable(severity).map(EventsCommand::severity), limit);
        ShellTable table = new ShellTable().emptyTableText("no events");
        table.column("#").alignRight();
        table.column("Time");
        table.column("Severity");
        table.column("Type");
        table.column("Host");
        table.column("Cluster");
        table.column("Message");
        for (LcmsEvent e : state().events(q)) {
            table.addRow().addContent(e.sequence(), TIME.format(e.time()), e.severity().name().toLowerCase(),
                code(e.type()), e.host(), e.clusterId(), e.message());
        }
        table.print(out());
    }

    /** AGENT_UNREACHABLE -> agent-unreachable. */
    static String code(EventType t) {
        return t.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private Set<EventType> types() {
        if (types == null || types.isBlank()) {
            return Set.of();
        }
        Set<EventType> out = EnumSet.noneOf(EventType.class);
        for (String t : types.split(",")) {
            String want = t.trim().toLowerCase(Locale.ROOT);
            out.add(java.util.Arrays.stream(EventType.values()).filter(v -> code(v).equals(want)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--type " + t.trim() + ": not an event type; give "
                    + "one of " + java.util.Arrays.stream(EventType.values()).map(EventsCommand::code).toList())));
        }
        return out;
    }

    static Severity severity(String text) {
        try {
            return Severity.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--severity " + text + ": give normal, warning, minor, major or "
                + "critical");
        }
    }
}
