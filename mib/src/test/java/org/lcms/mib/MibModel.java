package org.lcms.mib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link EventConfCheck} needs to know of LCMS-MIB: the notifications with their OIDs (from smidump's OID
 * list, the same list the node agent's constants are checked against) and their OBJECTS in order, and the
 * enumerations of the objects' syntaxes (both from the module text, which smidump's list does not carry).
 *
 * <p>The text parser knows just enough SMIv2 for this module: strings and comments are removed first, then
 * TEXTUAL-CONVENTION, OBJECT-TYPE and NOTIFICATION-TYPE macros are found by their keywords.
 */
record MibModel(String moduleOid, Map<String, Notification> notifications, Map<String, String> objectSyntax,
        Map<String, Map<Integer, String>> enumerations) {

    /** A NOTIFICATION-TYPE: its OID (no leading dot) and its OBJECTS in MIB order (varbind #1 is the first). */
    record Notification(String name, String oid, List<String> objects) {
        int specific() {
            return Integer.parseInt(oid.substring(oid.lastIndexOf('.') + 1));
        }
    }

    private static final Pattern STRING = Pattern.compile("\"[^\"]*\"");
    private static final Pattern COMMENT = Pattern.compile("--[^\n]*");
    private static final Pattern TEXTUAL_CONVENTION = Pattern.compile(
        "(\\w[\\w-]*)\\s*::=\\s*TEXTUAL-CONVENTION\\b.*?\\bSYNTAX\\s+(\\w+)(\\s*\\{[^}]*\\})?", Pattern.DOTALL);
    private static final Pattern OBJECT_TYPE = Pattern.compile(
        "(\\w[\\w-]*)\\s+OBJECT-TYPE\\s+SYNTAX\\s+(\\w+)(\\s*\\{[^}]*\\})?");
    private static final Pattern NOTIFICATION_TYPE = Pattern.compile(
        "(\\w[\\w-]*)\\s+NOTIFICATION-TYPE\\s+(?:OBJECTS\\s*\\{([^}]*)\\})?");
    private static final Pattern NAMED_NUMBER = Pattern.compile("(\\w[\\w-]*)\\s*\\(\\s*(-?\\d+)\\s*\\)");

    /**
     * @param oidsText smidump's identifier list (org/lcms/mib/LCMS-MIB.oids)
     * @param mibText the filtered module (org/lcms/mib/LCMS-MIB.txt)
     * @throws IllegalArgumentException if the two do not describe the same notifications
     */
    static MibModel read(String oidsText, String mibText) {
        String moduleOid = null;
        Map<String, String> notificationOids = new LinkedHashMap<>();
        for (String line : oidsText.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && f[0].equals("LCMS-MIB")) {
                if (f[1].equals("lcmsMIB")) {
                    moduleOid = f[3];
                } else if (f[2].equals("notification")) {
                    notificationOids.put(f[1], f[3]);
                }
            }
        }
        if (moduleOid == null) {
            throw new IllegalArgumentException("LCMS-MIB.oids names no lcmsMIB");
        }

        String text = COMMENT.matcher(STRING.matcher(mibText).replaceAll("\"\"")).replaceAll("");
        Map<String, Map<Integer, String>> enumerations = new LinkedHashMap<>();
        Map<String, String> objectSyntax = new LinkedHashMap<>();
        Matcher m = TEXTUAL_CONVENTION.matcher(text);
        while (m.find()) {
            if (m.group(3) != null) {
                enumerations.put(m.group(1), namedNumbers(m.group(3)));
            }
        }
        m = OBJECT_TYPE.matcher(text);
        while (m.find()) {
            objectSyntax.put(m.group(1), m.group(2));
            if (m.group(3) != null) { // INTEGER { a(1), ... } written in the object itself
                enumerations.put(m.group(1), namedNumbers(m.group(3)));
            }
        }
        Map<String, List<String>> notificationObjects = new LinkedHashMap<>();
        m = NOTIFICATION_TYPE.matcher(text);
        while (m.find()) {
            List<String> objects = new ArrayList<>();
            if (m.group(2) != null) {
                Arrays.stream(m.group(2).split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(objects::add);
            }
            notificationObjects.put(m.group(1), List.copyOf(objects));
        }
        if (!notificationObjects.keySet().equals(notificationOids.keySet())) {
            throw new IllegalArgumentException("LCMS-MIB.txt declares the notifications " + notificationObjects.keySet()
                + " but LCMS-MIB.oids lists " + notificationOids.keySet() + "; rebuild the mib module");
        }
        Map<String, Notification> notifications = new LinkedHashMap<>();
        notificationOids.forEach((name, oid) -> notifications.put(name,
            new Notification(name, oid, notificationObjects.get(name))));
        return new MibModel(moduleOid, notifications, objectSyntax, enumerations);
    }

    /** The named numbers of an object's syntax (its own INTEGER enumeration or its textual convention's). */
    Optional<Map<Integer, String>> enumerationOf(String object) {
        Map<Integer, String> own = enumerations.get(object);
        if (own != null) {
            return Optional.of(own);
        }
        String syntax = objectSyntax.get(object);
        return syntax == null ? Optional.empty() : Optional.ofNullable(enumerations.get(syntax));
    }

    private static Map<Integer, String> namedNumbers(String braces) {
        Map<Integer, String> values = new LinkedHashMap<>();
        Matcher m = NAMED_NUMBER.matcher(braces);
        while (m.find()) {
            values.put(Integer.parseInt(m.group(2)), m.group(1));
        }
        return values;
    }
}
