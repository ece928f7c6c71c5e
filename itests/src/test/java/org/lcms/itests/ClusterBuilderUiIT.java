package org.lcms.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The cluster builder of the web UI ({@code /lcms/build}) in a real headless Chromium against the karaf-assembly
 * and four real node agents (dry-run): each step refuses bad input next to the field, only eligible hosts are
 * offered, a cluster built in the browser is in the model and its agents get their roles (shown live per host), a
 * stopped agent is named in the report and turns in sync live when it is back, and a viewer can neither open the
 * builder nor apply with it.
 */
class ClusterBuilderUiIT extends BrowserTestBed {
    private static final String LB1 = "it-blb1";
    private static final String LB2 = "it-blb2";
    private static final String RS1 = "it-brs1";
    private static final String RS2 = "it-brs2";
    private static final String EXISTING = "it-bexist";
    private static final String WEB = "it-bweb";
    private static final String API = "it-bapi";
    private static final Duration LIVE = Duration.ofSeconds(40);

    @Override
    protected String bedName() {
        return "cluster-builder";
    }

    @Override
    protected List<Member> members() {
        return List.of(new Member(LB1, "127.0.0.111"), new Member(LB2, "127.0.0.112"), new Member(RS1, "127.0.0.113"),
            new Member(RS2, "127.0.0.114"));
    }

