package org.lcms.snmp.core;

import java.util.Objects;

/**
 * How to reach the agents of the hosts that name this profile (the model's {@code snmpProfile}): the agent's
 * UDP port and the credentials. The credentials stay in the manager's configuration, never in the directory.
 *
 * @param user SNMPv3 user name (empty for v2c)
 * @param community SNMPv2c community (empty for v3)
 */
public record SnmpProfile(String name, Version version, int port, String user, Auth auth, String authPassword,
                          Priv priv, String privPassword, String community) {

    public enum Version { V3, V2C }

    /** SNMPv3 authentication protocols LCMS offers (those of the node agent). */
    public enum Auth { SHA256, SHA384, SHA512 }

    /** SNMPv3 privacy protocols LCMS offers. */
    public enum Priv { AES128, AES256 }

    public SnmpProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        user = Objects.requireNonNullElse(user, "");
        authPassword = Objects.requireNonNullElse(authPassword, "");
        privPassword = Objects.requireNonNullElse(privPassword, "");
        community = Objects.requireNonNullElse(community, "");
    }

    /** Without secrets, for logs and the shell. */
    @Override
    public String toString() {
        return version == Version.V3
            ? name + ": SNMPv3 user " + user + " authPriv " + auth + "/" + priv + ", port " + port
            : name + ": SNMPv2c community (hidden), port " + port;
    }
}
