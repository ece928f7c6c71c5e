package org.lcms.model.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DirectorySettingsTest {

    @Test
    void defaultsAreTheEmbeddedDirectoryUnderKarafData() {
        DirectorySettings s = DirectorySettings.from(TestConfig.of(Map.of()), "/opt/karaf/data");
        assertTrue(s.embedded());
        assertEquals(Path.of("/opt/karaf/data/lcms/directory"), s.embeddedSettings().dataDirectory());
        assertEquals("dc=lcms,dc=local", s.baseDn());
        assertEquals("127.0.0.1", s.embeddedSettings().listenAddress().getHostAddress());
        assertEquals(0, s.embeddedSettings().port());
        assertEquals("admin", s.initialAdminLogin());
    }

    @Test
    void externalSettingsAreReadAndLdapsIsImpliedByTheUrl() {
        DirectorySettings s = DirectorySettings.from(TestConfig.of(Map.of("mode", "external",
            "external.url", "ldaps://ldap.example.org:636", "external.bindDn", "cn=lcms,dc=example,dc=org",
            "external.bindPassword", "s3cret")), null);
        assertFalse(s.embedded());
        assertEquals(DirectorySettings.Tls.LDAPS, s.external().tls());
        assertEquals("ldap.example.org", s.external().host());
        assertEquals(636, s.external().port());
        assertFalse(s.external().toString().contains("s3cret"), "the password never shows in logs");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "mode|ldap|'ldap' is not a mode; use embedded or external",
        "baseDn|dc=lcms,,x|is not a DN",
        "embedded.port|70000|embedded.port = 70000 is outside 0..65535",
        "embedded.port|ten|embedded.port is not a whole number",
        "embedded.snapshotEvery|0|embedded.snapshotEvery = 0 is outside 1..1000000",
        "embedded.listenAddress|no such host.invalid|is not an address",
        "initialAdmin.login|Root Admin|is not a valid login",
    })
    void badEmbeddedSettingsNameThePropertyAndTheFix(String property, String value, String expected) {
        RuntimeException e = assertThrows(DirectorySettings.InvalidConfiguration.class,
            () -> DirectorySettings.from(TestConfig.of(Map.of(property, value)), "/tmp/karaf-data"));
        assertTrue(e.getMessage().startsWith("etc/org.lcms.directory.cfg: " + property), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no url||ldap://h|none|cn=x|pw|external.url is empty",
        "bad url|x|ldapx://h|none|cn=x|pw|is not an LDAP URL",
        "bad tls|x|ldap://h:389|tls1.3|cn=x|pw|'tls1.3' is not a TLS mode",
        "ldaps on ldap url|x|ldap://h:389|ldaps|cn=x|pw|does not fit the URL scheme",
        "no password|x|ldap://h:389|none|cn=x||must both be set",
        "bad bind dn|x|ldap://h:389|none|not a dn|pw|is not a DN",
    })
    void badExternalSettingsNameThePropertyAndTheFix(String name, String useUrl, String url, String tls,
                                                     String bindDn, String password, String expected) {
        Map<String, String> cfg = new java.util.HashMap<>(Map.of("mode", "external", "external.tls", tls,
            "external.bindDn", bindDn, "external.bindPassword", password == null ? "" : password));
        if (useUrl != null) {
            cfg.put("external.url", url);
        }
        RuntimeException e = assertThrows(DirectorySettings.InvalidConfiguration.class,
            () -> DirectorySettings.from(TestConfig.of(cfg), null));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
