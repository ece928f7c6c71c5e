package org.lcms.model.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HistoryCommandTest {
    private final ShellFixture shell = new ShellFixture();

    @BeforeEach
    void changes() throws Exception {
        shell.webCluster(); // changes 1..6
        shell.addHost("db-1", "192.0.2.40"); // change 7
    }

    private static List<String> numbers(String table) {
        return table.lines().skip(2).map(l -> l.trim().split("\\s+")[0]).toList();
    }

    @Test
    void newestFirstWithTimeInUtcSeconds() throws Exception {
        String out = shell.run(new HistoryCommand());
        assertEquals(List.of("7", "6", "5", "4", "3", "2", "1"), numbers(out));
        assertTrue(out.contains("2025-03-01T08:00:07Z"), out);
        assertTrue(out.contains("alice"), out);
    }

    @Test
    void filtersAndLimit() throws Exception {
        HistoryCommand byCluster = new HistoryCommand();
        byCluster.cluster = "WEB";
        assertEquals(List.of("6"), numbers(shell.run(byCluster)));

        HistoryCommand hosts = new HistoryCommand();
        hosts.kind = "host";
        hosts.limit = "2";
        assertEquals(List.of("7", "5"), numbers(shell.run(hosts)));

        HistoryCommand one = new HistoryCommand();
        one.object = "lb-1";
        assertEquals(List.of("1"), numbers(shell.run(one)));
    }

    @Test
    void badKindAndLimit() {
        HistoryCommand kind = new HistoryCommand();
        kind.kind = "router";
        assertEquals("--kind: 'router' is not a valid object kind; use one of: host, cluster, administrator",
            shell.fail(kind).getMessage());

        HistoryCommand limit = new HistoryCommand();
        limit.limit = "all";
        assertTrue(shell.fail(limit).getMessage().startsWith("--limit 'all' is not a number of records"));
    }
}
