package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.AdminRole;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.ModelChange.AddAdministrator;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.PasswordHash;
import org.lcms.model.api.Rule;
import org.lcms.model.core.ModelRules;
import org.lcms.model.internal.shell.completers.AdminRoleCompleter;

@Command(scope = "lcms", name = "admin-add", description = "Adds an LCMS administrator; asks for the password "
    + "twice, or generates one with --generate")
@Service
public final class AdminAddCommand extends PasswordSettingCommand {
    // Well-formed but matching no password: lets ModelRules check login and display name before the operator
    // types a password (ModelRules has no check of the login alone). Never stored.
    private static final PasswordHash PLACEHOLDER = new PasswordHash("$pbkdf2-sha256$i=1$AA$AA");

    @Argument(index = 0, name = "login", required = true, description = "login: a lowercase letter or '_', then "
        + "lowercase letters, digits, '.', '_' or '-' (at most 32)")
    String login;

    @Option(name = "--role", description = "admin (changes everything) or viewer (only reads)")
    @Completion(AdminRoleCompleter.class)
    String role = "viewer";

    @Option(name = "--name", description = "display name, e.g. \"Alice Martin\"")
    String displayName;

    @Option(name = "--generate", description = "generate a random 20-character password and print it once, "
        + "instead of asking for one")
    boolean generate;

    @Override
    void run() throws Exception {
        AdminRole adminRole = OperatorInput.named("--role", AdminRole::parse, role);
        Inventory inventory = directory().inventory();
        inventory.administrator(login).ifPresent(existing -> {
            throw new ModelException(Rule.ADMIN_UNIQUE, "administrator " + existing.login()
                + " already exists; choose another login (lcms:admin-change changes an existing one)");
        });
        ModelRules.checkAdministrator(new Administrator(login, displayName, PLACEHOLDER, adminRole, null));
        if (inventory.administrators().isEmpty() && adminRole != AdminRole.ADMIN) {
            // The engine refuses it too (last-admin), but only after the password was typed and hashed.
            throw new ModelException(Rule.LAST_ADMIN, "there is no administrator yet and the first one must have "
                + "role admin, or nobody could change LCMS; add it with lcms:admin-add --role admin " + login);
        }

        char[] password = newPassword(login, generate);
        try {
            PasswordHash hash = hash(login, password);
            apply(new AddAdministrator(new Administrator(login, displayName, hash, adminRole, null)));
            if (generate) {
                printGenerated(login, password);
            }
        } finally {
            PasswordHash.wipe(password);
        }
    }
}