    @Override
    protected void prepareModel() throws Exception {
        addAdministrator("ui-builder2", "admin");
        shell("lcms:host-add --potential lb,bs --snmp-profile it " + LB1 + " 127.0.0.111");
        shell("lcms:host-add --potential lb,bs --snmp-profile it " + LB2 + " 127.0.0.112");
        shell("lcms:host-add --potential rs --weight 3 --snmp-profile it " + RS1 + " 127.0.0.113");
        shell("lcms:host-add --potential rs --snmp-profile it " + RS2 + " 127.0.0.114");
        // An inactive cluster without members: its id and VIP are taken, no host is.
        shell("lcms:cluster-build " + EXISTING + " 10.91.0.99 80");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private WebDriver builder(String login) {
        WebDriver browser = loggedIn(login);
        long t0 = System.nanoTime();
        browser.get(base + "build");
        awaitShown(browser, "builder-step", "Step 1 of 7: Service", WAIT);
        report("cluster builder: first render (navigation -> step 1 shown) " + (System.nanoTime() - t0) / 1_000_000
            + " ms");
        return browser;
    }

    /**
     * The text of the element with this id, read in one script: the builder re-renders a step's components after
     * every Next and Add, so an element found first and read afterwards may be gone (stale) in between.
     */
    private static String shown(WebDriver browser, String id) {
        Object t = ((JavascriptExecutor) browser).executeScript("const e = document.getElementById(arguments[0]);"
            + " return e ? e.innerText : null;", id);
        return t == null ? "(no #" + id + ")" : t.toString().trim();
    }

    private static String attribute(WebDriver browser, String id, String name) {
        Object t = ((JavascriptExecutor) browser).executeScript("const e = document.getElementById(arguments[0]);"
            + " return e ? e.getAttribute(arguments[1]) : null;", id, name);
        return String.valueOf(t);
    }

    private static void awaitShown(WebDriver browser, String id, String expected, Duration wait) {
        try {
            new WebDriverWait(browser, wait).until(b -> shown(b, id).equals(expected));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("#" + id + " is '" + shown(browser, id) + "', not '" + expected + "' after "
                + wait);
        }
    }

    /** Finds and acts in one go, again if the element was re-rendered in between. */
    private static void onElement(WebDriver browser, By what, java.util.function.Consumer<WebElement> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                action.accept(await(browser, what));
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static void type(WebDriver browser, String id, String text) {
        onElement(browser, By.cssSelector("#" + id + " input"), input -> {
            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
            input.sendKeys(text);
        });
    }

    private static void click(WebDriver browser, String id) {
        onElement(browser, By.id(id), WebElement::click);
    }

    private static void next(WebDriver browser, String expectedStep) {
        click(browser, "builder-next");
        awaitShown(browser, "builder-step", expectedStep, WAIT);
    }

    /** Next is refused: the message next to {@code field} names {@code mention}, and the step stays. */
    private static void refusedAt(WebDriver browser, String field, String mention, String step) {
        String id = "builder-" + field + "-error";
        click(browser, "builder-next");
        try {
            new WebDriverWait(browser, WAIT).until(b -> shown(b, id).contains(mention));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("#" + id + " is '" + shown(browser, id) + "', expected it to name '" + mention
                + "'; step " + shown(browser, "builder-step") + ", general '" + shown(browser, "builder-general-error")
                + "'");
        }
        assertEquals(step, shown(browser, "builder-step"), "Next did not advance");
    }

    private static List<String> offered(WebDriver browser, String role) {
        String prefix = "builder-" + role + "-option-";
        await(browser, By.id("builder-" + role + "-options"));
        List<?> ids = (List<?>) ((JavascriptExecutor) browser).executeScript("return Array.from(document"
            + ".querySelectorAll('#builder-" + role + "-options [id^=\"" + prefix + "\"]')).map(e => e.id);");
        return ids.stream().map(i -> String.valueOf(i).substring(prefix.length())).sorted().toList();
    }

    private static void service(WebDriver browser, String id, String vip, String port) {
        type(browser, "builder-id", id);
        type(browser, "builder-vip", vip);
        type(browser, "builder-port", port);
    }

    private static void chooseScheduler(WebDriver browser, String code) {
        onElement(browser, By.id("builder-scheduler"), group -> group.findElements(By.cssSelector(
            "vaadin-radio-button")).stream().filter(r -> r.getText().startsWith(code + " - ")).findFirst()
            .orElseThrow(() -> new AssertionError("no scheduler " + code + " offered")).click());
    }

    private static void awaitState(WebDriver browser, String host, String state, Duration wait) {
        try {
            new WebDriverWait(browser, wait).until(b -> shown(b, "progress-" + host).equals(state));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(host + " is '" + shown(browser, "progress-" + host) + "' ("
                + shown(browser, "progress-detail-" + host) + "), not '" + state + "' after " + wait + "; report: "
                + shown(browser, "build-report"));
        }
    }

    private static String line(String table, String first) {
        return table.lines().filter(l -> l.trim().startsWith(first + " ") || l.trim().startsWith(first + "|")
            || l.trim().startsWith(first)).findFirst().orElse("(no line for " + first + ")\n" + table);
    }

    // ---- tests -------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void aViewerCannotOpenTheBuilder() throws Exception {
        WebDriver browser = loggedIn("ui-viewer");
        assertTrue(browser.findElements(By.id("nav-build")).isEmpty(), "no 'Build a cluster' for a viewer");
        browser.get(base + "build");
        await(browser, By.id("current-user"));
        new WebDriverWait(browser, WAIT).until(b -> b.findElements(By.id("refusal")).stream()
            .anyMatch(e -> e.getText().contains("ui-viewer is a viewer and may not build, change or dissolve a "
                + "cluster")));
        assertTrue(browser.findElements(By.id("builder")).isEmpty(), "the builder was not shown");
        assertFalse(karaf.logLinesWith("refused to build, change or dissolve a cluster for ui-viewer").isEmpty(),
            "the refusal is logged");

        WebDriver admin = loggedIn("ui-admin");
        await(admin, By.id("nav-build"));
    }

    @Test
    @Order(2)
    void badInputAtEachStepIsRefusedNextToTheFieldAndNextDoesNotAdvance() throws Exception {
        WebDriver browser = builder("ui-admin");
        String s1 = "Step 1 of 7: Service";
        refusedAt(browser, "vip", "is not an IP address", s1);
        service(browser, "Bad_Id", "10.91.0.999", "80");
        refusedAt(browser, "vip", "'10.91.0.999' is not an IP address", s1);
        type(browser, "builder-vip", "10.91.0.1");
        refusedAt(browser, "id", "'Bad_Id' is not a valid cluster id", s1);
        type(browser, "builder-id", EXISTING);
        refusedAt(browser, "id", "cluster " + EXISTING + " already exists", s1);
        type(browser, "builder-id", WEB);
        type(browser, "builder-port", "70000");
        refusedAt(browser, "port", "port 70000 is outside 1..65535", s1);
        type(browser, "builder-port", "http");
        refusedAt(browser, "port", "'http' is not a port number", s1);
        type(browser, "builder-port", "80");
        type(browser, "builder-vip", "10.91.0.99");
        refusedAt(browser, "vip", "is already the VIP of cluster " + EXISTING, s1);
        type(browser, "builder-vip", "127.0.0.113");
        refusedAt(browser, "vip", "is the address of host " + RS1, s1);
        type(browser, "builder-vip", "10.91.0.1");
        next(browser, "Step 2 of 7: Scheduler");
        next(browser, "Step 3 of 7: Load balancer");

        String s3 = "Step 3 of 7: Load balancer";
        assertEquals(List.of(LB1, LB2), offered(browser, "lb"), "only hosts that may be lb");
        refusedAt(browser, "lb", "has no load balancer", s3);
        click(browser, "builder-lb-pick-" + LB1);
        awaitShown(browser, "builder-lb-chosen", LB1, WAIT);
        next(browser, "Step 4 of 7: Backup servers");

        assertEquals(List.of(LB2), offered(browser, "bs"), "only hosts that may be bs, without the chosen lb");
        click(browser, "builder-bs-add-" + LB2);
        awaitShown(browser, "builder-bs-1", "1. " + LB2, WAIT);
        next(browser, "Step 5 of 7: Real servers");

        String s5 = "Step 5 of 7: Real servers";
        assertEquals(List.of(RS1, RS2), offered(browser, "rs"), "only hosts that may be rs");
        refusedAt(browser, "rs", "has no real server", s5);
        click(browser, "builder-rs-add-" + RS1);
        await(browser, By.cssSelector("#builder-rs-weight-" + RS1 + " input"));
        assertEquals("3", String.valueOf(((JavascriptExecutor) browser).executeScript("return document"
            + ".querySelector('#builder-rs-weight-" + RS1 + " input').value;")), "the host's own weight to start with");
        type(browser, "builder-rs-weight-" + RS1, "heavy");
        refusedAt(browser, "rs", "weight 'heavy' is not a weight", s5);
        type(browser, "builder-rs-weight-" + RS1, "70000");
        refusedAt(browser, "rs", "weight 70000 is outside 0..65535", s5);
        type(browser, "builder-rs-weight-" + RS1, "10");

        // the same host twice: back to the load balancer, which becomes the backup chosen before
        click(browser, "builder-back");
        awaitShown(browser, "builder-step", "Step 4 of 7: Backup servers", WAIT);
        click(browser, "builder-back");
        awaitShown(browser, "builder-step", s3, WAIT);
        click(browser, "builder-lb-pick-" + LB2);
        awaitShown(browser, "builder-lb-chosen", LB2, WAIT);
        next(browser, "Step 4 of 7: Backup servers");
        refusedAt(browser, "bs", "host " + LB2 + " is named twice", "Step 4 of 7: Backup servers");

        assertFalse(shell("lcms:cluster-list").contains(WEB), "nothing was written");
    }

    @Test
    @Order(3)
    void aClusterBuiltInTheBuilderIsInTheModelAndItsAgentsGetTheirRolesLive() throws Exception {
        WebDriver browser = builder("ui-admin");
        service(browser, WEB, "10.91.0.1", "8080");
        next(browser, "Step 2 of 7: Scheduler");
        chooseScheduler(browser, "rr");
        next(browser, "Step 3 of 7: Load balancer");
        click(browser, "builder-lb-pick-" + LB1);
        awaitShown(browser, "builder-lb-chosen", LB1, WAIT);
        next(browser, "Step 4 of 7: Backup servers");
        click(browser, "builder-bs-add-" + LB2);
        awaitShown(browser, "builder-bs-1", "1. " + LB2, WAIT);
        next(browser, "Step 5 of 7: Real servers");
        click(browser, "builder-rs-add-" + RS1);
        type(browser, "builder-rs-weight-" + RS1, "10");
        click(browser, "builder-rs-add-" + RS2);
        type(browser, "builder-rs-weight-" + RS2, "20");
        next(browser, "Step 6 of 7: Health check");
        next(browser, "Step 7 of 7: Review");
        assertEquals(WEB, shown(browser, "review-id"));
        assertEquals("10.91.0.1:8080/tcp", shown(browser, "review-service"));
        assertEquals("rr - round robin", shown(browser, "review-scheduler"));
        assertEquals(LB1, shown(browser, "review-lb"));
        assertEquals(LB2, shown(browser, "review-backups"));
        assertEquals(RS1 + " weight 10, " + RS2 + " weight 20", shown(browser, "review-rs"));

        ((JavascriptExecutor) browser).executeScript("window.lcmsNoReload = true;");
        long t0 = System.nanoTime();
        click(browser, "builder-apply");
        for (String host : List.of(LB1, LB2, RS1, RS2)) {
            await(browser, By.id("progress-" + host));
        }
        long shown = System.nanoTime();
        for (String host : List.of(LB1, LB2, RS1, RS2)) {
            awaitState(browser, host, "in sync", LIVE);
        }
        new WebDriverWait(browser, LIVE).until(b -> "true".equals(attribute(b, "build-report", "data-done")));
        long done = System.nanoTime();
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.lcmsNoReload === true;"),
            "the progress came live, without a reload");
        String summary = shown(browser, "build-report");
        assertTrue(summary.startsWith("All 4 hosts of " + WEB + " have their roles"), summary);
        report("cluster builder: apply -> progress rows shown " + (shown - t0) / 1_000_000 + " ms; apply -> all 4 "
            + "hosts in sync on screen " + (done - t0) / 1_000_000 + " ms (" + summary + ")");
        assertEquals("clusters/" + WEB, browser.findElement(By.id("build-cluster-link")).getAttribute("href")
            .replaceFirst("^.*/lcms/", ""));

        String list = shell("lcms:cluster-list");
        String row = line(list, WEB);
        assertTrue(row.contains("10.91.0.1:8080/tcp") && row.contains("rr") && row.contains(LB1)
            && row.contains(LB2) && row.contains("yes"), "the model has the cluster, active:\n" + list);
        String show = shell("lcms:cluster-show " + WEB);
        assertTrue(show.contains(RS1) && show.contains("10") && show.contains(RS2) && show.contains("20"), show);
        String status = shell("lcms:cluster-status " + WEB);
        assertTrue(status.contains("cluster " + WEB + ": 10.91.0.1:8080/tcp rr"), status);
        String hosts = shell("lcms:hosts-status");
        for (String[] want : List.of(new String[] {LB1, "lb"}, new String[] {LB2, "bs"}, new String[] {RS1, "rs"},
            new String[] {RS2, "rs"})) {
            String h = line(hosts, want[0]);
            assertTrue(h.contains("| " + want[1] + " ") && h.contains(WEB) && h.contains("in sync"),
                want[0] + " has role " + want[1] + " of " + WEB + " by its agent:\n" + hosts);
        }
    }

