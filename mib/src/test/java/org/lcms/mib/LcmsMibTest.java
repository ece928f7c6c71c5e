package org.lcms.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.OID;

/** Every OID constant of {@link LcmsMib} equals the OID of the same name in LCMS-MIB (smidump's list). */
class LcmsMibTest {

    @Test
    void everyConstantIsTheMibsOidOfTheSameName() throws Exception {
        Map<String, String> mib = mibOids();
        List<String> checked = new ArrayList<>();
        for (Field f : LcmsMib.class.getDeclaredFields()) {
            if (f.getType() != OID.class || !Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            String name = LcmsMib.mibName(f.getName());
            String expected = mib.get(name);
            assertNotNull(expected, "LcmsMib." + f.getName() + ": LCMS-MIB has no object named " + name);
            assertEquals(expected, f.get(null).toString(), "LcmsMib." + f.getName() + " (" + name + ")");
            checked.add(name);
        }
        assertTrue(checked.size() > 40, "only " + checked.size() + " constants checked: " + checked);
        assertEquals(checked.size(), LcmsMib.objectNames().size(), "objectNames() names every constant, no two "
            + "constants share an OID");
        assertEquals("lcmsRsWeight", LcmsMib.objectNames().get(LcmsMib.LCMS_RS_WEIGHT));
    }

    @Test
    void mibNamesAreDerivedFromConstantNames() {
        assertEquals("lcmsMIB", LcmsMib.mibName("LCMS_MIB"));
        assertEquals("lcmsHostLoadAverage15", LcmsMib.mibName("LCMS_HOST_LOAD_AVERAGE15"));
        assertEquals("lcmsAgentUpTime", LcmsMib.mibName("LCMS_AGENT_UP_TIME"));
    }

    /** name -> OID from org/lcms/mib/LCMS-MIB.oids ("LCMS-MIB lcmsHostName scalar 1.3.6..."). */
    static Map<String, String> mibOids() throws Exception {
        InputStream in = LcmsMibTest.class.getResourceAsStream("/org/lcms/mib/LCMS-MIB.oids");
        assertNotNull(in, "org/lcms/mib/LCMS-MIB.oids is not on the test class path: build the mib module with its "
            + "lint (mvn install -pl mib, without -DskipTests; it needs smitools and npm)");
        Map<String, String> oids = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 4 && f[0].equals("LCMS-MIB") && f[3].startsWith("1.3.")) {
                    oids.put(f[1], f[3]);
                }
            }
        }
        assertTrue(oids.size() >= 90, "LCMS-MIB.oids lists only " + oids.size() + " OIDs");
        return oids;
    }
}
