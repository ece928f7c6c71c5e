package org.lcms.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.lcms.agent.role.AgentRole;
import org.lcms.failover.core.BucketPlan;

/**
 * Reads the agent's configuration file (Java properties) and checks every value. Any problem stops the agent
 * with a message naming the file, the key, the value and the fix; unknown keys are errors too (a typo must
 * not silently fall back to a default).
 *
 * <pre>
 * listen = 127.0.0.1/1161                 UDP address/port the agent answers on
 * stateDirectory = /var/lib/lcms-agent     engine ID and boots counter
 * configurator = dry-run                   linux (needs root) or dry-run
 * rolePotential = lb,bs,rs
 * serviceInterface = eth0                  where a load balancer holds the VIP
 * dataPlane = recording|ipvs|nftables      where the dispatch table goes (default recording: nowhere, records
 *                                          only; ipvs: the kernel's IPVS through ipvsadm; nftables: for kernels
 *                                          without IPVS, needs serviceInterface; both need configurator = linux)
 * dataPlane.buckets = 256                  nftables hash buckets per virtual service, 1..65536
 * user.NAME.authPassword = ...             SNMPv3 user (SHA-256 / AES-128 authPriv unless said otherwise)
 * user.NAME.privPassword = ...
 * user.NAME.authProtocol = sha256|sha384|sha512         (default sha256)
 * user.NAME.privProtocol = aes128|aes256                (default aes128)
 * user.NAME.securityLevel = authPriv|authNoPriv         (default authPriv)
 * user.NAME.access = readonly|readwrite                 (default readonly)
 * community.readonly = ...                 optional SNMPv2c read-only community (no default)
 * target.NAME.address = 127.0.0.1/1162     notification receiver
 * target.NAME.user = NAME | target.NAME.community = ...
 * target.NAME.type = trap|inform           (default trap)
 * service.NAME.port = 80                   a service of this host as real server
 * service.NAME.protocol = tcp|udp          (default tcp)
 * failover.self = lb1                      this host's name in the failover lists
 * failover.listen = 10.0.0.1/7411          UDP address/port for heartbeats and leases
 * failover.cluster.NAME.key = ...          the cluster's shared secret (at least 16 characters)
 * failover.cluster.NAME.vip = 10.0.0.100
 * failover.cluster.NAME.members = lb1@10.0.0.1/7411, bs1@10.0.0.2/7411    load balancer, then backups in order
 * failover.cluster.NAME.witnesses = rs1@10.0.0.11/7411, ...               the cluster's other agents
 * failover.cluster.NAME.failbackDelay = 10000   ms; -1 never hands back   (timers: heartbeat 10, deadAfter 45,
 * failover.cluster.NAME.lease|renew|heartbeat|deadAfter = ms               lease 120, renew 25 by default)
 * healthCheck = none|LIST of tcp,http,https,script,mib   a load balancer's checks of its real servers, all
 *                                          must pass, run in that order (default none)
 * healthCheck.path = /health               http, https: the path (default /)
 * healthCheck.expectStatus = 200           http, https: the status a healthy server answers (default 200)
 * healthCheck.tls.verify = false|true      https: check the certificate (JDK trust store, name) (default false)
 * healthCheck.tls.serverName = NAME        https: SNI, Host and the name checked (default: none, the address)
 * healthCheck.agent.user = NAME            mib, loadAware: the user.NAME the real servers' agents are read with
 * healthCheck.agent.port = 161             mib, loadAware: their UDP port (default 161)
 * healthCheck.sorryServer = 10.0.0.99      gets new connections while no real server of a service can
 * healthCheck.loadAware = none|connections|loadAverage   weights follow the real servers' load (default none)
 * healthCheck.loadAware.interval = 2000    ms between readings; .minFactor .maxFactor .smoothing .maxStep
 *                                          bound and smooth the factor (defaults 0.5, 2.0, 0.3, 0.25)
 * healthCheck.script = /etc/lcms/check.sh  script: run with /bin/sh -c, env LCMS_RS_ADDRESS, LCMS_RS_PORT
 * healthCheck.interval|timeout = ms        (defaults 1000, 500)
 * healthCheck.rise|fall = 2                successes that bring a server back, failures that take it out
 * healthCheck.onFailure = remove|drain     (default remove)
 * healthCheck.flapLimit|flapWindow|holdDown   flap damping (defaults 6 changes in 60000 ms, held out 120000 ms)
 * </pre>
 */
