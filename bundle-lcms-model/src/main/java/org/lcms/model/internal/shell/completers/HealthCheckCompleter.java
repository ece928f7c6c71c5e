package org.lcms.model.internal.shell.completers;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.lcms.model.api.FailoverPolicy;

/** Health check kinds (tcp, http, https, script, mib), none, and agent (the agents' own). */
@Service
public final class HealthCheckCompleter implements Completer {
    private final StringsCompleter delegate;

    public HealthCheckCompleter() {
        List<String> all = new ArrayList<>(FailoverPolicy.CHECK_KINDS);
        all.add("none");
        all.add("agent");
        delegate = new StringsCompleter(all);
    }

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return delegate.complete(session, commandLine, candidates);
    }
}
