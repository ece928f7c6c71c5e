package org.lcms.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI of the karaf-assembly distribution, started as a real process, in a real headless Chromium (Debian's
 * chromium and chromedriver through Selenium): HTTPS only with the certificate generated on the first start, login,
 * wrong password, lockout, logout, a viewer who cannot change anything (a forged click is refused by the server), and
 * the dashboard of a cluster of two real node agents (dry-run) that changes live, without a reload, when an agent
 * stops and comes back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT {
    private static final String CLUSTER = "it-uweb";
    private static final List<String> HOSTS = List.of("it-ulb", "it-urs");
    private static final List<String> ADDRESSES = List.of("127.0.0.81", "127.0.0.82");
    private static final String SNMP_USER = "lcms";
    private static final String AUTH = "it-ui-auth-1";
    private static final String PRIV = "it-ui-priv-1";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private AssemblyProcess karaf;
    private String base;
    private int httpsPort;
    private int httpPort;
    private final Map<String, String> passwords = new HashMap<>();
    private final Map<String, Process> agents = new HashMap<>();
    private Path agentHome;
    private int agentPort;
    private final List<WebDriver> browsers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    @BeforeAll
    void startAssemblyAgentsAndACluster() throws Exception {
        Path driver = Path.of(LcmsContainerTestSupport.required("lcms.it.chromedriver"));
        Path chromium = Path.of(LcmsContainerTestSupport.required("lcms.it.chromium"));
        if (!Files.isExecutable(driver) || !Files.isExecutable(chromium)) {
            throw new AssertionError("Chromium is missing (" + chromium + ", " + driver + "): the web UI tests need a "
                + "real browser. Install it with: apt-get install -y chromium chromium-driver (./lcms test does)");
        }
        karaf = new AssemblyProcess("web-ui");
        karaf.prepare();
        Path etc = karaf.home().resolve("etc");
        httpsPort = Integer.parseInt(AssemblyProcess.freePort());
        httpPort = Integer.parseInt(AssemblyProcess.freePort());
        Path web = etc.resolve("org.ops4j.pax.web.cfg");
        AssemblyProcess.PropertiesFile.set(web, "org.osgi.service.http.port.secure", String.valueOf(httpsPort));
        // Where plain HTTP would listen if it were on: the test checks that nothing answers there.
        AssemblyProcess.PropertiesFile.set(web, "org.osgi.service.http.port", String.valueOf(httpPort));
        agentPort = LcmsContainerTestSupport.freePortOnAll(ADDRESSES);
        // The SNMP manager's settings before the first start (the feature then leaves the file alone): fast polls
        // and the agents' credentials as profile "it".
        Files.writeString(etc.resolve("org.lcms.snmp.cfg"), String.join("\n",
            "pollInterval = 1", "pollTimeout = 300", "pollRetries = 0", "unreachableAfter = 2", "maxBackoff = 2",
            "trapListenAddress = 127.0.0.1/" + AssemblyProcess.freePort(),
            "profile.it.user = " + SNMP_USER, "profile.it.authPassword = " + AUTH,
            "profile.it.privPassword = " + PRIV, "profile.it.port = " + agentPort, ""));
        base = "https://127.0.0.1:" + httpsPort + "/lcms/";
        startAgents();

        long boot = karaf.start("lcms:host-list");
        report("assembly cold start with lcms-ui (process start -> lcms:host-list answered): " + boot + " ms");
        for (String[] admin : List.of(new String[] {"ui-admin", "admin"}, new String[] {"ui-viewer", "viewer"},
            new String[] {"ui-locked", "viewer"})) {
            String out = karaf.client("lcms:admin-add --role " + admin[1] + " --generate " + admin[0]);
            Matcher m = Pattern.compile("Generated password for " + admin[0] + "[^:]*: (\\S+)").matcher(out);
            assertTrue(m.find(), out);
            passwords.put(admin[0], m.group(1));
        }
        karaf.client("lcms:host-add --potential lb --snmp-profile it " + HOSTS.get(0) + " " + ADDRESSES.get(0));
        karaf.client("lcms:host-add --potential rs --snmp-profile it " + HOSTS.get(1) + " " + ADDRESSES.get(1));
        karaf.client("lcms:cluster-build --lb " + HOSTS.get(0) + " --rs " + HOSTS.get(1) + " --activate " + CLUSTER
            + " 10.89.1.100 80");
        long t0 = System.nanoTime();
        awaitHttps();
        report("web UI: HTTPS answering " + (System.nanoTime() - t0) / 1_000_000 + " ms after the shell did");
    }

    @AfterEach
    void closeBrowsers() throws IOException {
        browsers.forEach(WebDriver::quit);
        browsers.clear();
        for (Path profile : profiles) {
            AssemblyProcess.deleteTree(profile);
        }
        profiles.clear();
    }

    @AfterAll
    void stopEverything() throws Exception {
        agents.values().forEach(AssemblyProcess::destroyTree);
        if (karaf != null) {
            karaf.close();
        }
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

        AssemblyProcess.destroyTree(agents.remove(HOSTS.get(1)));
        try {
            new WebDriverWait(browser, WAIT).until(b -> text(b, "alarms-" + CLUSTER).contains("major"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no alarm shown for the stopped agent: " + text(browser, "alarms-" + CLUSTER)
                + "; " + text(browser, "dashboard-updated") + "; " + text(browser, "dashboard-latest-event")
                + "\nbrowser console:\n" + console(browser) + "\nthreads: " + karaf.threadDump() + "\nLCMS UI log:\n"
                + String.join("\n", karaf.logLinesWith("LCMS UI")), e);
        }
        Map<?, ?> down = lastChange(js);
        startAgent(1);
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

    private static String console(WebDriver browser) {
        StringBuilder text = new StringBuilder();
        browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
            .forEach(e -> text.append(e).append('\n'));
        return text.toString();
    }

    private static Map<?, ?> lastChange(JavascriptExecutor js) {
        List<?> changes = (List<?>) js.executeScript("return window.lcmsChanges;");
        assertFalse(changes.isEmpty(), "the alarms cell changed in place");
        return (Map<?, ?>) changes.get(changes.size() - 1);
    }

    private WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(LcmsContainerTestSupport.required("lcms.it.chromium"));
        Path profile;
        try {
            profile = Files.createTempDirectory(Path.of(LcmsContainerTestSupport.required("lcms.it.work")),
                "chromium-profile-");
            profiles.add(profile);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--ignore-certificate-errors", "--user-data-dir=" + profile, "--window-size=1400,900");
        options.setAcceptInsecureCerts(true);
        // The page's console (Vaadin push logs its WebSocket there), for the message of a failed live test.
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(LcmsContainerTestSupport.required("lcms.it.chromedriver")))
            .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        browsers.add(browser);
        return browser;
    }

    /** A fresh browser with {@code login} logged in (its name shown in the bar). */
    private WebDriver loggedIn(String login) {
        WebDriver browser = browser();
        browser.get(base + "login");
        submitLogin(browser, login, passwords.get(login));
        await(browser, By.id("current-user"));
        return browser;
    }

    /** Vaadin 23.3's login form renders its fields in the page's own DOM (for password managers). */
    private static WebElement loginForm(WebDriver browser) {
        return new WebDriverWait(browser, WAIT).until(b -> b.findElement(By.cssSelector("vaadin-login-form form")));
    }

    private static void submitLogin(WebDriver browser, String login, String password) {
        WebElement form = loginForm(browser);
        WebElement user = form.findElement(By.cssSelector("#vaadinLoginUsername input"));
        user.clear();
        user.sendKeys(login);
        WebElement pass = form.findElement(By.cssSelector("#vaadinLoginPassword input"));
        pass.clear();
        pass.sendKeys(password + Keys.ENTER);
    }

    private static WebElement await(WebDriver browser, By what) {
        return new WebDriverWait(browser, WAIT).until(b -> b.findElement(what));
    }

    private static String text(WebDriver browser, String id) {
        List<WebElement> found = browser.findElements(By.id(id));
        return found.isEmpty() ? "(no #" + id + ")" : found.get(0).getText();
    }

    private static void awaitText(WebDriver browser, String id, String expected, Duration wait) {
        try {
            new WebDriverWait(browser, wait).until(b -> text(b, id).equals(expected));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("#" + id + " is '" + text(browser, id) + "', not '" + expected + "' after " + wait);
        }
    }

    private void awaitHttps() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String last = "";
        while (System.nanoTime() < end) {
            try (Socket s = new Socket("127.0.0.1", httpsPort)) {
                return;
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("HTTPS port " + httpsPort + " did not open within 90 s (" + last + "); UI lines of "
            + "karaf.log:\n" + String.join("\n", karaf.logLinesWith("LCMS UI")));
    }

    private void startAgents() throws Exception {
        agentHome = LcmsContainerTestSupport.unpackAgent("web-ui-agents-");
        for (int i = 0; i < HOSTS.size(); i++) {
            startAgent(i);
        }
    }

    private void startAgent(int i) throws Exception {
        Path dir = agentHome.getParent().resolve(HOSTS.get(i));
        agents.put(HOSTS.get(i), LcmsContainerTestSupport.startAgentProcess(agentHome, dir, HOSTS.get(i), List.of(
            "listen = " + ADDRESSES.get(i) + "/" + agentPort,
            "stateDirectory = " + dir.resolve("state"),
            "configurator = dry-run",
            "serviceInterface = eth0",
            "user." + SNMP_USER + ".authPassword = " + AUTH,
            "user." + SNMP_USER + ".privPassword = " + PRIV,
            "user." + SNMP_USER + ".access = readwrite")));
    }

    private static void report(String line) {
        LcmsContainerTestSupport.report(line);
    }
}