    @Test
    @Order(4)
    void aStoppedAgentIsNamedInTheReportAndTurnsInSyncLiveWhenItIsBack() throws Exception {
        // Free both load balancer hosts: the first cluster goes (dissolved through the shell, as an operator would).
        if (shell("lcms:cluster-list").contains(WEB)) {
            shell("lcms:cluster-dissolve --force " + WEB);
        }
        stopAgent(RS2);
        String hosts = "";
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < end; Thread.sleep(300)) {
            hosts = shell("lcms:hosts-status");
            if (line(hosts, RS2).contains("unreachable")) {
                break;
            }
        }
        assertTrue(line(hosts, RS2).contains("unreachable"), "the manager noticed the stopped agent:\n" + hosts);

        WebDriver browser = builder("ui-admin");
        service(browser, API, "10.91.0.2", "80");
        next(browser, "Step 2 of 7: Scheduler");
        next(browser, "Step 3 of 7: Load balancer");
        click(browser, "builder-lb-pick-" + LB2);
        awaitShown(browser, "builder-lb-chosen", LB2, WAIT);
        next(browser, "Step 4 of 7: Backup servers");
        next(browser, "Step 5 of 7: Real servers");
        click(browser, "builder-rs-add-" + RS1);
        await(browser, By.id("builder-rs-weight-" + RS1));
        click(browser, "builder-rs-add-" + RS2);
        await(browser, By.id("builder-rs-weight-" + RS2));
        next(browser, "Step 6 of 7: Health check");
        next(browser, "Step 7 of 7: Review");
        ((JavascriptExecutor) browser).executeScript("window.lcmsNoReload = true;");
        click(browser, "builder-apply");
        awaitState(browser, LB2, "in sync", LIVE);
        awaitState(browser, RS1, "in sync", LIVE);
        awaitState(browser, RS2, "waiting for its agent", LIVE);
        String detail = shown(browser, "progress-detail-" + RS2);
        assertTrue(detail.startsWith("its agent does not answer"), detail);
        new WebDriverWait(browser, WAIT).until(b -> shown(b, "build-report").contains(RS2));
        String report = shown(browser, "build-report");
        assertTrue(report.startsWith("2 of 3 hosts of " + API + " have their roles. " + RS2 + " (rs weight 1) "
            + "waiting for its agent: its agent does not answer"), report);
        assertTrue(report.contains("retries by itself") && report.contains("no need to build again"), report);
        assertEquals("false", attribute(browser, "build-report", "data-done"));
        report("cluster builder: report with a stopped agent: " + report);

