package org.lcms.model.internal.shell.completers;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.FailoverPolicy;

/** What a failed real server gets: drain, remove. */
@Service
public final class OnFailureCompleter extends CodeCompleter {
    public OnFailureCompleter() {
        super(FailoverPolicy.OnFailure.values());
    }
}
