package org.lcms.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Hosts, Events and Administrators views in a real headless Chromium against the assembly started as a process
 * ({@link BrowserTestBed}) with two real node agents (dry-run) on 127.0.0.91 and 127.0.0.92: adding, changing and
 * removing hosts with the model's messages next to the fields, filter and sort, live SNMP state, the history with
 * live additions, administrators with generated and typed passwords, and a viewer whose forged clicks the server
 * refuses. The shell ({@code lcms:host-list}, {@code lcms:admin-list}) is the independent witness of each change.
 */
class AdminViewsUiIT extends BrowserTestBed {
    private static final String LB = "av-lb";
    private static final String RS = "av-rs";
    private static final String CLUSTER = "av-www";
    private static final String NEW = "av-new";

    @Override
    protected String bedName() {
        return "admin-views";
    }

    @Override
    protected List<Member> members() {
        return List.of(new Member(LB, "127.0.0.91"), new Member(RS, "127.0.0.92"));
    }

    @Override
    protected void prepareModel() throws Exception {
        shell("lcms:host-add --potential lb,bs --snmp-profile it " + LB + " 127.0.0.91");
        shell("lcms:host-add --potential rs --snmp-profile it " + RS + " 127.0.0.92");
        // no agents: for the filter and the numeric address order (10.91.0.9 before 10.91.0.10)
        shell("lcms:host-add --potential rs --snmp-profile it av-c 10.91.0.10");
        shell("lcms:host-add --potential rs --snmp-profile it av-d 10.91.0.9");
        shell("lcms:cluster-build --lb " + LB + " --rs " + RS + " " + CLUSTER + " 10.91.1.100 80");
    }

    private WebDriver hostsAs(String login) {
        WebDriver browser = loggedIn(login);
        browser.get(base + "hosts");
        awaitShown(browser, "host-name-" + LB);
        return browser;
    }

    private static JavascriptExecutor js(WebDriver browser) {
        return (JavascriptExecutor) browser;
    }

    private static void type(WebDriver browser, String fieldId, String value) {
        // displayed: a field the server has just made visible is not typed into before it shows
        WebElement input = new WebDriverWait(browser, WAIT).until(b -> {
            WebElement i = b.findElement(By.cssSelector("#" + fieldId + " input"));
            return i.isDisplayed() ? i : null;
        });
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(value, Keys.TAB);
    }

    /**
     * Clicks the element with this id that is shown (a grid keeps hidden rows with old content), as a user does; if
     * something covers it (a notification over a row's button), the click is given to the element itself.
     */
    private static void click(WebDriver browser, String id) {
        new WebDriverWait(browser, WAIT).until(b -> shown(b, id).isPresent());
        WebElement e = shown(browser, id).orElseThrow();
        js(browser).executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", e);
        try {
            e.click();
        } catch (org.openqa.selenium.ElementClickInterceptedException covered) {
            js(browser).executeScript("arguments[0].click();", e);
        }
    }