        long t0 = System.nanoTime();
        startAgent(RS2);
        awaitState(browser, RS2, "in sync", LIVE);
        new WebDriverWait(browser, WAIT).until(b -> "true".equals(attribute(b, "build-report", "data-done")));
        report("cluster builder: agent restarted -> " + RS2 + " in sync on screen " + (System.nanoTime() - t0)
            / 1_000_000 + " ms (" + shown(browser, "build-report") + ")");
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.lcmsNoReload === true;"),
            "live, without a reload");
        String h = line(shell("lcms:hosts-status"), RS2);
        assertTrue(h.contains("| rs ") && h.contains(API) && h.contains("in sync"), h);
    }

    @Test
    @Order(5)
    void aModelRefusalAtApplyAndAForgedApplyWriteNothing() throws Exception {
        WebDriver browser = builder("ui-builder2");
        service(browser, "it-bforged", "10.91.0.3", "80");
        next(browser, "Step 2 of 7: Scheduler");
        next(browser, "Step 3 of 7: Load balancer");
        click(browser, "builder-lb-pick-" + LB1);
        awaitShown(browser, "builder-lb-chosen", LB1, WAIT);
        next(browser, "Step 4 of 7: Backup servers");
        next(browser, "Step 5 of 7: Real servers");
        click(browser, "builder-rs-add-" + RS1);
        await(browser, By.id("builder-rs-weight-" + RS1));
        next(browser, "Step 6 of 7: Health check");
        next(browser, "Step 7 of 7: Review");

        // Someone takes the VIP meanwhile: apply is refused by the model's rule, next to the VIP, nothing written.
        shell("lcms:cluster-build it-bsteal 10.91.0.3 81");
        click(browser, "builder-apply");
        awaitShown(browser, "builder-step", "Step 1 of 7: Service", WAIT);
        new WebDriverWait(browser, WAIT).until(b -> shown(b, "builder-vip-error").contains(
            "is already the VIP of cluster it-bsteal"));
        assertFalse(shell("lcms:cluster-list").contains("it-bforged"), "nothing was written");
        assertTrue(browser.findElements(By.id("build-report")).isEmpty(), "no progress for a refused build");

        type(browser, "builder-vip", "10.91.0.4");
        for (String step : List.of("Step 2 of 7: Scheduler", "Step 3 of 7: Load balancer", "Step 4 of 7: Backup "
            + "servers", "Step 5 of 7: Real servers", "Step 6 of 7: Health check", "Step 7 of 7: Review")) {
            next(browser, step);
        }
        // The administrator is made a viewer while the review is open: the apply is refused by the server.
        shell("lcms:admin-change --role viewer ui-builder2");
        click(browser, "builder-apply");
        awaitShown(browser, "refusal", "Refused: ui-builder2 is a viewer and may not build, change or dissolve a "
            + "cluster; ask an administrator with the admin role.", WAIT);
        Thread.sleep(1000);
        assertFalse(shell("lcms:cluster-list").contains("it-bforged"), "nothing was written");
        assertTrue(browser.findElements(By.id("build-report")).isEmpty(), "no progress for a refused build");
        assertFalse(karaf.logLinesWith("refused to build, change or dissolve a cluster for ui-builder2").isEmpty(),
            "the refusal is logged");
    }
}
