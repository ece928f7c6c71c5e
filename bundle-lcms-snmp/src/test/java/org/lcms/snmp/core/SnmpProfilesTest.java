package org.lcms.snmp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnmpProfilesTest {

    static Map<String, Object> v3(String name, String user, String auth) {
        Map<String, Object> p = new HashMap<>();
        p.put("profile." + name + ".user", user);
        p.put("profile." + name + ".authPassword", auth);
        p.put("profile." + name + ".privPassword", "priv-secret-1");
        return p;
    }

    @Test
    void aV3ProfileGetsSecureDefaults() {
        SnmpProfile p = SnmpProfiles.parse(v3("default", "lcms", "auth-secret-1"), "cfg").get("default");
        assertEquals(SnmpProfile.Version.V3, p.version());
        assertEquals(161, p.port());
        assertEquals(SnmpProfile.Auth.SHA256, p.auth());
        assertEquals(SnmpProfile.Priv.AES128, p.priv());
        assertFalse(p.toString().contains("auth-secret-1"), "no secret in toString: " + p);
    }

    @Test
    void otherKeysOfTheFileAreNotProfiles() {
        Map<String, Object> props = v3("a", "lcms", "auth-secret-1");
        props.put("pollInterval", 5);
        assertEquals(1, SnmpProfiles.parse(props, "cfg").size());
    }

    @Test
    void aV2cProfileNeedsAStrongCommunity() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SnmpProfiles.parse(Map.of(
            "profile.old.version", "2c", "profile.old.community", "public"), "etc/org.lcms.snmp.cfg"));
        assertTrue(e.getMessage().startsWith("etc/org.lcms.snmp.cfg: profile.old.community:"), e.getMessage());
        assertTrue(e.getMessage().contains("not a well-known one"), e.getMessage());
        SnmpProfile ok = SnmpProfiles.parse(Map.of("profile.old.version", "2c", "profile.old.community",
            "long-community-1", "profile.old.port", "1161"), "cfg").get("old");
        assertEquals(SnmpProfile.Version.V2C, ok.version());
        assertEquals(1161, ok.port());
    }

    @Test
    void everyMistakeIsNamedAtOnce() {
        Map<String, Object> props = v3("a", "lcms", "short");
        props.put("profile.a.privProtocol", "des");
        props.put("profile.b.colour", "blue");
        props.put("profile.c.port", "70000");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SnmpProfiles.parse(props, "cfg"));
        assertTrue(e.getMessage().contains("profile.a.privProtocol = des: give aes128 or aes256"), e.getMessage());
        assertTrue(e.getMessage().contains("profile.b.colour: unknown key 'colour'"), e.getMessage());
        assertTrue(e.getMessage().contains("profile.c.port = 70000"), e.getMessage());
    }

    @Test
    void oneUserNameCannotHaveTwoKeyPairs() {
        Map<String, Object> props = v3("a", "lcms", "auth-secret-1");
        props.putAll(v3("b", "lcms", "auth-secret-2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SnmpProfiles.parse(props, "cfg"));
        assertTrue(e.getMessage().contains("profiles a and b both name SNMPv3 user 'lcms'"), e.getMessage());
        Map<String, Object> same = v3("a", "lcms", "auth-secret-1");
        same.putAll(v3("b", "lcms", "auth-secret-1"));
        same.put("profile.b.port", "1161");
        assertEquals(2, SnmpProfiles.parse(same, "cfg").size(), "same credentials on two ports are fine");
    }
}