    /**
     * The element with this id that is rendered: a grid's hidden rows may keep the content of rows that are gone.
     * checkVisibility, not isDisplayed: an empty cell is shown but has no size.
     */
    private static Optional<WebElement> shown(WebDriver browser, String id) {
        List<WebElement> found = displayed(browser, "[id=\"" + id + "\"]");
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The rendered elements matching {@code css}. */
    @SuppressWarnings("unchecked")
    private static List<WebElement> displayed(WebDriver browser, String css) {
        return (List<WebElement>) js(browser).executeScript("return Array.from(document.querySelectorAll("
            + "arguments[0])).filter(e => e.checkVisibility());", css);
    }

    private static String shownText(WebDriver browser, String id) {
        try {
            return shown(browser, id).map(WebElement::getText).orElse("(no #" + id + " shown)");
        } catch (StaleElementReferenceException e) {
            return "(#" + id + " re-rendered)";
        }
    }

    private static void awaitShown(WebDriver browser, String id) {
        try {
            new WebDriverWait(browser, WAIT).until(b -> shown(b, id).isPresent());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("#" + id + " is not shown after " + WAIT);
        }
    }

    private static void awaitShownText(WebDriver browser, String id, String expected, Duration wait) {
        try {
            new WebDriverWait(browser, wait).until(b -> shownText(b, id).equals(expected));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("#" + id + " is '" + shownText(browser, id) + "', not '" + expected + "' after "
                + wait);
        }
    }

    /** The error shown next to a field (its errorMessage, only when the field is invalid). */
    private static String fieldError(WebDriver browser, String fieldId) {
        WebElement field = browser.findElement(By.id(fieldId));
        return "true".equals(String.valueOf(field.getDomProperty("invalid")))
            ? String.valueOf(field.getDomProperty("errorMessage")) : "";
    }

    private static String awaitFieldError(WebDriver browser, String fieldId, String contains) {
        try {
            new WebDriverWait(browser, WAIT).until(b -> fieldError(b, fieldId).contains(contains));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("#" + fieldId + " shows '" + fieldError(browser, fieldId) + "', not '" + contains
                + "'; form error: " + text(browser, "host-form-error"));
        }
        return fieldError(browser, fieldId);
    }

    private static boolean dialogOpen(WebDriver browser) {
        return !browser.findElements(By.cssSelector("vaadin-dialog-overlay[opened]")).isEmpty();
    }

    private static void awaitNoDialog(WebDriver browser) {
        new WebDriverWait(browser, WAIT).until(b -> !dialogOpen(b));
    }

    private static void awaitGone(WebDriver browser, String id) {
        try {
            new WebDriverWait(browser, WAIT).until(b -> shown(b, id).isEmpty());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("#" + id + " is still shown after " + WAIT);
        }
    }

    private static int index(WebDriver browser, String id) {
        awaitShown(browser, id);
        return Integer.parseInt(shown(browser, id).orElseThrow().getAttribute("data-index"));
    }

    /** The navigation timing of the page (start to load event), and when the view's first row showed. */
    private static long navigationMillis(WebDriver browser) {
        Object value = js(browser).executeScript("const n = performance.getEntriesByType('navigation')[0]; "
            + "return Math.round(n.loadEventEnd - n.startTime);");
        return ((Number) value).longValue();
    }

    private long timedFirstRender(WebDriver browser, String route, By firstRow) {
        long t0 = System.nanoTime();
        browser.get(base + route);
        new WebDriverWait(browser, WAIT, Duration.ofMillis(10)).until(b -> b.findElement(firstRow));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        report("admin views: " + route + " first render " + millis + " ms from navigation to the first row "
            + "(navigation timing start -> load event " + navigationMillis(browser) + " ms)");
        return millis;
    }

    @Test
    @Order(1)
    void theHostsGridShowsTheInventoryWithLiveStateAndEachViewRendersFast() {
        WebDriver browser = loggedIn("ui-admin");
        long hosts = timedFirstRender(browser, "hosts", By.id("host-name-" + LB));
        assertEquals("127.0.0.91", shownText(browser, "host-address-" + LB));
        assertEquals("lb, bs", shownText(browser, "host-potential-" + LB));
        assertEquals("it", shownText(browser, "host-profile-" + LB));
        assertEquals("lb of " + CLUSTER, shownText(browser, "host-role-" + LB));
        assertEquals("rs of " + CLUSTER, shownText(browser, "host-role-" + RS));
        assertEquals("it", shownText(browser, "host-profile-av-c"));
        awaitShownText(browser, "host-reachable-" + LB, "reachable", WAIT);
        awaitShownText(browser, "host-reachable-" + RS, "reachable", WAIT);
        new WebDriverWait(browser, WAIT).until(b -> shownText(b, "host-rtt-" + RS).endsWith(" ms"));
        new WebDriverWait(browser, WAIT).until(b -> shownText(b, "host-reachable-av-c").equals("unreachable"));
        assertEquals("", shownText(browser, "host-rtt-av-c"), "no RTT for a host that never answered");
        assertEquals("4 hosts", text(browser, "hosts-count"));
        assertEquals("", text(browser, "hosts-problems"));
        assertNull(browser.findElement(By.id("host-add")).getAttribute("disabled"), "an admin may add hosts");
        report("admin views: " + RS + " reachable, RTT " + shownText(browser, "host-rtt-" + RS) + ", role (agent) '"
            + shownText(browser, "host-live-role-" + RS) + "', assignment '" + shownText(browser, "host-assignment-" + RS) + "'");
        long events = timedFirstRender(browser, "events", By.cssSelector("[id^='ev-type-']"));
        long admins = timedFirstRender(browser, "administrators", By.id("admin-login-ui-admin"));
        for (long millis : List.of(hosts, events, admins)) {
            assertTrue(millis < 5000, "a view shows its first row within 5 s here: " + millis + " ms");
        }
    }

    @Test
    @Order(2)
    void aBadAddressADuplicateNameAndAnUnknownProfileAreShownNextToTheirFieldsAndNothingIsAdded() throws Exception {
        WebDriver browser = hostsAs("ui-admin");
        String before = shell("lcms:host-list");
        click(browser, "host-add");
        await(browser, By.id("host-dialog"));
        type(browser, "host-form-name", NEW);
        type(browser, "host-form-address", "10.0.0.300");
        click(browser, "host-form-save");
        String address = awaitFieldError(browser, "host-form-address", "is not an IP address");
        assertEquals("'10.0.0.300' is not an IP address; write an IPv4 address such as 192.0.2.10 or an IPv6 "
            + "address such as 2001:db8::10 (names are not resolved)", address);
        assertEquals("", fieldError(browser, "host-form-name"), "only the address is wrong");
        assertTrue(dialogOpen(browser), "the dialog stays open for the fix");

        // a good address and profile, but the name of an existing host: the model's rule, next to the name
        type(browser, "host-form-name", LB);
        type(browser, "host-form-address", "127.0.0.99");
        type(browser, "host-form-profile", "it");
        click(browser, "host-form-save");
        assertEquals("host " + LB + " already exists (127.0.0.91); choose another name or change the existing host",
            awaitFieldError(browser, "host-form-name", "already exists"));

        // a profile the SNMP manager does not have
        type(browser, "host-form-name", NEW);
        type(browser, "host-form-profile", "nope");
        click(browser, "host-form-save");
        assertTrue(awaitFieldError(browser, "host-form-profile", "unknown SNMP profile 'nope'").contains("it"),
            "the known profiles are named: " + fieldError(browser, "host-form-profile"));

        click(browser, "host-form-cancel");
        awaitNoDialog(browser);
        String after = shell("lcms:host-list");
        assertFalse(after.contains(NEW) || after.contains("127.0.0.99") || after.contains("10.0.0.300"),
            "nothing added:\n" + after);
        assertEquals(before, after, "the inventory did not change");
        assertTrue(shown(browser, "host-name-" + NEW).isEmpty());
    }

    @Test
    @Order(3)
    void aGoodHostIsAddedThenChangedAndShowsInTheGridAndTheShell() throws Exception {
        WebDriver browser = hostsAs("ui-admin");
        click(browser, "host-add");
        type(browser, "host-form-name", NEW);
        type(browser, "host-form-address", "127.0.0.93");
        type(browser, "host-form-profile", "it");
        click(browser, "host-form-save");
        awaitNoDialog(browser);
        awaitShownText(browser, "host-address-" + NEW, "127.0.0.93", WAIT);
        assertEquals("Host " + NEW + " added.", text(browser, "action-result"));
        String list = shell("lcms:host-list");
        assertTrue(list.lines().anyMatch(l -> l.contains(NEW) && l.contains("127.0.0.93")), list);

        click(browser, "host-edit-" + NEW);
        await(browser, By.id("host-dialog"));
        assertEquals("true", browser.findElement(By.id("host-form-name")).getDomProperty("readonly"),
            "the name is the key: not changed in place");
        type(browser, "host-form-address", "127.0.0.94");
        type(browser, "host-form-weight", "7");
        click(browser, "host-form-save");
        awaitNoDialog(browser);
        awaitShownText(browser, "host-address-" + NEW, "127.0.0.94", WAIT);
        String show = shell("lcms:host-show " + NEW);
        assertTrue(show.contains("127.0.0.94") && show.lines().anyMatch(l -> l.matches("\\s*Weight\\s*\\|?\\s*7\\s*")),
            show);
        assertTrue(shell("lcms:history --object " + NEW).contains("ui-admin"), "changed as ui-admin");
    }

    @Test
    @Order(4)
    void removeAsksForConfirmationAndAHostInAClusterIsKeptWithTheModelsMessage() throws Exception {
        WebDriver browser = hostsAs("ui-admin");
        awaitShown(browser, "host-name-" + NEW);
        // in a cluster: the model refuses, nothing changes
        click(browser, "host-remove-" + LB);
        await(browser, By.id("confirm-remove-host"));
        click(browser, "confirm-remove-host-yes");
        new WebDriverWait(browser, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
            .until(b -> text(b, "action-result").contains("was not removed"));
        assertEquals("Host " + LB + " was not removed: host " + LB + " is used by cluster " + CLUSTER
            + " (lb); remove it from that cluster (or dissolve it) first", text(browser, "action-result"));
        assertTrue(shell("lcms:host-list").contains(LB));
        assertTrue(shown(browser, "host-name-" + LB).isPresent());

        // cancelled: still there
        click(browser, "host-remove-" + NEW);
        await(browser, By.id("confirm-remove-host"));
        click(browser, "confirm-remove-host-no");
        awaitNoDialog(browser);
        assertTrue(shell("lcms:host-list").contains(NEW), "a cancelled removal removes nothing");

        click(browser, "host-remove-" + NEW);
        await(browser, By.id("confirm-remove-host"));
        click(browser, "confirm-remove-host-yes");
        awaitGone(browser, "host-name-" + NEW);
        assertFalse(shell("lcms:host-list").contains(NEW), "removed from the model");
    }

    @Test
    @Order(5)
    void theFilterNarrowsByNameAddressAndRoleAndColumnsSort() {
        WebDriver browser = hostsAs("ui-admin");
        type(browser, "host-filter", "10.91.0");
        awaitGone(browser, "host-name-" + LB);
        awaitShown(browser, "host-name-av-c");
        awaitShown(browser, "host-name-av-d");
        awaitText(browser, "hosts-count", "2 of 4 hosts", WAIT);
        type(browser, "host-filter", "lb");
        awaitShown(browser, "host-name-" + LB);
        awaitGone(browser, "host-name-av-c");
        assertTrue(shown(browser, "host-name-" + RS).isEmpty(), "rs is no lb");
        type(browser, "host-filter", "rs of " + CLUSTER);
        awaitShown(browser, "host-name-" + RS);
        awaitGone(browser, "host-name-" + LB);
        awaitGone(browser, "host-name-av-c");
        type(browser, "host-filter", "");
        awaitShown(browser, "host-name-av-c");
        awaitText(browser, "hosts-count", "4 hosts", WAIT);

        // by name (default order of the rows): av-c, av-d, av-lb, av-rs
        assertTrue(index(browser, "host-name-av-c") < index(browser, "host-name-av-d"));
        sortBy(browser, "Address");
        new WebDriverWait(browser, WAIT).until(b -> index(b, "host-name-av-d") < index(b, "host-name-av-c"));
        assertTrue(index(browser, "host-name-av-c") < index(browser, "host-name-" + LB),
            "10.91.0.9 < 10.91.0.10 < 127.0.0.91: numeric, not text order");
        assertTrue(index(browser, "host-name-" + LB) < index(browser, "host-name-" + RS));
        sortBy(browser, "Address");
        new WebDriverWait(browser, WAIT).until(b -> index(b, "host-name-" + RS) < index(b, "host-name-" + LB));
        assertTrue(index(browser, "host-name-av-c") < index(browser, "host-name-av-d"), "descending");
    }

    /** The last recorded change of the observed cell, which must be to {@code text}. */
    private static Map<?, ?> lastChange(WebDriver browser, String text) {
        List<?> changes = (List<?>) js(browser).executeScript("return window.lcmsChanges;");
        assertFalse(changes.isEmpty(), "the cell changed in place");
        Map<?, ?> last = (Map<?, ?>) changes.get(changes.size() - 1);
        assertEquals(text, last.get("text"), "last change: " + changes);
        return last;
    }

    private static void sortBy(WebDriver browser, String header) {
        Object clicked = js(browser).executeScript("const s = Array.from(document.querySelectorAll("
            + "'#hosts vaadin-grid-sorter')).find(s => s.textContent.trim() === arguments[0]); "
            + "if (s) { s.click(); return true; } return false;", header);
        assertEquals(Boolean.TRUE, clicked, "a sorter for " + header);
    }

    @Test
    @Order(6)
    void liveStateFollowsAnAgentStoppingAndStartingWithoutAReload() throws Exception {
        WebDriver browser = hostsAs("ui-admin");
        awaitShownText(browser, "host-reachable-" + RS, "reachable", WAIT);
        // a marker a reload would wipe, and when the cell changed with the live state's time then (browser clock)
        js(browser).executeScript("window.lcmsNoReload = true; window.lcmsChanges = []; let last = '';"
            + "new MutationObserver(() => { const c = Array.from(document.querySelectorAll('[id=\"host-reachable-"
            + RS + "\"]')).find(e => e.checkVisibility()); const t = c ? c.textContent : '';"
            + "  if (t !== last) { last = t; window.lcmsChanges.push({text: t, at: Date.now(), state: "
            + "document.getElementById('hosts-updated').getAttribute('data-time')}); } })"
            + ".observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});");
        long stopped = System.currentTimeMillis();
        stopAgent(RS);
        try {
            awaitShownText(browser, "host-reachable-" + RS, "unreachable", WAIT);
            long down = System.currentTimeMillis() - stopped;
            Map<?, ?> change = lastChange(browser, "unreachable");
            long latency = ((Number) change.get("at")).longValue() - Long.parseLong(String.valueOf(change.get("state")));
            report("admin views: Hosts view live state -> screen (unreachable): " + latency + " ms");
            assertTrue(latency >= 0 && latency <= 2000, "live state to screen within 2 s: " + change);
            assertNotEquals("", shownText(browser, "host-problem-" + RS), "the reason is shown");
            report("admin views: agent stopped -> 'unreachable' on the Hosts view " + down + " ms (2 unanswered "
                + "polls at 1 s, 300 ms timeout, then the push); problem: " + shownText(browser, "host-problem-" + RS));
        } finally {
            startAgent(RS);
        }
        long started = System.currentTimeMillis();
        awaitShownText(browser, "host-reachable-" + RS, "reachable", WAIT);
        report("admin views: agent started -> 'reachable' " + (System.currentTimeMillis() - started) + " ms");
        Map<?, ?> back = lastChange(browser, "reachable");
        long latency = ((Number) back.get("at")).longValue() - Long.parseLong(String.valueOf(back.get("state")));
        report("admin views: Hosts view live state -> screen (reachable): " + latency + " ms");
        assertTrue(latency >= 0 && latency <= 2000, "live state to screen within 2 s: " + back);
        assertEquals(Boolean.TRUE, js(browser).executeScript("return window.lcmsNoReload === true;"),
            "changed in place, no reload");
    }

    @Test
    @Order(7)
    void theEventsViewShowsTheHistoryNewestFirstWithTheActorAndNewEventsAppearLive() throws Exception {
        WebDriver browser = loggedIn("ui-admin");
        browser.get(base + "events");
        await(browser, By.cssSelector("[id^='ev-type-']"));
        type(browser, "event-filter-object", NEW);
        // added, changed, removed of av-new by ui-admin (and maybe its unanswered agent's events)
        Map<String, String> keys = new java.util.HashMap<>();
        new WebDriverWait(browser, WAIT).until(b -> {
            keys.clear();
            for (WebElement e : displayed(b, "[id^='ev-type-']")) {
                String key = e.getAttribute("id").substring("ev-type-".length());
                if (shownText(b, "ev-object-" + key).equals("host " + NEW)) {
                    keys.putIfAbsent(e.getText(), key);
                }
            }
            return keys.keySet().containsAll(List.of("host-added", "host-changed", "host-removed"));
        });
        String add = keys.get("host-added");
        assertEquals("ui-admin", shownText(browser, "ev-actor-" + add), "the actor of the host-add");
        assertTrue(index(browser, "ev-type-" + keys.get("host-removed"))
            < index(browser, "ev-type-" + keys.get("host-changed"))
            && index(browser, "ev-type-" + keys.get("host-changed")) < index(browser, "ev-type-" + add),
            "newest first: removed, changed, added");
        assertTrue(displayed(browser, "[id^='ev-object-']").stream().allMatch(e -> e.getText().contains(NEW)),
            "the object filter shows only " + NEW);

        // the agent stopped by the test before: its live event, by type
        type(browser, "event-filter-object", "");
        type(browser, "event-filter-text", "lcmsAgentUnreachable " + RS);
        new WebDriverWait(browser, WAIT).until(b -> displayed(b, "[id^='ev-type-']").stream()
            .anyMatch(e -> e.getText().equals("lcmsAgentUnreachable")));

        // live: a host added in the shell appears without a reload
        type(browser, "event-filter-text", "");
        type(browser, "event-filter-object", "av-live");
        js(browser).executeScript("window.lcmsNoReload = true;");
        long t0 = System.currentTimeMillis();
        shell("lcms:host-add av-live 10.91.0.77");
        long added = System.currentTimeMillis();
        new WebDriverWait(browser, WAIT).until(b -> displayed(b, "[id^='ev-object-']").stream()
            .anyMatch(e -> e.getText().equals("host av-live")));
        long shown = System.currentTimeMillis();
        assertEquals(Boolean.TRUE, js(browser).executeScript("return window.lcmsNoReload === true;"), "no reload");
        String newest = await(browser, By.id("events-newest")).getAttribute("data-time");
        report("admin views: a shell host-add on the Events view " + (shown - added) + " ms after the command returned "
            + "(" + (shown - t0) + " ms after it was sent; recorded at " + newest + ")");
        shell("lcms:host-remove av-live");
    }

    @Test
    @Order(8)
    void anAdminAddsAViewerWithAGeneratedPasswordShownOnceWhoCanThenLogIn() throws Exception {
        WebDriver browser = loggedIn("ui-admin");
        browser.get(base + "administrators");
        awaitShown(browser, "admin-login-ui-viewer");
        click(browser, "admin-add");
        type(browser, "admin-form-login", "av-ann");
        type(browser, "admin-form-name", "Ann Viewer");
        click(browser, "admin-form-save");
        WebElement shownOnce = await(browser, By.id("generated-password"));
        String password = shownOnce.getText();
        assertTrue(password.matches("[A-Za-z0-9]{20}"), "a generated password: " + password);
        click(browser, "generated-password-close");
        awaitNoDialog(browser);
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> !b.getPageSource().contains(password));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the generated password is still in the page 10 s after its dialog closed");
        }
        awaitShownText(browser, "admin-role-av-ann", "viewer", WAIT);
        assertTrue(shell("lcms:admin-list").lines().anyMatch(l -> l.contains("av-ann") && l.contains("viewer")));
        browser.navigate().refresh();
        awaitShown(browser, "admin-login-av-ann");
        assertFalse(browser.getPageSource().contains(password), "not shown again after a reload");

        passwords.put("av-ann", password);
        WebDriver ann = loggedIn("av-ann");
        assertEquals("Ann Viewer (viewer)", ann.findElement(By.id("current-user")).getText());
    }

