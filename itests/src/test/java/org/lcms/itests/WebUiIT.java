package org.lcms.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI of the karaf-assembly distribution, started as a real process ({@link BrowserTestBed}), in a real
 * headless Chromium: HTTPS only with the certificate generated on the first start, login,
 * wrong password, lockout, logout, a viewer who cannot change anything (a forged click is refused by the server), and
 * the dashboard of a cluster of two real node agents (dry-run) that changes live, without a reload, when an agent
 * stops and comes back.
 */
class WebUiIT extends BrowserTestBed {
    private static final String CLUSTER = "it-uweb";
    private static final List<String> HOSTS = List.of("it-ulb", "it-urs");

    @Override
    protected String bedName() {
        return "web-ui";
    }

    @Override
    protected List<Member> members() {
        return List.of(new Member(HOSTS.get(0), "127.0.0.81"), new Member(HOSTS.get(1), "127.0.0.82"));
    }

    @Override
    protected void prepareModel() throws Exception {
        addAdministrator("ui-locked", "viewer");
        shell("lcms:host-add --potential lb --snmp-profile it " + HOSTS.get(0) + " 127.0.0.81");
        shell("lcms:host-add --potential rs --snmp-profile it " + HOSTS.get(1) + " 127.0.0.82");
        shell("lcms:cluster-build --lb " + HOSTS.get(0) + " --rs " + HOSTS.get(1) + " --activate " + CLUSTER
            + " 10.89.1.100 80");
    }