public final class AgentConfigParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern ADDRESS = Pattern.compile("([0-9.]+|\\[?[0-9a-fA-F:]+\\]?)/(\\d{1,5})");
    private static final Set<String> TOP_KEYS = Set.of("listen", "stateDirectory", "configurator",
        "rolePotential", "serviceInterface", "community.readonly", "failover.self", "failover.listen",
        "failover.realtimePriority", "dataPlane", "dataPlane.buckets", "healthCheck", "healthCheck.path", "healthCheck.expectStatus",
        "healthCheck.script", "healthCheck.interval", "healthCheck.timeout", "healthCheck.rise", "healthCheck.fall",
        "healthCheck.onFailure", "healthCheck.flapLimit", "healthCheck.flapWindow", "healthCheck.holdDown",
        "healthCheck.tls.verify", "healthCheck.tls.serverName", "healthCheck.agent.user", "healthCheck.agent.port",
        "healthCheck.sorryServer", "healthCheck.loadAware", "healthCheck.loadAware.interval",
        "healthCheck.loadAware.minFactor", "healthCheck.loadAware.maxFactor", "healthCheck.loadAware.smoothing",
        "healthCheck.loadAware.maxStep");
    private static final Set<String> FAILOVER_KEYS = Set.of("key", "vip", "interface", "members", "witnesses", "failbackDelay",
        "lease", "renew", "heartbeat", "deadAfter");

    /** A configuration that cannot work. */
    public static final class InvalidAgentConfig extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidAgentConfig(String message) {
            super(message);
        }
    }

    private final String file;
    private final Properties p;

    private AgentConfigParser(String file, Properties p) {
        this.file = file;
        this.p = p;
    }

    public static AgentConfig parse(Path path) throws InvalidAgentConfig, IOException {
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return new AgentConfigParser(path.toString(), p).parse();
        }
    }

    static AgentConfig parse(String name, Properties p) throws InvalidAgentConfig {
        return new AgentConfigParser(name, p).parse();
    }

    private AgentConfig parse() throws InvalidAgentConfig {
        checkKnownKeys();
        String listen = required("listen");
        checkAddress("listen", listen);
        Path state = Path.of(required("stateDirectory"));
        String configurator = get("configurator", "dry-run");
        if (!configurator.equals("linux") && !configurator.equals("dry-run")) {
            throw bad("configurator", configurator, "use linux (configures this host, needs root) or dry-run");
        }
        Set<AgentRole> potential = EnumSet.noneOf(AgentRole.class);
        for (String r : get("rolePotential", "lb,bs,rs").split(",")) {
            switch (r.trim().toLowerCase(Locale.ROOT)) {
                case "lb" -> potential.add(AgentRole.LOAD_BALANCER);
                case "bs" -> potential.add(AgentRole.BACKUP_SERVER);
                case "rs" -> potential.add(AgentRole.REAL_SERVER);
                default -> throw bad("rolePotential", get("rolePotential", ""), "list one or more of lb, bs, rs");
            }
        }
        List<AgentConfig.User> users = new ArrayList<>();
        for (String name : names("user")) {
            users.add(user(name));
        }
        if (users.isEmpty()) {
            throw new InvalidAgentConfig(file + ": no SNMPv3 user; add user.NAME.authPassword and "
                + "user.NAME.privPassword (at least 8 characters each)");
        }
        Optional<String> community = Optional.ofNullable(p.getProperty("community.readonly")).map(String::trim);
        if (community.isPresent() && (community.get().length() < 8 || community.get().equals("public"))) {
            throw bad("community.readonly", "(hidden)", "use a community of at least 8 characters that is not "
                + "'public', or remove the key to switch SNMPv2c off");
        }
        List<AgentConfig.NotificationTarget> targets = new ArrayList<>();
        for (String name : names("target")) {
            targets.add(target(name, users, community));
        }
        List<AgentConfig.Service> services = new ArrayList<>();
        for (String name : names("service")) {
            services.add(service(name));
        }
        return new AgentConfig(listen, state, configurator, potential, get("serviceInterface", ""), users,
            community, targets, services, failover(configurator), dataPlane(configurator), healthCheck(users));
    }

    private AgentConfig.DataPlane dataPlane(String configurator) throws InvalidAgentConfig {
        String value = get("dataPlane", "recording");
        AgentConfig.DataPlaneKind kind = switch (value) {
            case "recording" -> AgentConfig.DataPlaneKind.RECORDING;
            case "nftables" -> AgentConfig.DataPlaneKind.NFTABLES;
            case "ipvs" -> AgentConfig.DataPlaneKind.IPVS;
            default -> throw bad("dataPlane", value, "use recording (default: the dispatch table is only recorded), "
                + "ipvs (the kernel's IPVS through ipvsadm) or nftables (dispatches on serviceInterface, for kernels "
                + "without IPVS); both need configurator = linux");
        };
        if (kind != AgentConfig.DataPlaneKind.RECORDING && !configurator.equals("linux")) {
            String what = kind == AgentConfig.DataPlaneKind.IPVS ? "programs the kernel's IPVS with ipvsadm"
                : "loads an nftables table";
            throw new InvalidAgentConfig(file + ": dataPlane = " + value + " needs configurator = linux (it " + what
                + " as root), but configurator is " + configurator + "; set configurator = linux or "
                + "dataPlane = recording");
        }
        if (kind == AgentConfig.DataPlaneKind.NFTABLES && get("serviceInterface", "").isEmpty()) {
            throw new InvalidAgentConfig(file + ": dataPlane = nftables dispatches on serviceInterface, which is not "
                + "set; give the interface clients reach the VIP on, e.g. serviceInterface = eth0");
        }
        String text = get("dataPlane.buckets", Integer.toString(BucketPlan.DEFAULT_BUCKETS));
        int buckets;
        try {
            buckets = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            buckets = 0;
        }
        if (buckets < 1 || buckets > 65_536) {
            throw bad("dataPlane.buckets", text, "give 1..65536 hash buckets per virtual service (default "
                + BucketPlan.DEFAULT_BUCKETS + "; the same on every director of a cluster)");
        }
        return new AgentConfig.DataPlane(kind, buckets);
    }

    private AgentConfig.HealthCheck healthCheck(List<AgentConfig.User> users) throws InvalidAgentConfig {
        AgentConfig.HealthCheck d = AgentConfig.HealthCheck.NONE;
        String kindText = get("healthCheck", "none");
        List<AgentConfig.HealthCheckKind> kinds = new ArrayList<>();
        for (String item : kindText.split(",")) {
            AgentConfig.HealthCheckKind kind = switch (item.trim()) {
                case "none" -> AgentConfig.HealthCheckKind.NONE;
                case "tcp" -> AgentConfig.HealthCheckKind.TCP;
                case "http" -> AgentConfig.HealthCheckKind.HTTP;
                case "https" -> AgentConfig.HealthCheckKind.HTTPS;
                case "script" -> AgentConfig.HealthCheckKind.SCRIPT;
                case "mib" -> AgentConfig.HealthCheckKind.MIB;
                default -> throw bad("healthCheck", kindText, "use none, or one or more (comma-separated, all must "
                    + "pass) of tcp (connect), http (GET), https (GET over TLS), script and mib (the real server's "
                    + "agent reports the service up)");
            };
            if (kinds.contains(kind) || (kind == AgentConfig.HealthCheckKind.NONE && kindText.contains(","))) {
                throw bad("healthCheck", kindText, "name each check once, and none only alone");
            }
            kinds.add(kind);
        }
        kinds.remove(AgentConfig.HealthCheckKind.NONE);
        // A key of another kind of check would be silently ignored: say so instead (a typo in healthCheck).
        onlyWith(kinds, kindText, "http or https", List.of(AgentConfig.HealthCheckKind.HTTP,
            AgentConfig.HealthCheckKind.HTTPS), "healthCheck.path", "healthCheck.expectStatus");
        onlyWith(kinds, kindText, "https", List.of(AgentConfig.HealthCheckKind.HTTPS), "healthCheck.tls.verify",
            "healthCheck.tls.serverName");
        onlyWith(kinds, kindText, "script", List.of(AgentConfig.HealthCheckKind.SCRIPT), "healthCheck.script");
        if (kinds.isEmpty()) {
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("healthCheck.")) {
                    throw bad(key, get(key, ""), "it is used only with healthCheck = tcp, http, https, script or "
                        + "mib; set healthCheck or remove the key");
                }
            }
            return d;
        }
        String path = get("healthCheck.path", d.path());
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            throw bad("healthCheck.path", path, "give an absolute path without spaces, e.g. /health");
        }
        int expect = number("healthCheck.expectStatus", d.expectStatus(), 100, 599, "give an HTTP status, 100..599");
        String script = get("healthCheck.script", "");
        if (kinds.contains(AgentConfig.HealthCheckKind.SCRIPT) && script.isEmpty()) {
            throw new InvalidAgentConfig(file + ": healthCheck.script is missing; healthCheck = script runs it "
                + "with /bin/sh -c for each real server (LCMS_RS_ADDRESS, LCMS_RS_PORT; exit 0 = healthy)");
        }
        boolean verify = switch (get("healthCheck.tls.verify", "false")) {
            case "false" -> false;
            case "true" -> true;
            default -> throw bad("healthCheck.tls.verify", get("healthCheck.tls.verify", ""), "use false (default: "
                + "any certificate; the check is about the service) or true (the JDK's trust store and the name)");
        };
        String serverName = get("healthCheck.tls.serverName", "");
        if (!serverName.isEmpty() && !serverName.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})")) {
            throw bad("healthCheck.tls.serverName", serverName, "give a DNS name, e.g. www.example.com (sent as SNI "
                + "and Host, and checked against the certificate with healthCheck.tls.verify = true)");
        }
        long interval = number("healthCheck.interval", d.interval(), 10, 3_600_000, "give the milliseconds "
            + "between two checks of a real server, 10..3600000");
        long timeout = number("healthCheck.timeout", d.timeout(), 1, 600_000, "give the milliseconds a check may "
            + "take before it counts as failed, 1..600000");
        int rise = number("healthCheck.rise", d.rise(), 1, 100, "give the successes in a row that put a failed "
            + "real server back, 1..100");
        int fall = number("healthCheck.fall", d.fall(), 1, 100, "give the failures in a row that take a real "
            + "server out, 1..100");
        String onFailureText = get("healthCheck.onFailure", "remove");
        org.lcms.failover.core.RotationPlanner.OnFailure onFailure = switch (onFailureText) {
            case "remove" -> org.lcms.failover.core.RotationPlanner.OnFailure.REMOVE;
            case "drain" -> org.lcms.failover.core.RotationPlanner.OnFailure.DRAIN;
            default -> throw bad("healthCheck.onFailure", onFailureText, "use remove (out of the table) or drain "
                + "(weight 0: established connections finish)");
        };
        int flapLimit = number("healthCheck.flapLimit", d.flapLimit(), 0, 100, "give the status changes within "
            + "healthCheck.flapWindow that hold a real server out, 2..100 (0: never)");
        if (flapLimit == 1) {
            throw bad("healthCheck.flapLimit", "1", "give 2..100 (one change is no flapping), or 0 for never");
        }
        long flapWindow = number("healthCheck.flapWindow", d.flapWindow(), 1, 3_600_000, "give milliseconds, "
            + "1..3600000");
        long holdDown = number("healthCheck.holdDown", d.holdDown(), 0, 3_600_000, "give the milliseconds a "
            + "flapping real server stays out, 0..3600000");
        Optional<java.net.InetAddress> sorry = Optional.empty();
        String sorryText = get("healthCheck.sorryServer", "");
        if (!sorryText.isEmpty()) {
            if (!sorryText.matches("\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
                throw bad("healthCheck.sorryServer", sorryText, "give the IP address of the server that answers "
                    + "when no real server can (it serves on the virtual service's port, like a real server)");
            }
            try {
                sorry = Optional.of(java.net.InetAddress.getByName(sorryText));
            } catch (java.net.UnknownHostException e) {
                throw bad("healthCheck.sorryServer", sorryText, "give an IP address");
            }
        }
        AgentConfig.LoadAware loadAware = loadAware();
        Optional<AgentConfig.AgentQuery> agent = Optional.empty();
        boolean asksAgents = kinds.contains(AgentConfig.HealthCheckKind.MIB)
            || loadAware.metric() != AgentConfig.LoadMetric.NONE;
        if (asksAgents) {
            String userName = p.getProperty("healthCheck.agent.user");
            if (userName == null || userName.isBlank()) {
                throw new InvalidAgentConfig(file + ": healthCheck.agent.user is missing; the mib check and "
                    + "load-aware weights read the real servers' agents over SNMPv3: name a user of this file "
                    + "(user.NAME.*) that the real servers' agents have too");
            }
            AgentConfig.User user = users.stream().filter(u -> u.name().equals(userName.trim())).findFirst()
                .orElseThrow(() -> bad("healthCheck.agent.user", userName.trim(), "name a user defined in this "
                    + "file (user." + userName.trim() + ".*)"));
            int port = number("healthCheck.agent.port", 161, 1, 65_535, "give the UDP port the real servers' "
                + "agents answer on, 1..65535 (default 161)");
            agent = Optional.of(new AgentConfig.AgentQuery(user, port));
        } else {
            for (String key : List.of("healthCheck.agent.user", "healthCheck.agent.port")) {
                if (p.getProperty(key) != null) {
                    throw bad(key, get(key, ""), "it is used only with healthCheck = mib or healthCheck.loadAware; "
                        + "remove it");
                }
            }
        }
        return new AgentConfig.HealthCheck(kinds, path, expect, script, interval, timeout, rise, fall, onFailure,
            flapLimit, flapWindow, holdDown, new AgentConfig.Tls(verify, serverName), agent, sorry, loadAware);
    }

    private AgentConfig.LoadAware loadAware() throws InvalidAgentConfig {
        AgentConfig.LoadAware d = AgentConfig.LoadAware.NONE;
        String text = get("healthCheck.loadAware", "none");
        AgentConfig.LoadMetric metric = switch (text) {
            case "none" -> AgentConfig.LoadMetric.NONE;
            case "connections" -> AgentConfig.LoadMetric.CONNECTIONS;
            case "loadAverage" -> AgentConfig.LoadMetric.LOAD_AVERAGE;
            default -> throw bad("healthCheck.loadAware", text, "use none (default: the operator's weights), "
                + "connections (the service's current connections per unit of weight) or loadAverage (the host's "
                + "1-minute load average per unit of weight)");
        };
        List<String> keys = List.of("healthCheck.loadAware.interval", "healthCheck.loadAware.minFactor",
            "healthCheck.loadAware.maxFactor", "healthCheck.loadAware.smoothing", "healthCheck.loadAware.maxStep");
        if (metric == AgentConfig.LoadMetric.NONE) {
            for (String key : keys) {
                if (p.getProperty(key) != null) {
                    throw bad(key, get(key, ""), "it is used only with healthCheck.loadAware = connections or "
                        + "loadAverage; set that or remove the key");
                }
            }
            return d;
        }
        long interval = number("healthCheck.loadAware.interval", d.interval(), 100, 3_600_000, "give the "
            + "milliseconds between two readings of the real servers' load, 100..3600000");
        var dp = d.policy();
        double min = decimal("healthCheck.loadAware.minFactor", dp.minFactor());
        double max = decimal("healthCheck.loadAware.maxFactor", dp.maxFactor());
        double smoothing = decimal("healthCheck.loadAware.smoothing", dp.smoothing());
        double maxStep = decimal("healthCheck.loadAware.maxStep", dp.maxStep());
        try {
            return new AgentConfig.LoadAware(metric, interval,
                new org.lcms.failover.core.LoadAwareWeights.Policy(min, max, smoothing, maxStep));
        } catch (IllegalArgumentException e) {
            throw new InvalidAgentConfig(file + ": healthCheck.loadAware.*: " + e.getMessage());
        }
    }

    private double decimal(String key, double fallback) throws InvalidAgentConfig {
        String v = get(key, Double.toString(fallback));
        try {
            double x = Double.parseDouble(v);
            if (Double.isFinite(x)) {
                return x;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw bad(key, v, "give a decimal number, e.g. 0.5");
    }

    private void onlyWith(List<AgentConfig.HealthCheckKind> kinds, String kindText, String neededText,
                          List<AgentConfig.HealthCheckKind> needed, String... keys) throws InvalidAgentConfig {
        for (String key : keys) {
            if (!kinds.isEmpty() && needed.stream().noneMatch(kinds::contains) && p.getProperty(key) != null) {
                throw bad(key, get(key, ""), "it is used only with healthCheck = " + neededText
                    + " (this file has healthCheck = " + kindText + "); remove it");
            }
        }
    }

    private int number(String key, long fallback, long min, long max, String fix) throws InvalidAgentConfig {
        String v = get(key, Long.toString(fallback));
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return (int) n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw bad(key, v, fix);
    }

    private Optional<AgentConfig.Failover> failover(String configurator) throws InvalidAgentConfig {
        Set<String> clusters = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("failover.cluster.")) {
                clusters.add(key.split("\\.")[2]);
            }
        }
        if (clusters.isEmpty() && p.getProperty("failover.self") == null && p.getProperty("failover.listen") == null) {
            return Optional.empty();
        }
        String self = required("failover.self");
        String listen = required("failover.listen");
        checkAddress("failover.listen", listen);
        if (clusters.isEmpty()) {
            throw new InvalidAgentConfig(file + ": failover.self and failover.listen are set but no cluster; add "
                + "failover.cluster.NAME.key, .vip, .members and .witnesses");
        }
        List<AgentConfig.FailoverCluster> out = new ArrayList<>();
        for (String c : clusters) {
            String k = "failover.cluster." + c + ".";
            String key = required(k + "key");
            if (key.length() < 16) {
                throw bad(k + "key", "(hidden)", "the cluster key has at least 16 characters; use the same on "
                    + "every agent of the cluster");
            }
            String vip = required(k + "vip");
            if (!vip.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw bad(k + "vip", vip, "give the cluster's virtual IP address");
            }
            List<AgentConfig.FailoverPeer> ranked = peers(k + "members", required(k + "members"));
            List<AgentConfig.FailoverPeer> witnesses = new ArrayList<>(ranked);
            String others = get(k + "witnesses", "");
            if (!others.isEmpty()) {
                witnesses.addAll(peers(k + "witnesses", others));
            }
            if (witnesses.stream().noneMatch(w -> w.name().equals(self))) {
                throw bad(k + "members", required(k + "members"), "failover.self (" + self + ") must be one of "
                    + "the cluster's members or witnesses");
            }
            if (witnesses.stream().map(AgentConfig.FailoverPeer::name).distinct().count() != witnesses.size()) {
                throw bad(k + "witnesses", others, "a host appears once, in members or in witnesses");
            }
            String device = get(k + "interface", get("serviceInterface", ""));
            boolean member = ranked.stream().anyMatch(r -> r.name().equals(self));
            if (configurator.equals("linux") && member) {
                // The Linux VIP control moves an IPv4 address on an interface; say what is missing up front.
                if (!vip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                    throw bad(k + "vip", vip, "configurator = linux moves IPv4 VIPs only in this version");
                }
                if (device.isEmpty()) {
                    throw new InvalidAgentConfig(file + ": " + k + "interface: this host may hold the VIP of " + c
                        + " but no interface is given for it; set serviceInterface (or " + k + "interface)");
                }
            }
            AgentConfig.FailoverCluster fc = new AgentConfig.FailoverCluster(c, key, vip, device, ranked, witnesses,
                millis(k + "heartbeat", 10), millis(k + "deadAfter", 45), millis(k + "lease", 120),
                millis(k + "renew", 25), millis(k + "failbackDelay", 10_000));
            try {
                new org.lcms.failover.core.VipElection.Settings(c, ranked.get(0).name(),
                    ranked.stream().map(AgentConfig.FailoverPeer::name).toList(), witnesses.size(), fc.heartbeat(),
                    fc.deadAfter(), fc.lease(), fc.renew(), fc.failbackDelay());
            } catch (IllegalArgumentException e) {
                throw new InvalidAgentConfig(file + ": failover.cluster." + c + ": " + e.getMessage());
            }
            out.add(fc);
        }
        String rt = get("failover.realtimePriority", "10");
        int realtime;
        try {
            realtime = Integer.parseInt(rt);
        } catch (NumberFormatException e) {
            realtime = -1;
        }
        if (realtime < 0 || realtime > 99) {
            throw bad("failover.realtimePriority", rt, "give 1..99 (SCHED_RR priority of the failover thread with "
                + "configurator = linux), or 0 for normal scheduling");
        }
        return Optional.of(new AgentConfig.Failover(self, listen, out, realtime));
    }

    /** {@code name@ADDRESS/PORT, ...} */
    private List<AgentConfig.FailoverPeer> peers(String key, String value) throws InvalidAgentConfig {
        List<AgentConfig.FailoverPeer> out = new ArrayList<>();
        for (String item : value.split(",")) {
            String[] parts = item.trim().split("@");
            var address = parts.length == 2 ? ADDRESS.matcher(parts[1]) : null;
            if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !address.matches()
                || Integer.parseInt(address.group(2)) < 1 || Integer.parseInt(address.group(2)) > 65_535) {
                throw bad(key, value, "list NAME@ADDRESS/PORT, comma-separated, e.g. lb1@10.0.0.1/7411 ('"
                    + item.trim() + "' is not)");
            }
            out.add(new AgentConfig.FailoverPeer(parts[0], parts[1]));
        }
        return out;
    }

    private long millis(String key, long fallback) throws InvalidAgentConfig {
        String v = get(key, Long.toString(fallback));
        try {
            long ms = Long.parseLong(v);
            if (ms < -1 || ms > 3_600_000) {
                throw bad(key, v, "give milliseconds, 1..3600000 (-1 only for failbackDelay: never)");
            }
            return ms;
        } catch (NumberFormatException e) {
            throw bad(key, v, "give a whole number of milliseconds");
        }
    }

    private AgentConfig.User user(String name) throws InvalidAgentConfig {
        String k = "user." + name + ".";
        String auth = required(k + "authPassword");
        AgentConfig.SecurityLevel level = switch (get(k + "securityLevel", "authPriv")) {
            case "authPriv" -> AgentConfig.SecurityLevel.AUTH_PRIV;
            case "authNoPriv" -> AgentConfig.SecurityLevel.AUTH_NO_PRIV;
            default -> throw bad(k + "securityLevel", get(k + "securityLevel", ""),
                "use authPriv (default) or authNoPriv; noAuthNoPriv is not offered");
        };
        String priv = level == AgentConfig.SecurityLevel.AUTH_PRIV ? required(k + "privPassword")
            : get(k + "privPassword", "");
        for (String key : List.of(k + "authPassword", k + "privPassword")) {
            String v = p.getProperty(key);
            if (v != null && v.length() < 8) {
                throw bad(key, "(hidden)", "an SNMPv3 password has at least 8 characters");
            }
        }
        AgentConfig.AuthProtocol authProtocol = switch (get(k + "authProtocol", "sha256").toLowerCase(Locale.ROOT)) {
            case "sha256" -> AgentConfig.AuthProtocol.SHA256;
            case "sha384" -> AgentConfig.AuthProtocol.SHA384;
            case "sha512" -> AgentConfig.AuthProtocol.SHA512;
            default -> throw bad(k + "authProtocol", get(k + "authProtocol", ""), "use sha256, sha384 or sha512 "
                + "(MD5 and SHA-1 are not offered)");
        };
        AgentConfig.PrivProtocol privProtocol = switch (get(k + "privProtocol", "aes128").toLowerCase(Locale.ROOT)) {
            case "aes128" -> AgentConfig.PrivProtocol.AES128;
            case "aes256" -> AgentConfig.PrivProtocol.AES256;
            default -> throw bad(k + "privProtocol", get(k + "privProtocol", ""), "use aes128 or aes256 (DES is not "
                + "offered)");
        };
        boolean rw = switch (get(k + "access", "readonly")) {
            case "readonly" -> false;
            case "readwrite" -> true;
            default -> throw bad(k + "access", get(k + "access", ""), "use readonly or readwrite");
        };
        return new AgentConfig.User(name, authProtocol, auth, privProtocol, priv, level, rw);
    }

    private AgentConfig.NotificationTarget target(String name, List<AgentConfig.User> users,
                                                  Optional<String> community) throws InvalidAgentConfig {
        String k = "target." + name + ".";
        String address = required(k + "address");
        checkAddress(k + "address", address);
        Optional<String> user = Optional.ofNullable(p.getProperty(k + "user")).map(String::trim);
        Optional<String> targetCommunity = Optional.ofNullable(p.getProperty(k + "community")).map(String::trim);
        if (user.isPresent() == targetCommunity.isPresent()) {
            throw new InvalidAgentConfig(file + ": " + k + "user or " + k + "community: give exactly one (a v3 user "
                + "of this file, or a v2c community)");
        }
        if (user.isPresent() && users.stream().noneMatch(u -> u.name().equals(user.get()))) {
            throw bad(k + "user", user.get(), "name a user defined in this file (user." + user.get() + ".*)");
        }
        if (targetCommunity.isPresent() && community.isEmpty()) {
            throw new InvalidAgentConfig(file + ": " + k + "community needs SNMPv2c, which is off; set "
                + "community.readonly or send to a v3 user");
        }
        boolean inform = switch (get(k + "type", "trap")) {
            case "trap" -> false;
            case "inform" -> true;
            default -> throw bad(k + "type", get(k + "type", ""), "use trap or inform");
        };
        return new AgentConfig.NotificationTarget(name, address, user, targetCommunity, inform);
    }

    private AgentConfig.Service service(String name) throws InvalidAgentConfig {
        String k = "service." + name + ".";
        String portText = required(k + "port");
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw bad(k + "port", portText, "give a port number 1..65535");
        }
        if (port < 1 || port > 65_535) {
            throw bad(k + "port", portText, "give a port number 1..65535");
        }
        String protocol = get(k + "protocol", "tcp");
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw bad(k + "protocol", protocol, "use tcp or udp");
        }
        return new AgentConfig.Service(name, port, protocol);
    }

    private void checkKnownKeys() throws InvalidAgentConfig {
        for (String key : p.stringPropertyNames()) {
            if (TOP_KEYS.contains(key)) {
                continue;
            }
            String[] parts = key.split("\\.");
            if (parts.length == 4 && parts[0].equals("failover") && parts[1].equals("cluster")
                && NAME.matcher(parts[2]).matches() && FAILOVER_KEYS.contains(parts[3])) {
                continue;
            }
            boolean known = parts.length == 3 && NAME.matcher(parts[1]).matches() && switch (parts[0]) {
                case "user" -> Set.of("authPassword", "privPassword", "authProtocol", "privProtocol",
                    "securityLevel", "access").contains(parts[2]);
                case "target" -> Set.of("address", "user", "community", "type").contains(parts[2]);
                case "service" -> Set.of("port", "protocol").contains(parts[2]);
                default -> false;
            };
            if (!known) {
                throw new InvalidAgentConfig(file + ": unknown key '" + key + "'; see the agent's sample "
                    + "configuration for the keys (user.NAME.*, target.NAME.*, service.NAME.*, "
                    + "failover.cluster.NAME.*, listen, ...)");
            }
        }
    }

    private Set<String> names(String prefix) {
        Set<String> names = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(prefix + ".")) {
                names.add(key.split("\\.")[1]);
            }
        }
        return names;
    }

    private void checkAddress(String key, String value) throws InvalidAgentConfig {
        var m = ADDRESS.matcher(value);
        if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65_535) {
            throw bad(key, value, "write ADDRESS/PORT, e.g. 127.0.0.1/1161 (an IP address, not a name)");
        }
    }

    private String required(String key) throws InvalidAgentConfig {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new InvalidAgentConfig(file + ": " + key + " is missing");
        }
        return v.trim();
    }

    private String get(String key, String fallback) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private InvalidAgentConfig bad(String key, String value, String fix) {
        return new InvalidAgentConfig(file + ": " + key + " = " + value + " is not valid; " + fix);
    }
}
