package org.lcms.mib;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Checks OpenNMS event definitions (eventconf XML) against LCMS-MIB and returns every problem found, each naming
 * the definition (UEI) or notification at fault; an empty list means the file is consistent.
 *
 * <p>Matching is modelled on OpenNMS eventd: a trap lcmsMIB.0.N has enterprise id lcmsMIB, generic 6, specific N;
 * definitions are tried by descending {@code <priority>} (0 if absent), then in file order, and the first whose
 * mask matches wins. A {@code <varbind>} mask matches if the value of %parm[#vbnumber]% equals one of its
 * {@code <vbvalue>}s (a value ending in '%' matches by prefix, one starting with '~' as a regular expression).
 */
final class EventConfCheck {

    static final String NAMESPACE = "http://xmlns.opennms.org/xsd/eventconf";
    static final String UEI_PREFIX = "uei.opennms.org/vendor/lcms/traps/";
    static final Set<String> SEVERITIES =
        Set.of("Critical", "Major", "Minor", "Warning", "Normal", "Cleared", "Indeterminate");
    private static final Set<String> PROBLEM_SEVERITIES = Set.of("Critical", "Major", "Minor", "Warning");
    private static final Set<String> CLEAR_SEVERITIES = Set.of("Normal", "Cleared");

    /** A notification whose state varbind decides problem, clear or neither (LCMS-MIB's alarm pairs). */
    record StateAlarm(String stateObject, Set<String> problemValues, Set<String> clearValues) {
    }

    /**
     * The alarm role LCMS-MIB's DESCRIPTIONs give each notification. A notification added to the MIB must be
     * added to exactly one of these three, or the check reports it.
     */
    static final Map<String, StateAlarm> STATE_ALARMS = Map.of(
        "lcmsRoleChange", new StateAlarm("lcmsRoleState", Set.of("failed"), Set.of("standby", "active")),
        "lcmsRealServerStateChange", new StateAlarm("lcmsRsStatus", Set.of("down"), Set.of("up")),
        "lcmsServiceStateChange", new StateAlarm("lcmsServiceStatus", Set.of("down"), Set.of("up")));
    /** problem notification -> the notification that clears it */
    static final Map<String, String> ALARM_PAIRS = Map.of(
        "lcmsBackupTakeover", "lcmsBackupHandBack",
        "lcmsLoadBalancerLost", "lcmsLoadBalancerRecovered",
        "lcmsAgentUnreachable", "lcmsAgentReachable",
        "lcmsRoleAssignmentFailed", "lcmsRoleAssignmentDone",
        "lcmsSorryServerOn", "lcmsSorryServerOff");
    static final Set<String> INFORMATIONAL = Set.of("lcmsAgentStart", "lcmsRealServerWeightChange");

    record VarbindMask(int vbnumber, List<String> values) {
    }

    record AlarmData(int type, String reductionKey, String clearKey) {
    }

    /** One {@code <event>}; {@code notification} is null if its mask names none of the MIB's. */
    record Definition(int index, String uei, int priority, String severity, String logDest,
            MibModel.Notification notification, List<VarbindMask> varbinds, AlarmData alarm,
            Map<Integer, Map<String, String>> decodes, String allText) {

        boolean matches(Map<Integer, String> parms) {
            for (VarbindMask vb : varbinds) {
                String value = parms.get(vb.vbnumber());
                if (value == null || vb.values().stream().noneMatch(mask -> valueMatches(mask, value))) {
                    return false;
                }
            }
            return true;
        }

        /** The alarm key this problem's alarms get, with %uei% written out (what a clear-key must equal). */
        String problemKey() {
            return alarm.reductionKey().replace("%uei%", uei);
        }
    }

    private static final Pattern PARM_NUMBER = Pattern.compile("parm\\[(?:name-)?#(\\d+)\\]");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*\\}");

    private final MibModel mib;
    private final Set<String> findings = new LinkedHashSet<>();

    private EventConfCheck(MibModel mib) {
        this.mib = mib;
    }

    /** All problems of {@code eventConfXml} measured against {@code mib}, each once; empty if there are none. */
    static List<String> check(MibModel mib, String eventConfXml) {
        EventConfCheck check = new EventConfCheck(mib);
        check.run(eventConfXml);
        return List.copyOf(check.findings);
    }

    private void run(String xml) {
        String[] lines = xml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = PLACEHOLDER.matcher(lines[i]);
            while (m.find()) {
                fail("line " + (i + 1) + ": unfiltered placeholder " + m.group()
                    + " (the build's resource filtering did not run on this file)");
            }
        }
        Document doc;
        try {
            doc = parse(xml);
        } catch (SAXParseException e) {
            fail("not well-formed XML, line " + e.getLineNumber() + ": " + e.getMessage());
            return;
        } catch (Exception e) {
            fail("cannot parse the XML: " + e);
            return;
        }
        Element root = doc.getDocumentElement();
        if (!NAMESPACE.equals(root.getNamespaceURI()) || !"events".equals(root.getLocalName())) {
            fail("root element is {" + root.getNamespaceURI() + "}" + root.getLocalName() + ", want {" + NAMESPACE
                + "}events");
            return;
        }
        List<Definition> definitions = new ArrayList<>();
        int index = 0;
        for (Element event : children(root, "event")) {
            definition(event, index++).ifPresent(definitions::add);
        }
        checkUeis(definitions);
        Map<String, List<Definition>> byNotification = new LinkedHashMap<>();
        mib.notifications().keySet().forEach(n -> byNotification.put(n, new ArrayList<>()));
        for (Definition d : definitions) {
            if (d.notification() != null) {
                byNotification.get(d.notification().name()).add(d);
            }
        }
        for (Map.Entry<String, List<Definition>> e : byNotification.entrySet()) {
            MibModel.Notification n = mib.notifications().get(e.getKey());
            List<Definition> ordered = new ArrayList<>(e.getValue());
            ordered.sort(Comparator.comparingInt(Definition::priority).reversed()
                .thenComparingInt(Definition::index));
            if (ordered.isEmpty()) {
                fail("notification " + n.name() + " (" + n.oid() + ") has no event definition");
                continue;
            }
            checkMatching(n, ordered);
        }
        checkAlarmPairs(definitions);
        checkAlarmRoles(byNotification);
    }

    // --- reading one <event> ------------------------------------------------------------------------------

    private Optional<Definition> definition(Element event, int index) {
        String uei = text(event, "uei");
        String who = uei.isEmpty() ? "event definition #" + (index + 1) : uei;
        if (uei.isEmpty()) {
            fail(who + ": has no <uei>");
        }
        for (String required : List.of("event-label", "descr", "logmsg", "severity")) {
            if (children(event, required).isEmpty()) {
                fail(who + ": has no <" + required + ">");
            }
        }
        String severity = text(event, "severity");
        if (!SEVERITIES.contains(severity)) {
            fail(who + ": severity '" + severity + "' is none of OpenNMS's " + new TreeSet<>(SEVERITIES));
        }
        String logDest = children(event, "logmsg").stream().findFirst().map(l -> l.getAttribute("dest"))
            .filter(d -> !d.isEmpty()).orElse("logndisplay");
        int priority = 0;
        if (!text(event, "priority").isEmpty()) {
            priority = Integer.parseInt(text(event, "priority"));
        }

        List<Element> masks = children(event, "mask");
        if (masks.size() != 1) {
            fail(who + ": has " + masks.size() + " <mask> elements; every LCMS definition matches a trap by one mask");
            return Optional.empty();
        }
        Map<String, String> elements = new HashMap<>();
        for (Element me : children(masks.get(0), "maskelement")) {
            String name = text(me, "mename");
            List<Element> values = children(me, "mevalue");
            if (!Set.of("id", "generic", "specific").contains(name)) {
                fail(who + ": mask element '" + name + "' is not one the check can evaluate (id, generic, specific)");
            } else if (values.size() != 1 || values.get(0).getTextContent().trim().matches("~.*|.*%")) {
                fail(who + ": mask element '" + name + "' must have exactly one plain <mevalue>");
            } else if (elements.put(name, values.get(0).getTextContent().trim()) != null) {
                fail(who + ": mask element '" + name + "' appears twice");
            }
        }
        MibModel.Notification notification = null;
        String id = elements.get("id");
        String specific = elements.get("specific");
        if (!"6".equals(elements.get("generic"))) {
            fail(who + ": mask generic is '" + elements.get("generic") + "', want 6 (enterprise-specific)");
        }
        if (!("." + mib.moduleOid()).equals(id)) {
            fail(who + ": mask id is '" + id + "', want ." + mib.moduleOid() + " (lcmsMIB)");
        } else {
            String oid = mib.moduleOid() + ".0." + specific;
            notification = mib.notifications().values().stream().filter(n -> n.oid().equals(oid)).findFirst()
                .orElse(null);
            if (notification == null) {
                fail(who + ": mask id " + id + " specific " + specific + " (" + oid
                    + ") names no notification of LCMS-MIB");
            }
        }

        List<VarbindMask> varbinds = new ArrayList<>();
        for (Element vb : children(masks.get(0), "varbind")) {
            List<String> values = children(vb, "vbvalue").stream().map(v -> v.getTextContent().trim()).toList();
            try {
                varbinds.add(new VarbindMask(Integer.parseInt(text(vb, "vbnumber")), values));
            } catch (NumberFormatException e) {
                fail(who + ": varbind mask with vbnumber '" + text(vb, "vbnumber") + "'");
            }
            if (values.isEmpty()) {
                fail(who + ": varbind mask #" + text(vb, "vbnumber") + " has no <vbvalue>");
            }
        }

        AlarmData alarm = null;
        List<Element> alarms = children(event, "alarm-data");
        if (alarms.size() > 1) {
            fail(who + ": has " + alarms.size() + " <alarm-data> elements");
        } else if (alarms.size() == 1) {
            Element a = alarms.get(0);
            try {
                alarm = new AlarmData(Integer.parseInt(a.getAttribute("alarm-type")), a.getAttribute("reduction-key"),
                    a.hasAttribute("clear-key") ? a.getAttribute("clear-key") : null);
            } catch (NumberFormatException e) {
                fail(who + ": alarm-type '" + a.getAttribute("alarm-type") + "' is not a number");
            }
        }

        Map<Integer, Map<String, String>> decodes = new LinkedHashMap<>();
        for (Element vd : children(event, "varbindsdecode")) {
            Matcher m = PARM_NUMBER.matcher(text(vd, "parmid"));
            if (!m.matches()) {
                fail(who + ": varbindsdecode parmid '" + text(vd, "parmid") + "' is not parm[#N]");
                continue;
            }
            Map<String, String> decode = decodes.computeIfAbsent(Integer.parseInt(m.group(1)),
                k -> new LinkedHashMap<>());
            for (Element d : children(vd, "decode")) {
                decode.put(d.getAttribute("varbindvalue"), d.getAttribute("varbinddecodedstring"));
            }
        }

        Definition d = new Definition(index, uei.isEmpty() ? who : uei, priority, severity, logDest, notification,
            List.copyOf(varbinds), alarm, decodes, allText(event));
        if (notification != null) {
            checkVarbindNumbers(d);
            checkDecodes(d);
        }
        checkAlarmData(d);
        return Optional.of(d);
    }

    /** Every varbind number used (mask, %parm[#N]%, decode) is one the notification sends: #1..#k, #k+1. */
    private void checkVarbindNumbers(Definition d) {
        int objects = d.notification().objects().size();
        int max = objects + 1; // + snmpTrapAddress.0, appended by the manager
        Set<Integer> used = new TreeSet<>();
        d.varbinds().forEach(vb -> used.add(vb.vbnumber()));
        Matcher m = PARM_NUMBER.matcher(d.allText());
        while (m.find()) {
            used.add(Integer.parseInt(m.group(1)));
        }
        used.addAll(d.decodes().keySet());
        for (int n : used) {
            if (n < 1 || n > max) {
                fail(d.uei() + ": uses varbind #" + n + " but " + d.notification().name() + " has " + objects
                    + " OBJECTS (+1 for snmpTrapAddress.0: #1..#" + max + ")");
            }
        }
    }

    /** A decode table must use the MIB's named numbers of the object at that varbind. */
    private void checkDecodes(Definition d) {
        List<String> objects = d.notification().objects();
        d.decodes().forEach((n, decode) -> {
            if (n < 1 || n > objects.size()) {
                return; // reported by checkVarbindNumbers
            }
            String object = objects.get(n - 1);
            Optional<Map<Integer, String>> named = mib.enumerationOf(object);
            if (named.isEmpty()) {
                fail(d.uei() + ": decodes varbind #" + n + " (" + object + ") which has no enumerated syntax");
                return;
            }
            decode.forEach((value, label) -> {
                String want = parseInt(value).map(named.get()::get).orElse(null);
                if (!label.equals(want)) {
                    fail(d.uei() + ": decodes varbind #" + n + " (" + object + ") value '" + value + "' as '" + label
                        + "', LCMS-MIB says " + (want == null ? "no such value" : "'" + want + "'"));
                }
            });
        });
    }

    private void checkAlarmData(Definition d) {
        AlarmData a = d.alarm();
        if (a == null) {
            return;
        }
        if (a.reductionKey().isEmpty()) {
            fail(d.uei() + ": alarm-data without reduction-key");
        }
        if (Set.of("donotpersist", "discardtraps").contains(d.logDest())) {
            fail(d.uei() + ": logmsg dest '" + d.logDest() + "' keeps alarmd from ever seeing the alarm");
        }
        switch (a.type()) {
            case 1 -> {
                if (a.clearKey() != null) {
                    fail(d.uei() + ": alarm-type 1 (problem) with a clear-key");
                }
                if (!PROBLEM_SEVERITIES.contains(d.severity())) {
                    fail(d.uei() + ": alarm-type 1 (problem) with severity " + d.severity() + ", want one of "
                        + new TreeSet<>(PROBLEM_SEVERITIES));
                }
            }
            case 2 -> {
                if (a.clearKey() == null || a.clearKey().isEmpty()) {
                    fail(d.uei() + ": alarm-type 2 (resolution) without clear-key");
                } else if (a.clearKey().contains("%uei%")) {
                    fail(d.uei() + ": clear-key contains %uei%, which is this resolution's UEI, not the problem's");
                }
                if (!CLEAR_SEVERITIES.contains(d.severity())) {
                    fail(d.uei() + ": alarm-type 2 (resolution) with severity " + d.severity() + ", want one of "
                        + new TreeSet<>(CLEAR_SEVERITIES));
                }
            }
            case 3 -> {
                if (a.clearKey() != null) {
                    fail(d.uei() + ": alarm-type 3 (no clear) with a clear-key");
                }
            }
            default -> fail(d.uei() + ": alarm-type " + a.type() + " is none of 1 (problem), 2 (resolution), 3");
        }
    }

    private void checkUeis(List<Definition> definitions) {
        Set<String> seen = new HashSet<>();
        for (Definition d : definitions) {
            if (!seen.add(d.uei())) {
                fail(d.uei() + ": UEI used by more than one definition");
            }
            if (d.notification() != null) {
                String base = UEI_PREFIX + d.notification().name();
                if (!d.uei().equals(base) && !d.uei().startsWith(base + "/")) {
                    fail(d.uei() + ": UEI of a " + d.notification().name() + " definition must be " + base
                        + " or " + base + "/<qualifier>");
                }
            }
        }
    }

    // --- first match ----------------------------------------------------------------------------------------

    /**
     * Every combination of values of the varbinds the definitions mask (and of the state varbind, for a
     * notification with one) must select a definition, and every definition must be selected by some
     * combination. Values are the MIB's named numbers of the object at that varbind.
     */
    private void checkMatching(MibModel.Notification n, List<Definition> ordered) {
        Map<Integer, Map<Integer, String>> domains = domains(n, ordered);
        if (domains == null) {
            return;
        }
        Set<Definition> reached = new HashSet<>();
        for (Map<Integer, String> parms : combinations(domains)) {
            Optional<Definition> first = firstMatch(ordered, parms);
            if (first.isEmpty()) {
                fail(n.name() + ": " + describe(n, domains, parms) + " matches no event definition");
            } else {
                reached.add(first.get());
            }
        }
        for (Definition d : ordered) {
            if (!reached.contains(d)) {
                fail(d.uei() + ": unreachable: every value of " + n.name() + " matches an earlier definition");
            }
        }
    }

    /** varbind number -> (value -> label) for every varbind to enumerate; null if one cannot be enumerated. */
    private Map<Integer, Map<Integer, String>> domains(MibModel.Notification n, List<Definition> ordered) {
        Set<Integer> numbers = new TreeSet<>();
        ordered.forEach(d -> d.varbinds().forEach(vb -> numbers.add(vb.vbnumber())));
        StateAlarm state = STATE_ALARMS.get(n.name());
        if (state != null) {
            int at = n.objects().indexOf(state.stateObject());
            if (at < 0) {
                fail(n.name() + ": LCMS-MIB no longer lists " + state.stateObject() + " in its OBJECTS");
                return null;
            }
            numbers.add(at + 1);
        }
        Map<Integer, Map<Integer, String>> domains = new LinkedHashMap<>();
        for (int vb : numbers) {
            if (vb < 1 || vb > n.objects().size()) {
                fail(n.name() + ": a definition masks varbind #" + vb + ", which is not one of its OBJECTS");
                return null;
            }
            String object = n.objects().get(vb - 1);
            Optional<Map<Integer, String>> named = mib.enumerationOf(object);
            if (named.isEmpty() || named.get().isEmpty()) {
                fail(n.name() + ": a definition masks varbind #" + vb + " (" + object
                    + "), which has no enumerated syntax; the check cannot try all its values");
                return null;
            }
            domains.put(vb, named.get());
        }
        return domains;
    }

    private static Optional<Definition> firstMatch(List<Definition> ordered, Map<Integer, String> parms) {
        return ordered.stream().filter(d -> d.matches(parms)).findFirst();
    }

    private static List<Map<Integer, String>> combinations(Map<Integer, Map<Integer, String>> domains) {
        List<Map<Integer, String>> result = new ArrayList<>();
        result.add(Map.of());
        for (Map.Entry<Integer, Map<Integer, String>> e : domains.entrySet()) {
            List<Map<Integer, String>> next = new ArrayList<>();
            for (Map<Integer, String> partial : result) {
                for (int value : e.getValue().keySet()) {
                    Map<Integer, String> m = new HashMap<>(partial);
                    m.put(e.getKey(), Integer.toString(value));
                    next.add(m);
                }
            }
            result = next;
        }
        return result;
    }

    private static String describe(MibModel.Notification n, Map<Integer, Map<Integer, String>> domains,
            Map<Integer, String> parms) {
        if (parms.isEmpty()) {
            return "a trap";
        }
        List<String> parts = new ArrayList<>();
        for (int vb : domains.keySet()) {
            int value = Integer.parseInt(parms.get(vb));
            parts.add(n.objects().get(vb - 1) + " (#" + vb + ") = " + domains.get(vb).get(value) + "(" + value + ")");
        }
        return String.join(", ", parts);
    }

    static boolean valueMatches(String mask, String value) {
        if (mask.startsWith("~")) {
            return Pattern.compile(mask.substring(1)).matcher(value).matches() || value.equals(mask);
        }
        if (mask.endsWith("%")) {
            return value.startsWith(mask.substring(0, mask.length() - 1)) || value.equals(mask);
        }
        return value.equals(mask);
    }

    // --- alarms ---------------------------------------------------------------------------------------------

    /** Every problem is cleared by some resolution, every resolution clears some problem, with the same varbinds. */
    private void checkAlarmPairs(List<Definition> definitions) {
        List<Definition> problems = definitions.stream().filter(d -> type(d) == 1).toList();
        List<Definition> clears = definitions.stream().filter(d -> type(d) == 2 && d.alarm().clearKey() != null)
            .toList();
        for (Definition p : problems) {
            if (clears.stream().noneMatch(c -> c.alarm().clearKey().equals(p.problemKey()))) {
                fail(p.uei() + ": alarm-type 1 but no definition clears it: no alarm-type 2 definition has clear-key=\""
                    + p.problemKey() + "\"");
            }
        }
        for (Definition c : clears) {
            List<Definition> cleared = problems.stream().filter(p -> c.alarm().clearKey().equals(p.problemKey()))
                .toList();
            if (cleared.isEmpty()) {
                fail(c.uei() + ": clear-key \"" + c.alarm().clearKey() + "\" is the key of no alarm-type 1 definition");
            }
            for (Definition p : cleared) {
                checkSameVarbinds(p, c);
            }
        }
    }

    /** %parm[#N]% in the clear-key must be the same object in the resolution as in the problem. */
    private void checkSameVarbinds(Definition problem, Definition clear) {
        if (problem.notification() == null || clear.notification() == null) {
            return;
        }
        Matcher m = PARM_NUMBER.matcher(clear.alarm().clearKey());
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            String inProblem = objectAt(problem.notification(), n);
            String inClear = objectAt(clear.notification(), n);
            if (!inProblem.equals(inClear)) {
                fail(clear.uei() + ": clear-key uses varbind #" + n + ", which is " + inClear + " here but "
                    + inProblem + " in " + problem.uei() + "; the keys would never be equal");
            }
        }
    }

    private static String objectAt(MibModel.Notification n, int vb) {
        if (vb >= 1 && vb <= n.objects().size()) {
            return n.objects().get(vb - 1);
        }
        return vb == n.objects().size() + 1 ? "snmpTrapAddress.0" : "nothing (#" + vb + ")";
    }

    /** The MIB's alarm pairs: which values and notifications raise, clear, or neither. */
    private void checkAlarmRoles(Map<String, List<Definition>> byNotification) {
        for (String name : byNotification.keySet()) {
            int roles = (STATE_ALARMS.containsKey(name) ? 1 : 0) + (ALARM_PAIRS.containsKey(name) ? 1 : 0)
                + (ALARM_PAIRS.containsValue(name) ? 1 : 0) + (INFORMATIONAL.contains(name) ? 1 : 0);
            if (roles != 1) {
                fail("notification " + name + " has " + roles + " alarm roles in EventConfCheck (want exactly one of"
                    + " STATE_ALARMS, ALARM_PAIRS problem or clear, INFORMATIONAL); classify it as its DESCRIPTION says");
            }
        }
        for (String name : INFORMATIONAL) {
            for (Definition d : byNotification.getOrDefault(name, List.of())) {
                if (type(d) == 1 || type(d) == 2) {
                    fail(d.uei() + ": " + name + " is informational but the definition has alarm-type " + type(d));
                }
            }
        }
        ALARM_PAIRS.forEach((problem, clear) -> {
            List<Definition> problems = byNotification.getOrDefault(problem, List.of());
            for (Definition p : problems) {
                if (type(p) != 1) {
                    fail(p.uei() + ": " + problem + " is a problem (cleared by " + clear + ") but the definition has "
                        + (p.alarm() == null ? "no alarm-data" : "alarm-type " + type(p)));
                }
            }
            for (Definition c : byNotification.getOrDefault(clear, List.of())) {
                if (type(c) != 2 || problems.stream().noneMatch(p -> p.alarm() != null
                        && p.problemKey().equals(c.alarm().clearKey()))) {
                    fail(c.uei() + ": " + clear + " must be an alarm-type 2 definition clearing " + problem);
                }
            }
        });
        STATE_ALARMS.forEach((name, state) -> {
            MibModel.Notification n = mib.notifications().get(name);
            List<Definition> defs = new ArrayList<>(byNotification.getOrDefault(name, List.of()));
            if (n == null || defs.isEmpty()) {
                return; // reported above
            }
            defs.sort(Comparator.comparingInt(Definition::priority).reversed().thenComparingInt(Definition::index));
            int vb = n.objects().indexOf(state.stateObject()) + 1;
            Map<Integer, String> named = mib.enumerationOf(state.stateObject()).orElse(Map.of());
            for (String label : union(state.problemValues(), state.clearValues())) {
                if (!named.containsValue(label)) {
                    fail(name + ": " + state.stateObject() + " has no value '" + label + "' in LCMS-MIB " + named);
                }
            }
            Map<Integer, Map<Integer, String>> domains = domains(n, defs);
            if (domains == null || vb < 1) {
                return;
            }
            List<Definition> problemDefs = new ArrayList<>();
            for (Map<Integer, String> parms : combinations(domains)) {
                String label = named.get(Integer.parseInt(parms.get(vb)));
                Optional<Definition> d = firstMatch(defs, parms);
                if (d.isPresent() && state.problemValues().contains(label)) {
                    problemDefs.add(d.get());
                }
            }
            for (Map<Integer, String> parms : combinations(domains)) {
                String label = named.get(Integer.parseInt(parms.get(vb)));
                Optional<Definition> first = firstMatch(defs, parms);
                if (first.isEmpty()) {
                    continue; // reported by checkMatching
                }
                Definition d = first.get();
                String what = describe(n, domains, parms) + " selects " + d.uei();
                if (state.problemValues().contains(label)) {
                    if (type(d) != 1) {
                        fail(name + ": " + what + ", which should raise an alarm (alarm-type 1) but has "
                            + (d.alarm() == null ? "no alarm-data" : "alarm-type " + type(d)));
                    }
                } else if (state.clearValues().contains(label)) {
                    if (type(d) != 2 || problemDefs.stream().noneMatch(p -> p.alarm() != null
                            && p.problemKey().equals(d.alarm().clearKey()))) {
                        fail(name + ": " + what + ", which should clear the " + label(state.problemValues())
                            + " alarm (alarm-type 2 with its clear-key)");
                    }
                } else if (type(d) == 1 || type(d) == 2) {
                    fail(name + ": " + what + ", which should neither raise nor clear but has alarm-type " + type(d));
                }
            }
        });
    }

    private static int type(Definition d) {
        return d.alarm() == null ? 0 : d.alarm().type();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private static String label(Set<String> values) {
        return String.join("/", new TreeSet<>(values));
    }

    // --- DOM helpers ----------------------------------------------------------------------------------------

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(new DefaultHandler() { // errors become exceptions, not "[Fatal Error]" on stderr
            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        return b.parse(new InputSource(new StringReader(xml)));
    }

    static List<Element> children(Element parent, String localName) {
        List<Element> result = new ArrayList<>();
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && NAMESPACE.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                result.add(e);
            }
        }
        return result;
    }

    private static String text(Element parent, String localName) {
        List<Element> c = children(parent, localName);
        return c.isEmpty() ? "" : c.get(0).getTextContent().trim();
    }

    /** All text and attribute values below {@code e}: where %parm[#N]% tokens can be. */
    private static String allText(Element e) {
        StringBuilder b = new StringBuilder();
        appendText(e, b);
        return b.toString();
    }

    private static void appendText(Node node, StringBuilder b) {
        NamedNodeMap attributes = node.getAttributes();
        if (attributes != null) {
            for (int i = 0; i < attributes.getLength(); i++) {
                b.append(((Attr) attributes.item(i)).getValue()).append('\n');
            }
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                b.append(c.getNodeValue()).append('\n');
            } else if (c.getNodeType() == Node.ELEMENT_NODE) {
                appendText(c, b);
            }
        }
    }

    private static Optional<Integer> parseInt(String s) {
        try {
            return Optional.of(Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void fail(String finding) {
        findings.add(finding);
    }
}
