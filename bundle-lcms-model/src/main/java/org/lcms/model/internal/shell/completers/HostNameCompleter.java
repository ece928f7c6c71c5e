package org.lcms.model.internal.shell.completers;

import java.util.Collection;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;

/** Host names of the inventory. */
@Service
public final class HostNameCompleter extends DirectoryNamesCompleter {
    @Override
    Collection<String> names(Inventory inventory) {
        return inventory.hosts().stream().map(Host::name).toList();
    }
}
