package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.AdminRole;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.ModelChange.UpdateAdministrator;
import org.lcms.model.api.PasswordHash;
import org.lcms.model.internal.shell.completers.AdminRoleCompleter;
import org.lcms.model.internal.shell.completers.AdministratorLoginCompleter;

@Command(scope = "lcms", name = "admin-change", description = "Changes the role, display name or password of an "
    + "LCMS administrator")
@Service
public final class AdminChangeCommand extends PasswordSettingCommand {

    @Argument(index = 0, name = "login", required = true, description = "login")
    @Completion(AdministratorLoginCompleter.class)
    String login;

    @Option(name = "--role", description = "admin (changes everything) or viewer (only reads)")
    @Completion(AdminRoleCompleter.class)
    String role;

    @Option(name = "--name", description = "display name")
    String displayName;

    @Option(name = "--reset-password", description = "ask for a new password (twice)")
    boolean resetPassword;

    @Option(name = "--generate", description = "generate a new random 20-character password and print it once")
    boolean generate;

    @Option(name = "--revision", description = "the administrator revision your change is based on "
        + "(lcms:admin-list); if someone changed the account since, nothing is written. Default: the revision read "
        + "just now")
    String revision;

    @Override
    void run() throws Exception {
        if (resetPassword && generate) {
            throw new IllegalArgumentException("use --reset-password (type a new password) or --generate (get a "
                + "generated one), not both");
        }
        Administrator current = existingAdministrator(directory().inventory(), login);
        Administrator wanted = current;
        if (role != null) {
            wanted = wanted.withRole(OperatorInput.named("--role", AdminRole::parse, role));
        }
        if (displayName != null) {
            wanted = wanted.withDisplayName(displayName);
        }
        long expected = expectedRevision(revision, current.revision());
        if (!resetPassword && !generate) {
            apply(new UpdateAdministrator(wanted, expected));
            return;
        }
        char[] password = newPassword(current.login(), generate);
        try {
            wanted = wanted.withPasswordHash(hash(current.login(), password));
            apply(new UpdateAdministrator(wanted, expected));
            if (generate) {
                printGenerated(current.login(), password);
            }
        } finally {
            PasswordHash.wipe(password);
        }
    }
}
