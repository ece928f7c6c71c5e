package org.lcms.agent.role;

import java.util.List;

/**
 * Puts the host into the configuration of a role. Implementations: {@link LinuxHostConfigurator} (the real
 * host, needs root) and {@link DryRunHostConfigurator} (records what it would do; the default without root
 * and in the demo). Calls are serialized by the caller.
 */
public interface HostConfigurator {
    /** The role the host is configured for now. */
    RoleTarget current();

    /**
     * Brings the host from {@link #current()} to {@code target}; applying the current target again changes
     * nothing. If a step fails, the steps already done are undone (best effort) and the host keeps its
     * previous role.
     *
     * @return the steps carried out (already-satisfied steps excluded)
     * @throws HostConfigurationException naming the failed step and the system's answer
     */
    List<HostStep> apply(RoleTarget target) throws HostConfigurationException;
}
