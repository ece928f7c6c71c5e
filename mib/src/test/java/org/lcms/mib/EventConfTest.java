package org.lcms.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The OpenNMS event definitions shipped as org/lcms/mib/LCMS.events.xml fit LCMS-MIB as built (the filtered
 * module and smidump's OID list in target/classes): see {@link EventConfCheck} for what is checked. The
 * negative tests break an in-memory copy of the file to show the check catches each kind of mistake.
 */
class EventConfTest {

    private static final String RESOURCES = "/org/lcms/mib/";
    private static final String TAKEOVER = EventConfCheck.UEI_PREFIX + "lcmsBackupTakeover";
    private static final String HAND_BACK = EventConfCheck.UEI_PREFIX + "lcmsBackupHandBack";

    private static MibModel mib;
    private static String eventConf;

    @BeforeAll
    static void readTheBuiltFiles() throws Exception {
        mib = MibModel.read(resource("LCMS-MIB.oids"), resource("LCMS-MIB.txt"));
        eventConf = resource("LCMS.events.xml");
    }

    @Test
    void theMibModelHasTheNotificationsAndEnumerations() {
        assertTrue(mib.notifications().size() >= 12, "notifications read: " + mib.notifications().keySet());
        assertEquals(List.of("lcmsNotifHostName", "lcmsNotifPeerAddressType", "lcmsNotifPeerAddress",
            "lcmsNotifClusterId", "lcmsNotifReason"), mib.notifications().get("lcmsAgentUnreachable").objects());
        assertEquals(9, mib.notifications().get("lcmsAgentUnreachable").specific());
        assertEquals("down", mib.enumerationOf("lcmsRsStatus").orElseThrow().get(2));
        assertEquals("failed", mib.enumerationOf("lcmsRoleState").orElseThrow().get(5));
        assertEquals("unknown", mib.enumerationOf("lcmsServiceStatus").orElseThrow().get(3));
    }

    @Test
    void eventDefinitionsFitTheMib() {
        List<String> findings = EventConfCheck.check(mib, eventConf);
        assertEquals(List.of(), findings, () -> "LCMS.events.xml does not fit LCMS-MIB:\n  "
            + String.join("\n  ", findings));
    }

    @Test
    void theEnterpriseNumberIsFilteredIn() {
        assertFalse(eventConf.contains("${"), "LCMS.events.xml still has a ${...} placeholder");
        assertTrue(eventConf.contains("<mevalue>." + mib.moduleOid() + "</mevalue>"),
            "LCMS.events.xml does not match traps of lcmsMIB = " + mib.moduleOid());
    }

    // --- the check can fail -----------------------------------------------------------------------------------

    @Test
    void aProblemWithoutItsClearIsReported() throws Exception {
        List<String> findings = findingsAfter(doc -> {
            Element handBack = event(doc, HAND_BACK);
            handBack.removeChild(child(handBack, "alarm-data"));
        });
        assertHas(findings, TAKEOVER + ": alarm-type 1 but no definition clears it");
        assertHas(findings, HAND_BACK + ": lcmsBackupHandBack must be an alarm-type 2 definition clearing");
    }

    @Test
    void aClearKeyThatDiffersFromTheProblemsKeyIsReported() throws Exception {
        List<String> findings = findingsAfter(doc -> {
            Element alarm = child(event(doc, HAND_BACK), "alarm-data");
            alarm.setAttribute("clear-key", alarm.getAttribute("clear-key").replace("%parm[#2]%", "%parm[#4]%"));
        });
        assertHas(findings, TAKEOVER + ": alarm-type 1 but no definition clears it");
        assertHas(findings, HAND_BACK + ": clear-key");
    }

    @Test
    void aValueWithoutDefinitionIsReported() throws Exception {
        List<String> findings = findingsAfter(doc -> {
            Element draining = event(doc, EventConfCheck.UEI_PREFIX + "lcmsRealServerStateChange/draining");
            draining.getParentNode().removeChild(draining);
        });
        assertHas(findings, "lcmsRealServerStateChange: lcmsRsStatus (#9) = draining(3) matches no event definition");
    }

    @Test
    void aShadowedDefinitionIsReported() throws Exception {
        // the catch-all moved before the specific definitions swallows every lcmsRoleChange
        List<String> findings = findingsAfter(doc -> {
            Element catchAll = event(doc, EventConfCheck.UEI_PREFIX + "lcmsRoleChange");
            Element failed = event(doc, EventConfCheck.UEI_PREFIX + "lcmsRoleChange/failed");
            failed.getParentNode().insertBefore(catchAll, failed);
        });
        assertHas(findings, EventConfCheck.UEI_PREFIX + "lcmsRoleChange/failed: unreachable");
        assertHas(findings, EventConfCheck.UEI_PREFIX + "lcmsRoleChange/applied: unreachable");
        assertHas(findings, "lcmsRoleChange: lcmsRoleState (#3) = failed(5) selects "
            + EventConfCheck.UEI_PREFIX + "lcmsRoleChange, which should raise an alarm");
    }

    @Test
    void aVarbindNumberBeyondTheNotificationsObjectsIsReported() throws Exception {
        List<String> findings = findingsAfter(doc -> {
            Element logmsg = child(event(doc, EventConfCheck.UEI_PREFIX + "lcmsServiceStateChange/down"), "logmsg");
            logmsg.setTextContent(logmsg.getTextContent() + " %parm[#10]%");
        });
        assertHas(findings, EventConfCheck.UEI_PREFIX + "lcmsServiceStateChange/down: uses varbind #10 but "
            + "lcmsServiceStateChange has 8 OBJECTS");
    }

    @Test
    void aDefinitionForNoNotificationAndANotificationWithoutDefinitionAreReported() throws Exception {
        List<String> findings = findingsAfter(doc -> {
            Element specific = (Element) event(doc, EventConfCheck.UEI_PREFIX + "lcmsAgentStart")
                .getElementsByTagNameNS(EventConfCheck.NAMESPACE, "maskelement").item(2);
            child(specific, "mevalue").setTextContent("99");
        });
        assertHas(findings, EventConfCheck.UEI_PREFIX + "lcmsAgentStart: mask id ." + mib.moduleOid()
            + " specific 99");
        assertHas(findings, "notification lcmsAgentStart (" + mib.moduleOid() + ".0.1) has no event definition");
    }

    @Test
    void aDecodeThatDisagreesWithTheMibIsReported() throws Exception {
        List<String> findings = findingsAfter(doc -> {
            Element decode = (Element) event(doc, EventConfCheck.UEI_PREFIX + "lcmsRealServerStateChange/down")
                .getElementsByTagNameNS(EventConfCheck.NAMESPACE, "decode").item(0);
            decode.setAttribute("varbinddecodedstring", "sctp");
        });
        assertHas(findings, "decodes varbind #5 (lcmsVsProtocol) value '6' as 'sctp', LCMS-MIB says 'tcp'");
    }

    @Test
    void anUnfilteredPlaceholderAndBrokenXmlAreReported() {
        String unfiltered = eventConf.replace("." + mib.moduleOid() + "<", ".1.3.6.1.4.1.${lcms.pen}.2<");
        assertHas(EventConfCheck.check(mib, unfiltered), "unfiltered placeholder ${lcms.pen}");
        assertHas(EventConfCheck.check(mib, eventConf.replace("</events>", "")), "not well-formed XML");
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static List<String> findingsAfter(Consumer<Document> edit) throws Exception {
        Document doc = EventConfCheck.parse(eventConf);
        edit.accept(doc);
        StringWriter out = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
        return EventConfCheck.check(mib, out.toString());
    }

    private static void assertHas(List<String> findings, String part) {
        assertTrue(findings.stream().anyMatch(f -> f.contains(part)),
            () -> "expected a finding containing\n  " + part + "\nbut got\n  " + String.join("\n  ", findings));
    }

    private static Element event(Document doc, String uei) {
        for (Element e : EventConfCheck.children(doc.getDocumentElement(), "event")) {
            if (uei.equals(child(e, "uei").getTextContent().trim())) {
                return e;
            }
        }
        throw new AssertionError("LCMS.events.xml has no definition with UEI " + uei);
    }

    private static Element child(Element parent, String localName) {
        List<Element> c = EventConfCheck.children(parent, localName);
        assertFalse(c.isEmpty(), () -> "no <" + localName + "> in <" + parent.getLocalName() + ">");
        return c.get(0);
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = EventConfTest.class.getResourceAsStream(RESOURCES + name)) {
            assertNotNull(in, RESOURCES + name + " is not on the test class path: build the mib module with its lint "
                + "(mvn install -pl mib, without -DskipTests; it needs smitools and npm)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
