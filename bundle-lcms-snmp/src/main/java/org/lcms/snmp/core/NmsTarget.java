package org.lcms.snmp.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where LCMS events go as notifications: an NMS's trap receiver ({@code nms.NAME.*} in the manager's
 * configuration), reached with the credentials of a profile.
 *
 * <pre>
 * nms.NAME.address = ADDRESS/PORT        the NMS's trap receiver (162 is the standard port)
 * nms.NAME.profile = PROFILE             credentials: an SNMPv3 user (authPriv) or an SNMPv2c community
 * nms.NAME.type    = trap | inform       (default inform: repeated until the NMS acknowledges it)
 * </pre>
 */
public record NmsTarget(String name, String address, SnmpProfile profile, boolean inform) {
    private static final Pattern KEY = Pattern.compile("nms\\.([A-Za-z0-9_-]{1,64})\\.([A-Za-z]+)");

    /** @throws IllegalArgumentException naming every bad key and the fix */
    public static List<NmsTarget> parse(Map<String, ?> properties, Map<String, SnmpProfile> profiles, String source) {
        Map<String, Map<String, String>> groups = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            if (!e.getKey().startsWith("nms.")) {
                continue;
            }
            Matcher m = KEY.matcher(e.getKey());
            if (!m.matches() || !List.of("address", "profile", "type").contains(m.group(2))) {
                errors.add(e.getKey() + ": not an NMS target key; write nms.NAME.address, nms.NAME.profile or "
                    + "nms.NAME.type");
                continue;
            }
            groups.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(m.group(2), String.valueOf(e.getValue())
                .trim());
        }
        List<NmsTarget> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> g : groups.entrySet()) {
            String at = "nms." + g.getKey() + ".";
            Map<String, String> p = g.getValue();
            String address = p.getOrDefault("address", "");
            if (!address.matches("[0-9A-Fa-f.:]+/[0-9]{1,5}")) {
                errors.add(at + "address = " + address + ": give the NMS's trap receiver as ADDRESS/PORT, e.g. "
                    + "192.0.2.1/162");
                continue;
            }
            SnmpProfile profile = profiles.get(p.getOrDefault("profile", ""));
            if (profile == null) {
                errors.add(at + "profile = " + p.get("profile") + ": name a credential profile of this file "
                    + "(profile.NAME.*); it has " + profiles.keySet());
                continue;
            }
            String type = p.getOrDefault("type", "inform").toLowerCase(Locale.ROOT);
            if (!type.equals("trap") && !type.equals("inform")) {
                errors.add(at + "type = " + type + ": give trap or inform");
                continue;
            }
            out.add(new NmsTarget(g.getKey(), address, profile, type.equals("inform")));
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + String.join("; ", errors));
        }
        return out;
    }
}
