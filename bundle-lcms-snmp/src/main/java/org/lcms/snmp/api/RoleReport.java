package org.lcms.snmp.api;

import org.lcms.model.api.Role;
import org.lcms.model.api.RoleState;

/**
 * The role a node agent says it has (LCMS-MIB lcmsRole group) — the actual role, which the manager compares with
 * the one the model wants.
 *
 * @param vip the VIP as text, empty when the role has none
 * @param backupRank 1 for the first backup, 0 when not a backup
 * @param takeoverEpoch the fencing epoch of the last takeover the agent knows of
 * @param lastError why the last role change failed, empty if it did not
 */
public record RoleReport(Role role, RoleState state, String clusterId, String vip, int backupRank,
                         long takeoverEpoch, String lastError) {
    public static final RoleReport NONE = new RoleReport(Role.NONE, RoleState.UNKNOWN, "", "", 0, 0, "");
}
