package org.lcms.model.internal.shell.completers;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.ObjectKind;

/** Kinds of objects in the history: host, cluster, administrator. */
@Service
public final class ObjectKindCompleter extends CodeCompleter {
    public ObjectKindCompleter() {
        super(ObjectKind.values());
    }
}
