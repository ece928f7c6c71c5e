package org.lcms.agent.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A data plane that only exists in memory: records the ipvsadm commands it would run ({@link DispatchPlanner})
 * and keeps the table they would leave. The default with the dry-run configurator (no root, tests, demo).
 * Connection counts are always zero. A failure can be injected to exercise the error paths ({@link #failWhen}).
 */
public final class RecordingDispatchTableDriver implements DispatchTableDriver {
    private final List<String> record = new ArrayList<>();
    private DispatchTable applied = DispatchTable.EMPTY;
    private Predicate<List<String>> failWhen = c -> false;

    @Override
    public synchronized void apply(DispatchTable table) throws DispatchDriverException {
        List<List<String>> steps = DispatchPlanner.plan(applied, table);
        for (List<String> step : steps) {
            if (failWhen.test(step)) {
                // nothing was carried out for real: the data plane keeps the previous table
                throw new DispatchDriverException("could not " + String.join(" ", step)
                    + " (simulated failure); the data plane keeps its previous table", null);
            }
        }
        steps.forEach(s -> record.add(String.join(" ", s)));
        applied = table;
    }

    @Override
    public Connections connections(VirtualService vs, RealServer rs) {
        return Connections.NONE;
    }

    /** Every command carried out so far, oldest first. */
    public synchronized List<String> record() {
        return List.copyOf(record);
    }

    /** The table the simulated data plane holds. */
    public synchronized DispatchTable applied() {
        return applied;
    }

    /** From now on, commands matching {@code failure} fail. */
    public synchronized void failWhen(Predicate<List<String>> failure) {
        this.failWhen = failure;
    }
}
