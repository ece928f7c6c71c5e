package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.ModelChange.RemoveAdministrator;
import org.lcms.model.internal.shell.completers.AdministratorLoginCompleter;

@Command(scope = "lcms", name = "admin-remove", description = "Removes an LCMS administrator (one with role "
    + "admin always remains)")
@Service
public final class AdminRemoveCommand extends LcmsCommand {

    @Argument(index = 0, name = "login", required = true, description = "login")
    @Completion(AdministratorLoginCompleter.class)
    String login;

    @Option(name = "--revision", description = "remove only if the account is still at this revision "
        + "(lcms:admin-list)")
    String revision;

    @Override
    void run() throws Exception {
        apply(new RemoveAdministrator(login, expectedRevisionOrAny(revision)));
    }
}
