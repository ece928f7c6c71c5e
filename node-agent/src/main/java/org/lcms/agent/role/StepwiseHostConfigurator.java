package org.lcms.agent.role;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out a {@link RolePlanner} plan step by step on some host (real or simulated): skips what is already
 * in place, and on a failure undoes the steps done so far in reverse order, so the host keeps its old role.
 */
abstract class StepwiseHostConfigurator implements HostConfigurator {
    private RoleTarget current = RoleTarget.NONE;
    private SavedSysctls saved = SavedSysctls.NONE;

    @Override
    public final RoleTarget current() {
        return current;
    }

    @Override
    public final List<HostStep> apply(RoleTarget target) throws HostConfigurationException {
        SavedSysctls savedForTarget = saved;
        if (target.role() == AgentRole.REAL_SERVER && current.role() != AgentRole.REAL_SERVER) {
            savedForTarget = new SavedSysctls(readSysctls(RolePlanner.setUp(target)));
        }
        List<HostStep> done = new ArrayList<>();
        Deque<HostStep> undo = new ArrayDeque<>();
        for (HostStep step : RolePlanner.plan(current, target, saved)) {
            try {
                if (satisfied(step)) {
                    continue;
                }
                HostStep inverse = inverse(step);
                execute(step);
                done.add(step);
                undo.push(inverse);
            } catch (IOException e) {
                String rollback = rollBack(undo);
                throw new HostConfigurationException("could not " + String.join(" ", step.commandLine()) + " ("
                    + e.getMessage() + ") while going from " + current.role() + " to " + target.role()
                    + "; " + rollback, e);
            }
        }
        current = target;
        saved = target.role() == AgentRole.REAL_SERVER ? savedForTarget : SavedSysctls.NONE;
        return done;
    }

    private String rollBack(Deque<HostStep> undo) {
        List<String> failed = new ArrayList<>();
        while (!undo.isEmpty()) {
            HostStep step = undo.pop();
            try {
                execute(step);
            } catch (IOException e) {
                failed.add(String.join(" ", step.commandLine()) + " (" + e.getMessage() + ")");
            }
        }
        return failed.isEmpty() ? "the steps already done were undone, the host keeps its previous role"
            : "undoing the steps already done failed too: " + String.join("; ", failed)
                + "; check the host by hand";
    }

    private Map<String, String> readSysctls(List<HostStep> steps) throws HostConfigurationException {
        Map<String, String> values = new HashMap<>();
        for (HostStep s : steps) {
            if (s instanceof HostStep.SetSysctl set) {
                try {
                    values.put(set.key(), readSysctl(set.key()));
                } catch (IOException e) {
                    throw new HostConfigurationException("cannot read /proc/sys/" + set.key() + ": "
                        + e.getMessage(), e);
                }
            }
        }
        return values;
    }

    private boolean satisfied(HostStep step) throws IOException {
        if (step instanceof HostStep.AddAddress a) {
            return hasAddress(a.prefix(), a.device());
        } else if (step instanceof HostStep.RemoveAddress r) {
            return !hasAddress(r.prefix(), r.device());
        }
        HostStep.SetSysctl s = (HostStep.SetSysctl) step;
        return readSysctl(s.key()).equals(s.value());
    }

    private HostStep inverse(HostStep step) throws IOException {
        if (step instanceof HostStep.AddAddress a) {
            return new HostStep.RemoveAddress(a.prefix(), a.device());
        } else if (step instanceof HostStep.RemoveAddress r) {
            return new HostStep.AddAddress(r.prefix(), r.device());
        }
        HostStep.SetSysctl s = (HostStep.SetSysctl) step;
        return new HostStep.SetSysctl(s.key(), readSysctl(s.key()));
    }

    private void execute(HostStep step) throws IOException {
        if (step instanceof HostStep.AddAddress a) {
            addAddress(a.prefix(), a.device());
        } else if (step instanceof HostStep.RemoveAddress r) {
            removeAddress(r.prefix(), r.device());
        } else {
            HostStep.SetSysctl s = (HostStep.SetSysctl) step;
            writeSysctl(s.key(), s.value());
        }
    }

    abstract boolean hasAddress(String prefix, String device) throws IOException;

    abstract void addAddress(String prefix, String device) throws IOException;

    abstract void removeAddress(String prefix, String device) throws IOException;

    abstract String readSysctl(String key) throws IOException;

    abstract void writeSysctl(String key, String value) throws IOException;
}
