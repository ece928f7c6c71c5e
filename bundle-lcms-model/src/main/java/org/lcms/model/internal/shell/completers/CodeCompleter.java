package org.lcms.model.internal.shell.completers;

import java.util.Arrays;
import java.util.List;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.lcms.model.api.Coded;

/** Completes the codes of an enum (wlc, tcp, admin...), taken from the enum so they never drift apart. */
abstract class CodeCompleter implements Completer {
    private final StringsCompleter delegate;

    CodeCompleter(Coded... values) {
        delegate = new StringsCompleter(Arrays.stream(values).map(Coded::code).toList());
    }

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return delegate.complete(session, commandLine, candidates);
    }
}
