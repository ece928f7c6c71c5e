package org.lcms.model.internal.shell.completers;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.AdminRole;

/** Administrator roles: admin, viewer. */
@Service
public final class AdminRoleCompleter extends CodeCompleter {
    public AdminRoleCompleter() {
        super(AdminRole.values());
    }
}
