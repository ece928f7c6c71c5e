package org.lcms.snmp.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the SNMP credential profiles from the manager's configuration ({@code profile.NAME.KEY = VALUE}), checking
 * every value: a bad one is refused with what was wrong and how to fix it, never half-taken.
 *
 * <pre>
 * profile.NAME.version      = 3 | 2c             (default 3)
 * profile.NAME.port         = 1..65535           (default 161)
 * profile.NAME.user         = SNMPv3 user name   (v3)
 * profile.NAME.authProtocol = sha256 | sha384 | sha512   (default sha256)
 * profile.NAME.authPassword = at least 8 characters      (v3)
 * profile.NAME.privProtocol = aes128 | aes256            (default aes128)
 * profile.NAME.privPassword = at least 8 characters      (v3)
 * profile.NAME.community    = at least 8 characters, not "public"/"private" (v2c)
 * </pre>
 * SNMPv3 is always authPriv.
 */
public final class SnmpProfiles {
    private static final Pattern KEY = Pattern.compile("profile\\.([A-Za-z0-9_-]{1,64})\\.([A-Za-z]+)");
    private static final List<String> KEYS = List.of("version", "port", "user", "authProtocol", "authPassword",
        "privProtocol", "privPassword", "community");

    private SnmpProfiles() {
    }

    /**
     * @param source where the properties come from, for messages (e.g. etc/org.lcms.snmp.cfg)
     * @throws IllegalArgumentException naming every bad key, value and the fix
     */
    public static Map<String, SnmpProfile> parse(Map<String, ?> properties, String source) {
        Map<String, Map<String, String>> groups = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            if (!e.getKey().startsWith("profile.")) {
                continue;
            }
            Matcher m = KEY.matcher(e.getKey());
            if (!m.matches()) {
                errors.add(e.getKey() + ": not a profile key; write profile.NAME.KEY with NAME of letters, digits, "
                    + "'-' or '_'");
                continue;
            }
            if (!KEYS.contains(m.group(2))) {
                errors.add(e.getKey() + ": unknown key '" + m.group(2) + "'; a profile has " + KEYS);
                continue;
            }
            groups.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(m.group(2),
                String.valueOf(e.getValue()).trim());
        }
        Map<String, SnmpProfile> profiles = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> g : groups.entrySet()) {
            try {
                profiles.put(g.getKey(), profile(g.getKey(), g.getValue()));
            } catch (IllegalArgumentException ex) {
                errors.add(ex.getMessage());
            }
        }
        // One SNMP session keeps one key pair per user name: two profiles naming the same user must agree.
        Map<String, SnmpProfile> byUser = new TreeMap<>();
        for (SnmpProfile p : profiles.values()) {
            if (p.version() != SnmpProfile.Version.V3) {
                continue;
            }
            SnmpProfile other = byUser.putIfAbsent(p.user(), p);
            if (other != null && !(other.auth() == p.auth() && other.priv() == p.priv()
                && other.authPassword().equals(p.authPassword()) && other.privPassword().equals(p.privPassword()))) {
                errors.add("profiles " + other.name() + " and " + p.name() + " both name SNMPv3 user '" + p.user()
                    + "' with different passwords or protocols; the manager holds one key pair per user name: "
                    + "give the agents of one of them another user name");
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + String.join("; ", errors));
        }
        return profiles;
    }

    private static SnmpProfile profile(String name, Map<String, String> p) {
        String at = "profile." + name + ".";
        String v = p.getOrDefault("version", "3").toLowerCase(Locale.ROOT);
        SnmpProfile.Version version = switch (v) {
            case "3", "v3" -> SnmpProfile.Version.V3;
            case "2c", "v2c" -> SnmpProfile.Version.V2C;
            default -> throw new IllegalArgumentException(at + "version = " + v + ": give 3 (SNMPv3, the default) "
                + "or 2c");
        };
        int port;
        try {
            port = Integer.parseInt(p.getOrDefault("port", "161"));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(at + "port = " + p.get("port") + ": give the agent's UDP port, "
                + "1..65535");
        }
        if (version == SnmpProfile.Version.V2C) {
            String community = p.getOrDefault("community", "");
            if (community.length() < 8 || community.equalsIgnoreCase("public")
                || community.equalsIgnoreCase("private")) {
                throw new IllegalArgumentException(at + "community: an SNMPv2c profile needs a community of at "
                    + "least 8 characters, not a well-known one ('public', 'private')");
            }
            for (String k : List.of("user", "authPassword", "privPassword")) {
                if (p.containsKey(k)) {
                    throw new IllegalArgumentException(at + k + ": an SNMPv2c profile has no " + k + "; remove it "
                        + "or set version = 3");
                }
            }
            return new SnmpProfile(name, version, port, "", null, "", null, "", community);
        }
        String user = p.getOrDefault("user", "");
        if (user.isEmpty() || user.length() > 32) {
            throw new IllegalArgumentException(at + "user: give the SNMPv3 user name (1..32 characters) the "
                + "agents know (their user.NAME with access = readwrite)");
        }
        SnmpProfile.Auth auth = switch (p.getOrDefault("authProtocol", "sha256").toLowerCase(Locale.ROOT)) {
            case "sha256", "sha-256" -> SnmpProfile.Auth.SHA256;
            case "sha384", "sha-384" -> SnmpProfile.Auth.SHA384;
            case "sha512", "sha-512" -> SnmpProfile.Auth.SHA512;
            default -> throw new IllegalArgumentException(at + "authProtocol = " + p.get("authProtocol")
                + ": give sha256, sha384 or sha512 (MD5 and SHA-1 are not offered)");
        };
        SnmpProfile.Priv priv = switch (p.getOrDefault("privProtocol", "aes128").toLowerCase(Locale.ROOT)) {
            case "aes128", "aes", "aes-128" -> SnmpProfile.Priv.AES128;
            case "aes256", "aes-256" -> SnmpProfile.Priv.AES256;
            default -> throw new IllegalArgumentException(at + "privProtocol = " + p.get("privProtocol")
                + ": give aes128 or aes256 (DES is not offered)");
        };
        for (String k : List.of("authPassword", "privPassword")) {
            if (p.getOrDefault(k, "").length() < 8) {
                throw new IllegalArgumentException(at + k + ": give at least 8 characters (RFC 3414 minimum)");
            }
        }
        if (p.containsKey("community")) {
            throw new IllegalArgumentException(at + "community: an SNMPv3 profile has no community; remove it or "
                + "set version = 2c");
        }
        return new SnmpProfile(name, version, port, user, auth, p.get("authPassword"), priv, p.get("privPassword"),
            "");
    }
}
