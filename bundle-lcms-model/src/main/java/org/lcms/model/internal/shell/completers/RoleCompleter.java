package org.lcms.model.internal.shell.completers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.lcms.model.api.Role;

/**
 * Roles a host can take (lb, bs, rs), for the comma-separated {@code --potential}: after "lb," it offers
 * "lb,bs" and "lb,rs".
 */
@Service
public final class RoleCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String typed = commandLine.getCursorArgument() == null ? ""
            : commandLine.getCursorArgument().substring(0, commandLine.getArgumentPosition());
        return new StringsCompleter(candidates(typed)).complete(session, commandLine, candidates);
    }

    /** Every completion of {@code typed}: the roles listed so far, a comma, and one role not yet listed. */
    static List<String> candidates(String typed) {
        int comma = typed.lastIndexOf(',');
        String head = comma < 0 ? "" : typed.substring(0, comma + 1);
        List<String> listed = List.of(head.toLowerCase(Locale.ROOT).split(","));
        List<String> out = new ArrayList<>();
        for (Role r : Role.values()) {
            if (r != Role.NONE && !listed.contains(r.code())) {
                out.add(head + r.code());
            }
        }
        return out;
    }
}
