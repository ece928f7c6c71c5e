package org.lcms.model.internal.shell.completers;

import java.util.Collection;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.Inventory;

/** Logins of the LCMS administrators. */
@Service
public final class AdministratorLoginCompleter extends DirectoryNamesCompleter {
    @Override
    Collection<String> names(Inventory inventory) {
        return inventory.administrators().stream().map(Administrator::login).toList();
    }
}
