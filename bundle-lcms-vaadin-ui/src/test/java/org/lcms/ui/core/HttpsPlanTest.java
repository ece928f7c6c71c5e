package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpsPlanTest {
    @TempDir
    Path etc;

    @Test
    void withoutAKeystoreOneIsGeneratedAndPlainHttpGoesOff() {
        Path own = etc.resolve("lcms-https.p12");
        Map<String, Object> stock = Map.of("org.osgi.service.http.enabled", "true", "org.osgi.service.http.port",
            "8181", "org.osgi.service.http.secure.enabled", "false");
        HttpsPlan.Generate g = assertInstanceOf(HttpsPlan.Generate.class, HttpsPlan.decide(stock, own));
        assertEquals(own, g.keystore());
        Map<String, Object> next = HttpsPlan.httpsOnly(stock, own, "pw");
        assertEquals("false", next.get(HttpsPlan.HTTP_ENABLED));
        assertEquals("true", next.get(HttpsPlan.HTTPS_ENABLED));
        assertEquals("8443", next.get(HttpsPlan.HTTPS_PORT));
        assertEquals(own.toString(), next.get(HttpsPlan.KEYSTORE));
        assertEquals("pw", next.get(HttpsPlan.KEYSTORE_PASSWORD));
        assertEquals("PKCS12", next.get(HttpsPlan.KEYSTORE_TYPE));
        assertEquals("true", next.get(HttpsPlan.COOKIE_SECURE));
    }

    @Test
    void theOperatorsHttpsPortIsKept() {
        Map<String, Object> next = HttpsPlan.httpsOnly(Map.of(HttpsPlan.HTTPS_PORT, "9443"), etc.resolve("k"), "pw");
        assertEquals("9443", next.get(HttpsPlan.HTTPS_PORT));
    }

    @Test
    void anOperatorsKeystoreIsKeptEvenIfMissing() throws Exception {
        Path theirs = Files.createFile(etc.resolve("theirs.jks"));
        assertInstanceOf(HttpsPlan.Keep.class, HttpsPlan.decide(Map.of(HttpsPlan.KEYSTORE, theirs.toString()),
            etc.resolve("lcms-https.p12")));
        HttpsPlan.Keep missing = assertInstanceOf(HttpsPlan.Keep.class, HttpsPlan.decide(
            Map.of(HttpsPlan.KEYSTORE, etc.resolve("gone.jks").toString()), etc.resolve("lcms-https.p12")));
        assertTrue(missing.reason().contains("but missing"), missing.reason());
    }

    @Test
    void ourOwnKeystoreIsKeptWhileItExistsAndRegeneratedWhenGone() throws Exception {
        Path own = etc.resolve("lcms-https.p12");
        Map<String, Object> ours = Map.of(HttpsPlan.KEYSTORE, own.toString());
        assertInstanceOf(HttpsPlan.Generate.class, HttpsPlan.decide(ours, own));
        Files.createFile(own);
        assertInstanceOf(HttpsPlan.Keep.class, HttpsPlan.decide(ours, own));
    }
}
