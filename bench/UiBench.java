import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
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
 * The web UI benchmark (run by bench/ui-views.sh): the karaf-assembly distribution as a real process with a large
 * directory (HOSTS hosts, CLUSTERS clusters; all but two hosts are addresses on the loopback where no agent answers,
 * the two of cluster "bench-a-live" are real node agents, dry-run; it is named to come first, as the dashboard's grid
 * renders only the rows in view), driven by a real headless Chromium.
 * <ul>
 *   <li>cold start: process start to the login page served over HTTPS, fresh distribution each trial; the stock Karaf
 *       4.4.10 distribution's start to its shell answering is the floor it is compared with;</li>
 *   <li>first render of each view: navigation start to the view showing its data (performance.now() in the page
 *       when the view's marker element appears), a fresh navigation each time;</li>
 *   <li>event to screen: the dashboard's row of bench-a-live changes when its real server's agent is stopped and
 *       started; the time from the event (its time stamp, shown by the dashboard) to the change in the page.</li>
 * </ul>
 * Goals (issue 7): each view 1 s, live update 2 s, cold start 15 s. Prints one table; the ratios are to the goals.
 */
public final class UiBench {
    static final Duration WAIT = Duration.ofSeconds(60);
    static Path work;
    static String agentDist;
    static final List<Process> agents = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        String assembly = args[0];
        agentDist = args[1];
        String stockKaraf = args[2];
        work = Files.createDirectories(Path.of(args[3]));
        int hosts = Integer.parseInt(args[4]);
        int clusters = Integer.parseInt(args[5]);
        int trials = Integer.parseInt(args[6]);
        String chromium = args[7];
        String chromedriver = args[8];

        List<Long> stockStarts = new ArrayList<>();
        List<Long> coldShell = new ArrayList<>();
        List<Long> coldLogin = new ArrayList<>();
        Karaf karaf = null;
        for (int t = 1; t <= trials; t++) {
            // who goes first alternates: the page cache favours the second
            for (boolean stockFirst : t % 2 == 1 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                if (stockFirst) {
                    try (Karaf stock = new Karaf(stockKaraf, "stock-" + t, false)) {
                        long t0 = System.nanoTime();
                        stock.start();
                        stock.awaitShell(t0);
                        stockStarts.add(ms(t0));
                    }
                } else {
                    if (karaf != null) {
                        karaf.close();
                    }
                    karaf = new Karaf(assembly, "lcms-" + t, true);
                    long t0 = System.nanoTime();
                    karaf.start();
                    // the login page first, probed by HTTPS requests alone; then the shell
                    karaf.awaitLoginPage(t0);
                    coldLogin.add(ms(t0));
                    coldShell.add(karaf.awaitShell(t0));
                }
            }
            log("cold start trial " + t + ": stock shell " + last(stockStarts) + " ms, LCMS shell " + last(coldShell)
                + " ms, LCMS login page " + last(coldLogin) + " ms");
        }
        try {
            run(karaf, hosts, clusters, trials, chromium, chromedriver, stockStarts, coldShell, coldLogin);
        } finally {
            agents.forEach(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
            karaf.close();
        }
    }

    static void run(Karaf karaf, int hosts, int clusters, int trials, String chromium, String chromedriver,
                    List<Long> stockStarts, List<Long> coldShell, List<Long> coldLogin) throws Exception {
        // the directory: admin, CLUSTERS-1 clusters of unreachable loopback hosts, and bench-a-live with two agents
        String admin = karaf.client("lcms:admin-add --role admin --generate bench-admin");
        Matcher m = Pattern.compile("Generated password for bench-admin[^:]*: (\\S+)").matcher(admin);
        if (!m.find()) {
            throw new IllegalStateException("no generated password in: " + admin);
        }
        String password = m.group(1);
        startAgent("bench-lvs", "127.0.0.131", karaf.agentPort);
        startAgent("bench-web", "127.0.0.132", karaf.agentPort);
        StringBuilder script = new StringBuilder();
        script.append("lcms:host-add --potential lb,bs --snmp-profile bench bench-lvs 127.0.0.131\n");
        script.append("lcms:host-add --potential rs --snmp-profile bench bench-web 127.0.0.132\n");
        script.append("lcms:cluster-build --lb bench-lvs --rs bench-web --activate bench-a-live 10.90.0.1 80\n");
        int synthetic = clusters - 1;
        int perCluster = (hosts - 2) / synthetic;
        int made = 2;
        for (int c = 1; c <= synthetic; c++) {
            int inThis = c == synthetic ? hosts - made : perCluster;
            List<String> names = new ArrayList<>();
            for (int k = 0; k < inThis; k++) {
                String name = String.format("bench-%03d-%02d", c, k);
                names.add(name);
                // 127.1.c.k+1: the loopback, where nothing answers SNMP: these hosts are unreachable
                script.append("lcms:host-add --potential ").append(k < 2 ? "lb,bs" : "rs")
                    .append(" --snmp-profile bench ").append(name).append(" 127.1.").append(c).append('.')
                    .append(k + 1).append('\n');
            }
            script.append("lcms:cluster-build --lb ").append(names.get(0)).append(" --backup ").append(names.get(1));
            for (int k = 2; k < names.size(); k++) {
                script.append(" --rs ").append(names.get(k)).append(':').append(1 + k % 3);
            }
            script.append(String.format(" --activate bench-c%03d 10.90.%d.%d 80%n", c, c / 250 + 1, c % 250 + 1));
            made += inThis;
        }
        long t0 = System.nanoTime();
        String loaded = karaf.client(script.toString());
        String list = karaf.client("lcms:cluster-list");
        long clusterCount = list.lines().filter(l -> l.startsWith("bench-")).count();
        String hostList = karaf.client("lcms:host-list");
        long hostCount = hostList.lines().filter(l -> l.startsWith("bench-")).count();
        log("directory loaded through the shell in " + ms(t0) + " ms: " + hostCount + " hosts, " + clusterCount
            + " clusters" + (clusterCount == clusters && hostCount == hosts ? "" : "; output:\n" + tail(loaded)));
        if (clusterCount != clusters || hostCount != hosts) {
            throw new IllegalStateException("the directory does not hold " + hosts + " hosts and " + clusters
                + " clusters");
        }

        WebDriver browser = browser(chromium, chromedriver);
        try {
            String base = karaf.base();
            browser.get(base + "login");
            WebElement form = new WebDriverWait(browser, WAIT).until(b -> b.findElement(
                By.cssSelector("vaadin-login-form form")));
            form.findElement(By.cssSelector("#vaadinLoginUsername input")).sendKeys("bench-admin");
            form.findElement(By.cssSelector("#vaadinLoginPassword input")).sendKeys(password + Keys.ENTER);
            new WebDriverWait(browser, WAIT).until(b -> b.findElement(By.id("current-user")));
            try {
                new WebDriverWait(browser, WAIT).until(b -> !b.findElements(By.id("holder-bench-a-live")).isEmpty()
                    && b.findElement(By.id("holder-bench-a-live")).getText().equals("bench-lvs"));
            } catch (org.openqa.selenium.TimeoutException e) {
                List<WebElement> holder = browser.findElements(By.id("holder-bench-a-live"));
                throw new IllegalStateException("the dashboard did not show bench-lvs as the VIP holder of bench-a-live "
                    + "within " + WAIT + "; it shows " + (holder.isEmpty() ? "no row" : "'" + holder.get(0).getText()
                    + "'") + ".\nlcms:cluster-status bench-a-live:\n" + karaf.client("lcms:cluster-status bench-a-live")
                    + "\nlcms:hosts-status (bench-lvs, bench-web):\n" + karaf.client("lcms:hosts-status").lines()
                    .filter(l -> l.contains("bench-lvs") || l.contains("bench-web") || l.startsWith("Host")
                        || l.startsWith("---")).collect(java.util.stream.Collectors.joining("\n")), e);
            }

            // each view: [route, a script that is true once the view shows its data]
            Map<String, String[]> views = new LinkedHashMap<>();
            views.put("dashboard", new String[] {"", "return !!document.getElementById('cluster-bench-c001')"});
            for (String[] extra : extraViews()) {
                views.put(extra[0], new String[] {extra[1], extra[2]});
            }
            Map<String, List<Long>> renders = new LinkedHashMap<>();
            for (int t = 1; t <= Math.max(trials, 5); t++) {
                for (Map.Entry<String, String[]> v : views.entrySet()) {
                    renders.computeIfAbsent(v.getKey(), k -> new ArrayList<>())
                        .add(firstRender(browser, base + v.getValue()[0], v.getValue()[1]));
                }
            }
            List<Long> live = eventToScreen(browser, base, Math.max(trials, 3));

            System.out.println();
            System.out.printf("UI bench: %d hosts, %d clusters in the directory (%d of them polled real agents)%n",
                hostCount, clusterCount, 2);
            System.out.printf("%-34s | %9s | %9s | %6s | %s%n", "measure", "median", "max", "goal", "median/goal");
            row("cold start to the login page", coldLogin, 15_000);
            row("  (LCMS shell answering)", coldShell, 0);
            row("  (stock Karaf 4.4.10 shell: floor)", stockStarts, 0);
            System.out.printf("  LCMS login page / stock Karaf shell: %.2fx (medians)%n",
                median(coldLogin) / (double) median(stockStarts));
            for (Map.Entry<String, List<Long>> r : renders.entrySet()) {
                row("first render: " + r.getKey(), r.getValue(), 1_000);
            }
            row("event to screen (dashboard)", live, 2_000);
        } finally {
            browser.quit();
        }
    }

    /** Views beyond the dashboard: route and marker, as the views get built (see bench/ui-views.sh). */
    static List<String[]> extraViews() {
        String spec = System.getProperty("bench.views", "");
        List<String[]> views = new ArrayList<>();
        for (String line : spec.split(";;")) {
            String[] parts = line.split("\\|", 3);
            if (parts.length == 3) {
                views.add(parts);
            }
        }
        return views;
    }

    /** Navigation start to the marker being true, measured in the page (performance.now()). */
    static long firstRender(WebDriver browser, String url, String marker) {
        browser.get(url);
        JavascriptExecutor js = (JavascriptExecutor) browser;
        Object at = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
            + "const ready = () => { try { return (function() {" + marker + "})(); } catch (e) { return false; } };"
            + "const check = () => ready() ? done(Math.round(performance.now())) : requestAnimationFrame(check);"
            + "check();");
        return ((Number) at).longValue();
    }

    /** Stops and starts bench-web's agent; each time, the event's time stamp to the dashboard row changing. */
    static List<Long> eventToScreen(WebDriver browser, String base, int rounds) throws Exception {
        browser.get(base);
        JavascriptExecutor js = (JavascriptExecutor) browser;
        new WebDriverWait(browser, WAIT).until(b -> !b.findElements(By.id("alarms-bench-a-live")).isEmpty());
        js.executeScript("window.benchChanges = []; window.benchEvents = {};"
            + "new MutationObserver(() => {"
            + "  const e = document.getElementById('dashboard-latest-event');"
            + "  if (e && e.getAttribute('data-time')) { window.benchEvents[e.getAttribute('data-time')] = e.textContent; }"
            + "  const a = document.getElementById('alarms-bench-a-live'); const t = a ? a.textContent : '';"
            + "  const l = window.benchChanges.length ? window.benchChanges[window.benchChanges.length - 1].text : null;"
            + "  if (t !== l) { window.benchChanges.push({text: t, at: Date.now()}); } })"
            + ".observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});");
        ((JavascriptExecutor) browser).executeScript("window.benchChanges.push({text: document.getElementById("
            + "'alarms-bench-a-live').textContent, at: Date.now()});");
        List<Long> latencies = new ArrayList<>();
        Process web = agents.get(1);
        for (int r = 1; r <= rounds; r++) {
            for (boolean stop : new boolean[] {true, false}) {
                int before = ((Number) js.executeScript("return window.benchChanges.length;")).intValue();
                String expect = stop ? "major" : "none";
                if (stop) {
                    web.descendants().forEach(ProcessHandle::destroyForcibly);
                    web.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                } else {
                    web = startAgent("bench-web", "127.0.0.132", Integer.parseInt(agentPortOf()));
                    agents.set(1, web);
                }
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                Map<?, ?> change = null;
                while (change == null && System.nanoTime() < end) {
                    List<?> changes = (List<?>) js.executeScript("return window.benchChanges;");
                    for (int i = before; i < changes.size(); i++) {
                        Map<?, ?> c = (Map<?, ?>) changes.get(i);
                        if (String.valueOf(c.get("text")).contains(expect)) {
                            change = c;
                        }
                    }
                    Thread.sleep(100);
                }
                if (change == null) {
                    throw new IllegalStateException("the dashboard did not show bench-a-live " + expect + " within 60 s");
                }
                Map<?, ?> events = (Map<?, ?>) js.executeScript("return window.benchEvents;");
                long at = ((Number) change.get("at")).longValue();
                long best = -1;
                for (Map.Entry<?, ?> e : events.entrySet()) {
                    long time = Long.parseLong(String.valueOf(e.getKey()));
                    if (String.valueOf(e.getValue()).contains("bench-web") && time <= at && time > best) {
                        best = time;
                    }
                }
                if (best < 0) {
                    log("round " + r + (stop ? " down" : " up") + ": the event of bench-web was not shown as the "
                        + "latest event (others came with it); round not counted");
                } else {
                    latencies.add(at - best);
                    log("round " + r + (stop ? " down" : " up") + ": event to screen " + (at - best) + " ms");
                }
            }
        }
        return latencies;
    }

    static String agentPortValue;

    static String agentPortOf() {
        return agentPortValue;
    }

    static Process startAgent(String name, String address, int port) throws Exception {
        agentPortValue = String.valueOf(port);
        Path home = work.resolve("agent");
        if (!Files.isDirectory(home)) {
            Files.createDirectories(home);
            exec(work, List.of("tar", "xzf", agentDist, "-C", home.toString()));
        }
        Path dist;
        try (Stream<Path> s = Files.list(home)) {
            dist = s.filter(p -> p.getFileName().toString().startsWith("lcms-agent-")).findFirst().orElseThrow();
        }
        Path dir = Files.createDirectories(work.resolve("agent-" + name));
        Path cfg = dir.resolve("agent.cfg");
        Files.writeString(cfg, String.join("\n", "listen = " + address + "/" + port,
            "stateDirectory = " + dir.resolve("state"), "configurator = dry-run", "serviceInterface = eth0",
            "user.lcms.authPassword = bench-ui-auth-1", "user.lcms.privPassword = bench-ui-priv-1",
            "user.lcms.access = readwrite", ""));
        Path log = dir.resolve("agent.log");
        Process p = new ProcessBuilder(dist.resolve("bin/lcms-agent").toString(), "--config", cfg.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("lcms-agent: listening on")) {
            if (!p.isAlive() || System.nanoTime() > end) {
                throw new IllegalStateException("agent " + name + " did not start: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        if (agents.size() < 2) {
            agents.add(p);
        }
        return p;
    }

    static WebDriver browser(String chromium, String chromedriver) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        Path profile = Files.createTempDirectory(work, "chromium-profile-");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--ignore-certificate-errors", "--user-data-dir=" + profile, "--window-size=1400,900");
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new java.io.File(chromedriver)).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
        return driver;
    }

    static void row(String name, List<Long> values, long goal) {
        long median = median(values);
        long max = Collections.max(values);
        System.out.printf("%-34s | %6d ms | %6d ms | %6s | %s%n", name, median, max,
            goal == 0 ? "" : (goal / 1000.0) + " s", goal == 0 ? "" : String.format("%.2fx (%d samples)",
                median / (double) goal, values.size()));
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    static long last(List<Long> values) {
        return values.isEmpty() ? -1 : values.get(values.size() - 1);
    }

    static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    static void log(String line) {
        System.err.println("bench: " + line);
    }

    static String exec(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
        return out;
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A Karaf distribution extracted afresh and run as a process, asked through bin/client in batch mode. */
    static final class Karaf implements AutoCloseable {
        final Path home;
        final int sshPort;
        final int httpsPort;
        final int agentPort;
        final String password;
        Process process;

        Karaf(String archive, String name, boolean lcms) throws Exception {
            Path dir = work.resolve(name);
            exec(work, List.of("rm", "-rf", dir.toString()));
            Files.createDirectories(dir);
            exec(work, List.of("tar", "xzf", archive, "-C", dir.toString()));
            try (Stream<Path> s = Files.list(dir)) {
                home = s.filter(p -> Files.isDirectory(p.resolve("bin"))).findFirst().orElseThrow();
            }
            sshPort = freePort();
            httpsPort = freePort();
            agentPort = freePort();
            byte[] random = new byte[12];
            new SecureRandom().nextBytes(random);
            password = java.util.HexFormat.of().formatHex(random);
            Path etc = home.resolve("etc");
            append(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = " + sshPort);
            Path users = etc.resolve("users.properties");
            append(users, "bench = " + password + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh");
            if (lcms) {
                Path web = etc.resolve("org.ops4j.pax.web.cfg");
                Files.writeString(web, Files.readString(web).replaceAll("(?m)^org\\.osgi\\.service\\.http\\.port"
                    + "\\.secure\\s*=.*$", "org.osgi.service.http.port.secure = " + httpsPort));
                Files.writeString(etc.resolve("org.lcms.snmp.cfg"), String.join("\n",
                    "pollInterval = 2", "pollTimeout = 500", "pollRetries = 0", "unreachableAfter = 2",
                    "maxBackoff = 30", "trapListenAddress = 127.0.0.1/" + freePort(),
                    "profile.bench.user = lcms", "profile.bench.authPassword = bench-ui-auth-1",
                    "profile.bench.privPassword = bench-ui-priv-1", "profile.bench.port = " + agentPort, ""));
            }
        }

        static void append(Path file, String text) throws IOException {
            Files.writeString(file, Files.readString(file) + "\n" + text + "\n");
        }

        String base() {
            return "https://127.0.0.1:" + httpsPort + "/lcms/";
        }

        void start() throws IOException {
            ProcessBuilder b = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("karaf-console.out").toFile());
            b.environment().put("JAVA_HOME", System.getProperty("java.home"));
            process = b.start();
        }

        long awaitShell(long t0) throws Exception {
            long end = t0 + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < end) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Karaf exited; see " + home.resolve("karaf-console.out"));
                }
                // the client is a JVM of its own: started every 200 ms from the first moment it took a core from
                // the starting Karaf (2-CPU machine) and added 3-8 s to both cold starts; it is only asked once the
                // ssh port accepts connections (a plain connect every 50 ms until then)
                if (portOpen(sshPort) && tryClient("echo ready").exit == 0) {
                    return ms(t0);
                }
                Thread.sleep(portOpen(sshPort) ? 200 : 50);
            }
            throw new IllegalStateException("the shell of " + home + " did not answer within 180 s");
        }

        void awaitLoginPage(long t0) throws Exception {
            long end = t0 + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < end) {
                if (loginPageServed()) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("no login page at " + base() + " within 180 s");
        }

        static boolean portOpen(int port) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException closed) {
                return false;
            }
        }

        boolean loginPageServed() throws Exception {
            try (Socket probe = new Socket("127.0.0.1", httpsPort)) {
                // open: ask for the page
            } catch (IOException closed) {
                return false;
            }
            TrustManager[] any = {new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] c, String t) {
                }

                public void checkServerTrusted(X509Certificate[] c, String t) {
                }

                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }};
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, any, null);
            try {
                HttpsURLConnection c = (HttpsURLConnection) new URL(base() + "login").openConnection();
                c.setSSLSocketFactory(tls.getSocketFactory());
                c.setHostnameVerifier((h, s) -> true);
                c.setReadTimeout(10_000);
                if (c.getResponseCode() != 200) {
                    return false;
                }
                try (InputStream in = c.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("VAADIN");
                }
            } catch (IOException notYet) {
                return false;
            }
        }

        record Result(int exit, String output) {
        }

        Result tryClient(String commands) throws Exception {
            Path in = Files.writeString(home.resolve("bench-commands.txt"), commands + "\n");
            ProcessBuilder b = new ProcessBuilder(home.resolve("bin/client").toString(), "-a",
                String.valueOf(sshPort), "-h", "127.0.0.1", "-u", "bench", "-p", password, "-b")
                .directory(home.toFile()).redirectErrorStream(true).redirectInput(in.toFile());
            b.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = b.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out);
            }
            return new Result(p.exitValue(), out);
        }

        String client(String commands) throws Exception {
            Result r = tryClient(commands);
            if (r.exit != 0) {
                throw new IllegalStateException("bin/client failed (" + r.exit + "):\n" + tail(r.output));
            }
            return r.output;
        }

        @Override
        public void close() throws Exception {
            if (process == null) {
                return;
            }
            new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile()).start()
                .waitFor(30, TimeUnit.SECONDS);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process = null;
        }
    }
}
