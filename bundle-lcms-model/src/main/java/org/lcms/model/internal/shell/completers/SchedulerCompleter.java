package org.lcms.model.internal.shell.completers;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.Scheduler;

/** Scheduler codes: rr, wrr, lc, wlc, sh. */
@Service
public final class SchedulerCompleter extends CodeCompleter {
    public SchedulerCompleter() {
        super(Scheduler.values());
    }
}