    @Test
    @Order(9)
    void anAdminChangesARoleAndResetsAPasswordTypedTwice() throws Exception {
        WebDriver browser = loggedIn("ui-admin");
        browser.get(base + "administrators");
        click(browser, "admin-set-role-av-ann");
        await(browser, By.id("admin-role-dialog"));
        chooseRadio(browser, "admin-role-select", "admin");
        click(browser, "admin-role-save");
        awaitNoDialog(browser);
        awaitShownText(browser, "admin-role-av-ann", "admin", WAIT);
        assertTrue(shell("lcms:admin-list").lines().anyMatch(l -> l.contains("av-ann") && l.contains("admin")
            && !l.contains("viewer")));

        click(browser, "admin-reset-av-ann");
        await(browser, By.id("admin-reset-dialog"));
        click(browser, "admin-reset-generate"); // type it instead
        type(browser, "admin-reset-password", "correct horse battery staple");
        type(browser, "admin-reset-password2", "correct horse battery stapel");
        click(browser, "admin-reset-save");
        new WebDriverWait(browser, WAIT).until(b -> String.valueOf(b.findElement(By.id("admin-reset-password2"))
            .getDomProperty("errorMessage")).contains("differ"));
        type(browser, "admin-reset-password", "short");
        type(browser, "admin-reset-password2", "short");
        click(browser, "admin-reset-save");
        new WebDriverWait(browser, WAIT).until(b -> String.valueOf(b.findElement(By.id("admin-reset-password"))
            .getDomProperty("errorMessage")).contains("use 12 to 128"));
        type(browser, "admin-reset-password", "correct horse battery staple");
        type(browser, "admin-reset-password2", "correct horse battery staple");
        click(browser, "admin-reset-save");
        awaitNoDialog(browser);
        new WebDriverWait(browser, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
            .until(b -> text(b, "action-result").equals("New password set for av-ann."));

        String old = passwords.get("av-ann");
        WebDriver refused = browser();
        refused.get(base + "login");
        submitLogin(refused, "av-ann", old);
        awaitText(refused, "login-message", "Wrong login or password.", WAIT);
        passwords.put("av-ann", "correct horse battery staple");
        WebDriver ann = loggedIn("av-ann");
        assertEquals("Ann Viewer (admin)", ann.findElement(By.id("current-user")).getText());
    }

    /** Picks a radio button once its dialog shows (opening it is a round trip; a closed one may linger). */
    private static void chooseRadio(WebDriver browser, String groupId, String label) {
        try {
            new WebDriverWait(browser, WAIT).until(b -> Boolean.TRUE.equals(js(b).executeScript("const r = "
                + "Array.from(document.querySelectorAll('[id=\"' + arguments[0] + '\"] vaadin-radio-button'))"
                + ".find(r => r.checkVisibility() && r.textContent.trim() === arguments[1]); "
                + "if (r) { (r.querySelector('input') || r).click(); return true; } return false;", groupId, label)));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no radio button " + label + " shown in #" + groupId + " after " + WAIT);
        }
    }

    @Test
    @Order(10)
    void theLastAdminCannotBeRemovedOrDemoted() throws Exception {
        // make ui-admin the only admin: av-ann back to viewer, the initial admin to viewer
        WebDriver browser = loggedIn("ui-admin");
        browser.get(base + "administrators");
        for (String login : List.of("av-ann", "admin")) {
            click(browser, "admin-set-role-" + login);
            chooseRadio(browser, "admin-role-select", "viewer");
            click(browser, "admin-role-save");
            awaitNoDialog(browser);
            awaitShownText(browser, "admin-role-" + login, "viewer", WAIT);
        }
        click(browser, "admin-set-role-ui-admin");
        chooseRadio(browser, "admin-role-select", "viewer");
        click(browser, "admin-role-save");
        new WebDriverWait(browser, WAIT).until(b -> text(b, "admin-role-error").contains("last"));
        report("admin views: demoting the last admin: " + text(browser, "admin-role-error"));
        click(browser, "admin-role-cancel");
        awaitNoDialog(browser);
        click(browser, "admin-remove-ui-admin");
        click(browser, "confirm-remove-admin-yes");
        new WebDriverWait(browser, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
            .until(b -> text(b, "action-result").contains("was not removed"));
        assertTrue(shell("lcms:admin-list").lines().anyMatch(l -> l.contains("ui-admin") && l.contains("admin")),
            "ui-admin is still there with role admin");
        shell("lcms:admin-change --role admin admin");
    }

    @Test
    @Order(11)
    void aViewerSeesTheViewsWithDisabledControlsAndTheServerRefusesForgedClicks() throws Exception {
        WebDriver browser = hostsAs("ui-viewer");
        assertEquals("true", browser.findElement(By.id("host-add")).getAttribute("disabled"));
        awaitShown(browser, "host-edit-" + LB);
        assertEquals("true", shown(browser, "host-edit-" + LB).orElseThrow().getAttribute("disabled"));
        assertEquals("true", shown(browser, "host-remove-" + LB).orElseThrow().getAttribute("disabled"));
        List<?> enabled = (List<?>) js(browser).executeScript("return Array.from(document.querySelectorAll("
            + "'vaadin-button[id^=\"host-\"]')).filter(b => !b.hasAttribute('disabled')).map(b => b.id);");
        assertEquals(List.of(), enabled, "no enabled mutating control");
        String before = shell("lcms:host-list");
        String refusal = "Refused: ui-viewer is a viewer and may not add, change or remove a host; ask an "
            + "administrator with the admin role.";
        for (String id : List.of("host-add", "host-edit-" + LB, "host-remove-" + RS)) {
            // each refusal is a notification of its own: one more must show, with the refusal
            int refusalsBefore = displayed(browser, "[id='refusal']").size();
            js(browser).executeScript("const b = document.getElementById(arguments[0]); b.removeAttribute('disabled');"
                + " b.disabled = false; b.click();", id);
            try {
                new WebDriverWait(browser, WAIT).until(b -> {
                    List<WebElement> shown = displayed(b, "[id='refusal']");
                    return shown.size() > refusalsBefore
                        && shown.stream().allMatch(e -> e.getText().equals(refusal));
                });
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError("no refusal shown for the forged click on #" + id + ": "
                    + displayed(browser, "[id='refusal']").stream().map(WebElement::getText).toList());
            }
            assertFalse(dialogOpen(browser), "no dialog opened for the viewer's forged " + id);
        }
        assertEquals(before, shell("lcms:host-list"), "nothing changed");
        String logged = "refused to add, change or remove a host for ui-viewer";
        for (long end = System.nanoTime() + 10_000_000_000L; karaf.logLinesWith(logged).size() < 3
            && System.nanoTime() < end; ) {
            Thread.sleep(200);
        }
        assertEquals(3, karaf.logLinesWith(logged).size(), "each of the three forged clicks was refused and logged");

        // the events are the viewer's to read; the administrators are not
        browser.get(base + "events");
        await(browser, By.cssSelector("[id^='ev-type-']"));
        browser.get(base + "administrators");
        new WebDriverWait(browser, WAIT).until(b -> b.findElements(By.id("refusal")).stream()
            .anyMatch(e -> e.getText().contains("may not view the administrators")));
        assertTrue(browser.findElements(By.id("admin-add")).isEmpty(), "the administrators view was not shown");
    }

    @Test
    @Order(12)
    void anAdministratorDemotedOrRemovedSinceTheLoginIsRefusedAtTheNextAction() throws Exception {
        addAdministrator("av-demoted", "admin");
        WebDriver browser = hostsAs("av-demoted");
        assertEquals(null, browser.findElement(By.id("host-add")).getAttribute("disabled"), "an admin's page");
        String before = shell("lcms:host-list");
        // made a viewer from the shell while the page, with its controls enabled, stays open
        shell("lcms:admin-change --role viewer av-demoted");
        click(browser, "host-add");
        awaitShownText(browser, "refusal", "Refused: av-demoted is a viewer and may not add, change or remove a host; "
            + "ask an administrator with the admin role.", WAIT);
        assertFalse(dialogOpen(browser), "no host dialog for the demoted administrator");

        addAdministrator("av-removed", "admin");
        WebDriver removed = hostsAs("av-removed");
        shell("lcms:admin-remove av-removed");
        click(removed, "host-remove-" + RS);
        new WebDriverWait(removed, WAIT).until(b -> b.findElements(By.id("refusal")).stream()
            .anyMatch(e -> e.isDisplayed()
                && e.getText().equals("Refused: log in to add, change or remove a host.")));
        assertFalse(dialogOpen(removed), "no confirmation for the removed administrator");
        assertEquals(before, shell("lcms:host-list"), "nothing changed");
    }
}
