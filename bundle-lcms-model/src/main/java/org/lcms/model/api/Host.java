package org.lcms.model.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A managed host of the inventory. Its current role is not stored here but follows from the clusters that
 * use it ({@link Inventory#roleOf(String)}): the cluster definitions are the one truth about assignments.
 * {@code roleState} is what the host's agent last reported about that role.
 *
 * @param memoryMiB memory size in MiB (0 = not known)
 * @param weight default dispatch weight 0..65535 given to the host when it joins a cluster as real server
 * @param snmpProfile name of the SNMP credentials profile used to reach its agent (not the credentials)
 */
public record Host(String name, IpAddress address, String cpuType, long memoryMiB, String nicType, int weight,
                   Set<Role> rolePotential, String snmpProfile, RoleState roleState, String description,
                   Revision revision) {

    public static final int DEFAULT_WEIGHT = 1;
    public static final String DEFAULT_SNMP_PROFILE = "default";

    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        cpuType = Objects.requireNonNullElse(cpuType, "");
        nicType = Objects.requireNonNullElse(nicType, "");
        snmpProfile = Objects.requireNonNullElse(snmpProfile, "");
        description = Objects.requireNonNullElse(description, "");
        roleState = Objects.requireNonNullElse(roleState, RoleState.UNKNOWN);
        revision = Objects.requireNonNullElse(revision, Revision.NEW);
        EnumSet<Role> potential = EnumSet.noneOf(Role.class);
        potential.addAll(Objects.requireNonNullElse(rolePotential, Set.of()));
        rolePotential = Collections.unmodifiableSet(potential);
    }

    /** A new host with defaults: weight 1, may take every role, SNMP profile "default". */
    public static Host of(String name, IpAddress address) {
        return new Host(name, address, "", 0, "", DEFAULT_WEIGHT,
            EnumSet.of(Role.LOAD_BALANCER, Role.BACKUP_SERVER, Role.REAL_SERVER), DEFAULT_SNMP_PROFILE,
            RoleState.UNKNOWN, "", Revision.NEW);
    }

    public Host withAddress(IpAddress value) {
        return new Host(name, value, cpuType, memoryMiB, nicType, weight, rolePotential, snmpProfile, roleState,
            description, revision);
    }

    public Host withHardware(String cpu, long memory, String nic) {
        return new Host(name, address, cpu, memory, nic, weight, rolePotential, snmpProfile, roleState,
            description, revision);
    }

    public Host withWeight(int value) {
        return new Host(name, address, cpuType, memoryMiB, nicType, value, rolePotential, snmpProfile, roleState,
            description, revision);
    }

    public Host withRolePotential(Set<Role> value) {
        return new Host(name, address, cpuType, memoryMiB, nicType, weight, value, snmpProfile, roleState,
            description, revision);
    }

    public Host withSnmpProfile(String value) {
        return new Host(name, address, cpuType, memoryMiB, nicType, weight, rolePotential, value, roleState,
            description, revision);
    }

    public Host withRoleState(RoleState value) {
        return new Host(name, address, cpuType, memoryMiB, nicType, weight, rolePotential, snmpProfile, value,
            description, revision);
    }

    public Host withDescription(String value) {
        return new Host(name, address, cpuType, memoryMiB, nicType, weight, rolePotential, snmpProfile, roleState,
            value, revision);
    }

    public Host withRevision(Revision value) {
        return new Host(name, address, cpuType, memoryMiB, nicType, weight, rolePotential, snmpProfile, roleState,
            description, value);
    }
}
