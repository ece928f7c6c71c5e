package org.lcms.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The bed of the browser tests: the karaf-assembly distribution started as a real process with its web UI on a free
 * HTTPS port, real node-agent processes (dry-run) on loopback addresses polled every second, administrators
 * {@code ui-admin} (admin) and {@code ui-viewer} (viewer) with generated passwords, and real headless Chromium
 * browsers (Debian's chromium and chromedriver through Selenium), closed after each test. A subclass names its
 * hosts and builds its model through the shell ({@link #prepareModel}); its tests run in {@code @Order}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BrowserTestBed {
    protected static final String SNMP_USER = "lcms";
    protected static final String AUTH = "it-ui-auth-1";
    protected static final String PRIV = "it-ui-priv-1";
    protected static final Duration WAIT = Duration.ofSeconds(30);

    /** A simulated host: its node agent listens on {@code address} (SNMPv3 profile "it"). */
    protected record Member(String name, String address) {
    }

    protected AssemblyProcess karaf;
    /** The UI's address, ending in "/lcms/". */
    protected String base;
    protected int httpsPort;
    /** Where plain HTTP would listen if it were on (it must not be). */
    protected int httpPort;
    protected final Map<String, String> passwords = new HashMap<>();
    protected final Map<String, Process> agents = new HashMap<>();
    private Path agentHome;
    protected int agentPort;
    /** Where the SNMP manager receives the agents' notifications (UDP on 127.0.0.1). */
    protected int trapPort;
    private final List<WebDriver> browsers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    /** The assembly's work directory name (distinct per class). */
    protected abstract String bedName();

    /** The simulated hosts whose agents run for the whole class. */
    protected abstract List<Member> members();

    /** Extra options of the Karaf JVM (none by default). */
    protected List<String> javaOptions() {
        return List.of();
    }

    /** Builds the model through the shell once the assembly answers (hosts, clusters, more administrators). */
    protected abstract void prepareModel() throws Exception;

    @BeforeAll
    void startAssemblyAndAgents() throws Exception {
        Path driver = Path.of(LcmsContainerTestSupport.required("lcms.it.chromedriver"));
        Path chromium = Path.of(LcmsContainerTestSupport.required("lcms.it.chromium"));
        if (!Files.isExecutable(driver) || !Files.isExecutable(chromium)) {
            throw new AssertionError("Chromium is missing (" + chromium + ", " + driver + "): the web UI tests need a "
                + "real browser. Install it with: apt-get install -y chromium chromium-driver (./lcms test does)");
        }
        karaf = new AssemblyProcess(bedName());
        karaf.prepare();
        javaOptions().forEach(karaf::addJavaOption);
        Path etc = karaf.home().resolve("etc");
        httpsPort = Integer.parseInt(AssemblyProcess.freePort());
        httpPort = Integer.parseInt(AssemblyProcess.freePort());
        Path web = etc.resolve("org.ops4j.pax.web.cfg");
        AssemblyProcess.PropertiesFile.set(web, "org.osgi.service.http.port.secure", String.valueOf(httpsPort));
        AssemblyProcess.PropertiesFile.set(web, "org.osgi.service.http.port", String.valueOf(httpPort));
        agentPort = LcmsContainerTestSupport.freePortOnAll(members().stream().map(Member::address).toList());
        trapPort = Integer.parseInt(AssemblyProcess.freePort());
        // The SNMP manager's settings before the first start (the feature then leaves the file alone): fast polls
        // and the agents' credentials as profile "it".
        Files.writeString(etc.resolve("org.lcms.snmp.cfg"), String.join("\n",
            "pollInterval = 1", "pollTimeout = 300", "pollRetries = 0", "unreachableAfter = 2", "maxBackoff = 2",
            "trapListenAddress = 127.0.0.1/" + trapPort,
            "profile.it.user = " + SNMP_USER, "profile.it.authPassword = " + AUTH,
            "profile.it.privPassword = " + PRIV, "profile.it.port = " + agentPort, ""));
        base = "https://127.0.0.1:" + httpsPort + "/lcms/";
        agentHome = LcmsContainerTestSupport.unpackAgent(bedName() + "-agents-");
        for (Member m : members()) {
            startAgent(m.name());
        }
        long boot = karaf.start("lcms:host-list");
        report(bedName() + ": assembly cold start with lcms-ui (process start -> lcms:host-list answered): " + boot
            + " ms");
        addAdministrator("ui-admin", "admin");
        addAdministrator("ui-viewer", "viewer");
        prepareModel();
        long t0 = System.nanoTime();
        awaitHttps();
        report(bedName() + ": HTTPS answering " + (System.nanoTime() - t0) / 1_000_000 + " ms after the shell did");
    }

    @AfterEach
    protected void closeBrowsers() {
        browsers.forEach(WebDriver::quit);
        browsers.clear();
        for (Path profile : profiles) {
            try {
                AssemblyProcess.deleteTree(profile);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
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

    /** Adds an administrator through the shell with a generated password (kept in {@link #passwords}). */
    protected void addAdministrator(String login, String role) throws Exception {
        String out = karaf.client("lcms:admin-add --role " + role + " --generate " + login);
        Matcher m = Pattern.compile("Generated password for " + login + "[^:]*: (\\S+)").matcher(out);
        assertTrue(m.find(), out);
        passwords.put(login, m.group(1));
    }

    /** The output of a Karaf shell command (over the assembly's SSH console). */
    protected String shell(String command) throws Exception {
        return karaf.client(command);
    }

    protected static String console(WebDriver browser) {
        StringBuilder text = new StringBuilder();
        browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
            .forEach(e -> text.append(e).append('\n'));
        return text.toString();
    }

    /** A fresh headless Chromium (closed after the test). */
    protected WebDriver browser() {
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
    protected WebDriver loggedIn(String login) {
        WebDriver browser = browser();
        browser.get(base + "login");
        submitLogin(browser, login, passwords.get(login));
        await(browser, By.id("current-user"));
        return browser;
    }

    /** Vaadin 23.3's login form renders its fields in the page's own DOM (for password managers). */
    protected static WebElement loginForm(WebDriver browser) {
        return new WebDriverWait(browser, WAIT).until(b -> b.findElement(By.cssSelector("vaadin-login-form form")));
    }

    protected static void submitLogin(WebDriver browser, String login, String password) {
        WebElement form = loginForm(browser);
        WebElement user = form.findElement(By.cssSelector("#vaadinLoginUsername input"));
        user.clear();
        user.sendKeys(login);
        WebElement pass = form.findElement(By.cssSelector("#vaadinLoginPassword input"));
        pass.clear();
        pass.sendKeys(password + Keys.ENTER);
    }

    protected static WebElement await(WebDriver browser, By what) {
        return new WebDriverWait(browser, WAIT).until(b -> b.findElement(what));
    }

    /** The text of the element with this id, or "(no #id)". */
    protected static String text(WebDriver browser, String id) {
        List<WebElement> found = browser.findElements(By.id(id));
        return found.isEmpty() ? "(no #" + id + ")" : found.get(0).getText();
    }

    protected static void awaitText(WebDriver browser, String id, String expected, Duration wait) {
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

    /** Starts (or restarts) the agent of a member. */
    protected void startAgent(String name) throws Exception {
        Member m = members().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        Path dir = agentHome.getParent().resolve(name);
        List<String> config = new ArrayList<>(List.of(
            "listen = " + m.address() + "/" + agentPort,
            "stateDirectory = " + dir.resolve("state"),
            "configurator = dry-run",
            "serviceInterface = eth0",
            "user." + SNMP_USER + ".authPassword = " + AUTH,
            "user." + SNMP_USER + ".privPassword = " + PRIV,
            "user." + SNMP_USER + ".access = readwrite"));
        config.addAll(agentConfig(m));
        agents.put(name, LcmsContainerTestSupport.startAgentProcess(agentHome, dir, name, config));
    }

    /**
     * More agent.cfg lines for {@code member} (failover, health checks, notifications to {@link #trapPort}); none by
     * default.
     */
    protected List<String> agentConfig(Member member) throws Exception {
        return List.of();
    }

    /** Kills the agent of a member (its whole process tree). */
    protected void stopAgent(String name) {
        AssemblyProcess.destroyTree(agents.remove(name));
    }

    protected static void report(String line) {
        LcmsContainerTestSupport.report(line);
    }
}