    @Test
    @Order(1)
    void httpsOnlyWithTheGeneratedCertificateAndNoPlainHttp() throws Exception {
        Path etc = karaf.home().resolve("etc");
        Path keystore = etc.resolve("lcms-https.p12");
        assertTrue(Files.isRegularFile(keystore), "the certificate was generated into " + keystore);
        String password = AssemblyProcess.PropertiesFile.get(etc.resolve("org.ops4j.pax.web.cfg"),
            "org.ops4j.pax.web.ssl.keystore.password");
        assertTrue(password != null && password.length() >= 20, "a random keystore password in the web config");
        assertEquals("false", AssemblyProcess.PropertiesFile.get(etc.resolve("org.ops4j.pax.web.cfg"),
            "org.osgi.service.http.enabled"));

        // Trusting only the generated certificate, with the JDK's host name check: its SAN must name 127.0.0.1.
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        X509Certificate cert = (X509Certificate) store.getCertificate("lcms-https");
        String names = String.valueOf(cert.getSubjectAlternativeNames());
        assertTrue(names.contains("localhost") && names.contains("127.0.0.1"), names);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("lcms", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpsURLConnection https = (HttpsURLConnection) new URL(base + "login").openConnection();
        https.setSSLSocketFactory(tls.getSocketFactory());
        assertEquals(200, https.getResponseCode());
        String page = new String(https.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(page.contains("VAADIN"), "the Vaadin bootstrap page over HTTPS:\n" + page);
        String cookie = String.valueOf(https.getHeaderField("Set-Cookie"));
        assertTrue(cookie.contains("Secure") && cookie.contains("HttpOnly"), "session cookie flags: " + cookie);

        // Plain HTTP: nothing listens on the HTTP port, and the HTTPS port does not serve the UI in clear text.
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", httpPort).close(),
            "nothing may listen on the plain HTTP port " + httpPort);
        int plainStatus;
        String plainBody = "";
        try {
            HttpURLConnection plain = (HttpURLConnection) new URL("http://127.0.0.1:" + httpsPort + "/lcms/login")
                .openConnection();
            plain.setReadTimeout(5000);
            plainStatus = plain.getResponseCode();
            InputStream body = plainStatus < 400 ? plain.getInputStream() : plain.getErrorStream();
            plainBody = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException refused) {
            plainStatus = -1;
        }
        assertNotEquals(200, plainStatus, "plain HTTP on the HTTPS port must not serve the UI:\n" + plainBody);
        assertFalse(plainBody.contains("VAADIN"), plainBody);
        report("web UI: HTTPS only; plain HTTP request to the HTTPS port answered " + plainStatus);
    }

    @Test
    @Order(2)
    void anAdminLogsInAndSeesTheClusterOnTheDashboard() {
        WebDriver browser = browser();
        long t0 = System.nanoTime();
        browser.get(base);
        loginForm(browser);
        long loginShown = System.nanoTime();
        assertTrue(browser.getCurrentUrl().endsWith("/lcms/login"), "without a session: the login, not "
            + browser.getCurrentUrl());
        submitLogin(browser, "ui-admin", passwords.get("ui-admin"));
        long submitted = System.nanoTime();
        WebElement user = await(browser, By.id("current-user"));
        assertEquals("ui-admin (admin)", user.getText());
        await(browser, By.id("cluster-" + CLUSTER));
        long dashboard = System.nanoTime();
        report("web UI: login page shown " + (loginShown - t0) / 1_000_000 + " ms after navigation; dashboard with "
            + "the cluster " + (dashboard - submitted) / 1_000_000 + " ms after the login was submitted (Chromium)");
        Object navigation = ((JavascriptExecutor) browser).executeScript("const n = performance.getEntriesByType("
            + "'navigation')[0]; return Math.round(n.loadEventEnd - n.startTime);");
        report("web UI: dashboard page navigation timing (start -> load event): " + navigation + " ms");
        assertEquals("10.89.1.100:80/tcp", text(browser, "service-" + CLUSTER));
        assertEquals("wlc", text(browser, "scheduler-" + CLUSTER), "the model's default scheduler");
        assertEquals("active", text(browser, "state-" + CLUSTER));
        awaitText(browser, "holder-" + CLUSTER, HOSTS.get(0), WAIT);
        report("web UI: dashboard row: holder " + text(browser, "holder-" + CLUSTER) + ", real servers up "
            + text(browser, "rs-" + CLUSTER) + ", alarms " + text(browser, "alarms-" + CLUSTER));
        assertNull(browser.findElement(By.id("switchover-" + CLUSTER)).getAttribute("disabled"),
            "an admin's switchover control is enabled");
        assertFalse(browser.findElements(By.id("nav-administrators")).isEmpty(), "an admin sees Administrators");
    }

    @Test
    @Order(3)
    void aWrongPasswordIsRefusedWithAMessage() {
        WebDriver browser = browser();
        browser.get(base + "login");
        submitLogin(browser, "ui-admin", "not-the-password");
        awaitText(browser, "login-message", "Wrong login or password.", WAIT);
        assertTrue(browser.findElements(By.id("current-user")).isEmpty(), "not logged in");
    }

    @Test
    @Order(4)
    void fiveFailuresLockTheAccountEvenForTheRightPassword() throws Exception {
        WebDriver browser = browser();
        String locked = "Too many failed logins for this account. Try again in 5 minutes.";
        // A fresh page for every attempt: the message of the one before must not be taken for this one's.
        for (int i = 1; i <= 5; i++) {
            browser.get(base + "login");
            submitLogin(browser, "ui-locked", "wrong-" + i);
            awaitText(browser, "login-message", i < 5 ? "Wrong login or password." : locked, WAIT);
        }
        browser.get(base + "login");
        submitLogin(browser, "ui-locked", passwords.get("ui-locked"));
        awaitText(browser, "login-message", locked, WAIT);
        assertTrue(browser.findElements(By.id("current-user")).isEmpty(), "the right password does not open it");
        String history = "";
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); System.nanoTime() < end; Thread.sleep(200)) {
            history = karaf.client("lcms:history --object ui-locked --limit 20");
            if (history.contains("loginLocked")) {
                break;
            }
        }
        assertTrue(history.contains("loginLocked") && history.contains("loginFailed"),
            "failed logins and the lockout are in the history:\n" + history);
        assertTrue(karaf.logLinesWith("account 'ui-locked' locked until").size() == 1,
            "the lockout is logged once:\n" + String.join("\n", karaf.logLinesWith("ui-locked")));
    }

    @Test
    @Order(5)
    void logoutEndsTheSession() {
        WebDriver browser = loggedIn("ui-admin");
        await(browser, By.id("logout")).click();
        loginForm(browser);
        new WebDriverWait(browser, WAIT).until(b -> b.getCurrentUrl().endsWith("/lcms/login"));
        browser.get(base);
        loginForm(browser);
        assertTrue(browser.getCurrentUrl().endsWith("/lcms/login"), "after the logout the dashboard needs a login "
            + "again, not " + browser.getCurrentUrl());
        assertTrue(browser.findElements(By.id("current-user")).isEmpty());
    }

    @Test
    @Order(6)
    void aViewerSeesNoEnabledControlAndAForgedClickIsRefusedByTheServer() throws Exception {
        WebDriver browser = loggedIn("ui-viewer");
        assertEquals("ui-viewer (viewer)", browser.findElement(By.id("current-user")).getText());
        WebElement switchover = await(browser, By.id("switchover-" + CLUSTER));
        assertEquals("true", switchover.getAttribute("disabled"), "a viewer's switchover control is disabled");
        assertTrue(browser.findElements(By.id("nav-administrators")).isEmpty(), "no Administrators for a viewer");
        List<?> enabled = (List<?>) ((JavascriptExecutor) browser).executeScript("return Array.from(document"
            + ".querySelectorAll('vaadin-button[id^=\"switchover-\"]')).filter(b => !b.hasAttribute('disabled'))"
            + ".map(b => b.id);");
        assertEquals(List.of(), enabled, "no enabled mutating control");

        // forged: the page's script enables the control and clicks it; the server must refuse and say so
        ((JavascriptExecutor) browser).executeScript("const b = document.getElementById('switchover-" + CLUSTER
            + "'); b.removeAttribute('disabled'); b.disabled = false; b.click();");
        awaitText(browser, "refusal", "Refused: ui-viewer is a viewer and may not switch a cluster's VIP over; ask "
            + "an administrator with the admin role.", WAIT);
        assertTrue(browser.findElements(By.cssSelector("vaadin-dialog-overlay[opened]")).isEmpty(),
            "no confirmation opened for the viewer");
        assertFalse(karaf.logLinesWith("refused to switch a cluster's VIP over for ui-viewer").isEmpty(),
            "the refusal is logged");

        // an admin-only view by its address: refused, back to the dashboard
        browser.get(base + "administrators");
        await(browser, By.id("current-user"));
        new WebDriverWait(browser, WAIT).until(b -> b.findElements(By.id("refusal")).stream()
            .anyMatch(e -> e.getText().contains("may not view the administrators")));
        assertTrue(browser.findElements(By.id("not-yet")).isEmpty(), "the administrators view was not shown");
    }

    @Test
    @Order(7)
    void theDashboardFollowsAnAgentGoingAndComingBackLiveWithoutAReload() throws Exception {
        WebDriver browser = loggedIn("ui-admin");
        await(browser, By.id("alarms-" + CLUSTER));
        awaitText(browser, "alarms-" + CLUSTER, "none", WAIT);
        JavascriptExecutor js = (JavascriptExecutor) browser;
        // A marker that a reload would wipe, and a record of when the alarms cell changed (browser clock = ours).
        js.executeScript("window.lcmsNoReload = true; window.lcmsChanges = [];"
            + "const grid = document.getElementById('clusters');"
            + "new MutationObserver(() => { const a = document.getElementById('alarms-" + CLUSTER + "');"
            + "  const t = a ? a.textContent : '';"
            + "  const last = window.lcmsChanges.length ? window.lcmsChanges[window.lcmsChanges.length - 1].text : 'none';"
            + "  if (t !== last) { const e = document.getElementById('dashboard-latest-event');"
            + "    window.lcmsChanges.push({text: t, at: Date.now(), event: e.getAttribute('data-time'),"
            + "      eventText: e.textContent}); } })"
            + ".observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});");

        stopAgent(HOSTS.get(1));
        try {
            new WebDriverWait(browser, WAIT).until(b -> text(b, "alarms-" + CLUSTER).contains("major"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no alarm shown for the stopped agent: " + text(browser, "alarms-" + CLUSTER)
                + "; " + text(browser, "dashboard-updated") + "; " + text(browser, "dashboard-latest-event")
                + "\nbrowser console:\n" + console(browser) + "\nthreads: " + karaf.threadDump() + "\nLCMS UI log:\n"
                + String.join("\n", karaf.logLinesWith("LCMS UI")), e);
        }
        Map<?, ?> down = lastChange(js);
        startAgent(HOSTS.get(1));
        awaitText(browser, "alarms-" + CLUSTER, "none", WAIT);
        Map<?, ?> up = lastChange(js);
        assertEquals(Boolean.TRUE, js.executeScript("return window.lcmsNoReload === true;"), "no reload happened");
        for (Map<?, ?> change : List.of(down, up)) {
            String event = String.valueOf(change.get("eventText"));
            assertTrue(event.contains(HOSTS.get(1)), "the change shows with its event: " + change);
            long latency = ((Number) change.get("at")).longValue() - Long.parseLong(String.valueOf(change.get("event")));
            report("web UI: event -> screen (" + change.get("text") + "): " + latency + " ms (" + event + ")");
            assertTrue(latency >= 0 && latency <= 2000, "event to screen within 2 s: " + latency + " ms, " + change);
        }
    }

    private static Map<?, ?> lastChange(JavascriptExecutor js) {
        List<?> changes = (List<?>) js.executeScript("return window.lcmsChanges;");
        assertFalse(changes.isEmpty(), "the alarms cell changed in place");
        return (Map<?, ?>) changes.get(changes.size() - 1);
    }
}
