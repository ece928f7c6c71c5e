package org.lcms.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lcms.agent.role.AgentRole;
import org.lcms.failover.core.HealthHysteresis;
import org.lcms.failover.core.RotationPlanner;

/**
 * The node agent's configuration, checked ({@link AgentConfigParser}). Secure by default: SNMPv3 users with
 * authPriv (SHA-256 + AES-128) unless a user is explicitly lowered, and no SNMPv2c community unless one is
 * configured (then read-only).
 *
 * @param listen UDP address and port the agent answers on, e.g. 127.0.0.1/1161
 * @param stateDirectory where the engine ID and boots counter are kept across restarts
 * @param configurator {@code linux} (the real host, needs root) or {@code dry-run} (records only)
 * @param serviceInterface the interface a load balancer holds the VIP on
 * @param dataPlane where the dispatch table goes
 * @param healthCheck how a load balancer checks its real servers ({@link HealthCheck#NONE}: it does not)
 */
public record AgentConfig(String listen, Path stateDirectory, String configurator, Set<AgentRole> rolePotential,
                          String serviceInterface, List<User> users, Optional<String> readOnlyCommunity,
                          List<NotificationTarget> targets, List<Service> services, Optional<Failover> failover,
                          DataPlane dataPlane, HealthCheck healthCheck) {

    public enum AuthProtocol { SHA256, SHA384, SHA512 }

    public enum PrivProtocol { AES128, AES256 }

    public enum SecurityLevel { AUTH_PRIV, AUTH_NO_PRIV }

    /** An SNMPv3 USM user. Passwords are at least 8 characters (RFC 3414 key localization needs them). */
    public record User(String name, AuthProtocol auth, String authPassword, PrivProtocol priv, String privPassword,
                       SecurityLevel level, boolean readWrite) {
        @Override
        public String toString() {
            return "User[" + name + ", " + auth + "/" + priv + ", " + level + (readWrite ? ", rw" : ", ro") + "]";
        }
    }

    /** Where notifications go: a v3 user (authPriv) or, only if configured, a v2c community. */
    public record NotificationTarget(String name, String address, Optional<String> user, Optional<String> community,
                                     boolean inform) {
        @Override
        public String toString() {
            return "Target[" + name + " " + address + (inform ? " inform" : " trap") + "]";
        }
    }

    /** Another agent of a cluster as the failover sees it: its host name and failover address (ADDRESS/PORT). */
    public record FailoverPeer(String name, String address) {
    }

    /**
     * One cluster this host takes part in: as load balancer or backup ({@code ranked}: the load balancer first,
     * then the backups in cascade order) or as a witness only (a real server). Timers in milliseconds.
     * {@code device}: the interface the VIP goes on when this host holds it (empty for a witness on dry run).
     */
    public record FailoverCluster(String name, String key, String vip, String device, List<FailoverPeer> ranked,
                                  List<FailoverPeer> witnesses, long heartbeat, long deadAfter, long lease,
                                  long renew, long failbackDelay) {
        @Override
        public String toString() {
            return "FailoverCluster[" + name + ", vip " + vip + ", ranked " + ranked + ", witnesses " + witnesses
                + "]";
        }
    }

    /** The LB manager between the agents (failover.*): this host's name in the clusters' lists, and its socket. */
    /**
     * @param realtimePriority SCHED_RR priority of the failover thread, its nft process and the health-check
     *     threads with configurator = linux (0: normal scheduling)
     */
    public record Failover(String self, String listen, List<FailoverCluster> clusters, int realtimePriority) {
    }

    /**
     * Where the dispatch table goes (dataPlane.*): recorded only (the default), into an nftables table on
     * serviceInterface ({@code nftables}), or into the kernel's IPVS ({@code ipvs}); both with configurator = linux.
     *
     * @param buckets hash buckets per virtual service for nftables, 1..65536, the same on every director
     */
    public record DataPlane(DataPlaneKind kind, int buckets) {
    }

    /** The values of dataPlane. */
    public enum DataPlaneKind {
        /** The dispatch table is only recorded (the ipvsadm commands it would take are logged). */
        RECORDING,
        /** NftDispatchDriver: nftables DR dispatch on serviceInterface, for kernels without IPVS. */
        NFTABLES,
        /** IpvsadmDispatchDriver: the kernel's IPVS, through ipvsadm. */
        IPVS
    }

    /** A service this host offers as a real server, checked locally and counted from /proc/net/tcp. */
    public record Service(String name, int port, String protocol) {
    }

    /** One kind of check a load balancer runs on each real server of its dispatch table (healthCheck = LIST). */
    public enum HealthCheckKind {
        /** No checks: the dispatch table is applied as the manager set it (only alone, as {@code none}). */
        NONE,
        /** A TCP connection to the real server's address and port. */
        TCP,
        /** An HTTP GET of {@code path} from the real server's address and port, answered with {@code expectStatus}. */
        HTTP,
        /** The same GET over TLS ({@link Tls}: the certificate is not checked unless asked). */
        HTTPS,
        /** {@code /bin/sh -c script} with LCMS_RS_ADDRESS and LCMS_RS_PORT; exit status 0 is healthy. */
        SCRIPT,
        /** The real server's own node agent reports the service on that port up (LCMS-MIB lcmsServiceStatus). */
        MIB
    }

    /**
     * TLS of the https check. Off by default, as keepalived's SSL_GET: the check asks whether the service
     * answers, not whether its certificate is valid (an expired certificate is an alarm for the PKI, not a reason
     * to take every server out of rotation at once).
     *
     * @param verify check the certificate chain against the JDK's trust store and the name against
     *     {@code serverName} (or the real server's address when no name is given)
     * @param serverName sent as SNI and Host header; empty: none, the Host is the real server's address
     */
    public record Tls(boolean verify, String serverName) {
        public static final Tls DEFAULT = new Tls(false, "");
    }

    /**
     * How the load balancer reads the real servers' own node agents (the mib check, load-aware weights): the
     * SNMPv3 user of this file it uses (the same user must exist on the real servers' agents) and their UDP port.
     */
    public record AgentQuery(User user, int port) {
    }

    /** What load-aware weights follow (healthCheck.loadAware). */
    public enum LoadMetric {
        /** Off: the effective weight is the operator's. */
        NONE,
        /** lcmsServiceCurrentConnections of the service on the real server's port, per unit of weight. */
        CONNECTIONS,
        /** lcmsHostLoadAverage1 of the real server, per unit of weight. */
        LOAD_AVERAGE
    }

    /**
     * Load-aware weights (healthCheck.loadAware.*): every {@code interval} ms the real servers' agents are read
     * and each server's weight is scaled by {@link org.lcms.failover.core.LoadAwareWeights}' bounded, smoothed
     * factor.
     */
    public record LoadAware(LoadMetric metric, long interval, org.lcms.failover.core.LoadAwareWeights.Policy policy) {
        public static final LoadAware NONE = new LoadAware(LoadMetric.NONE, 2000,
            org.lcms.failover.core.LoadAwareWeights.Policy.DEFAULT);
    }

    /**
     * The real-server checks of a load balancer (healthCheck.*). Times in milliseconds. {@code rise}, {@code fall}
     * and the flap damping are {@link HealthHysteresis}'s; {@code onFailure} is
     * {@link RotationPlanner}'s (drain: weight 0, existing connections finish; remove: out
     * of the table).
     *
     * @param kinds the checks every real server must pass, run in this order (empty: none)
     * @param path the HTTP path (http, https), e.g. {@code /health}
     * @param script the shell command (script only)
     * @param agent how the mib check and load-aware weights reach the real servers' agents
     * @param sorryServer the address that gets a virtual service's new connections when none of its real servers
     *     can take them (same port: direct routing does not translate ports)
     */
    public record HealthCheck(List<HealthCheckKind> kinds, String path, int expectStatus, String script, long interval,
                              long timeout, int rise, int fall, RotationPlanner.OnFailure onFailure,
                              int flapLimit, long flapWindow, long holdDown, Tls tls, Optional<AgentQuery> agent,
                              Optional<java.net.InetAddress> sorryServer, LoadAware loadAware) {
        public static final HealthCheck NONE = new HealthCheck(HealthCheckKind.NONE, "/", 200, "", 1000, 500, 2, 2,
            RotationPlanner.OnFailure.REMOVE, 6, 60_000, 120_000);

        public HealthCheck {
            kinds = List.copyOf(kinds);
        }

        /** One kind of check (NONE: no checks), no TLS verification, no agent queries, no sorry server. */
        public HealthCheck(HealthCheckKind kind, String path, int expectStatus, String script, long interval,
                           long timeout, int rise, int fall, RotationPlanner.OnFailure onFailure, int flapLimit,
                           long flapWindow, long holdDown) {
            this(kind == HealthCheckKind.NONE ? List.of() : List.of(kind), path, expectStatus, script, interval,
                timeout, rise, fall, onFailure, flapLimit, flapWindow, holdDown, Tls.DEFAULT, Optional.empty(),
                Optional.empty(), LoadAware.NONE);
        }

        /** No check configured: the table is applied as the manager set it. */
        public boolean none() {
            return kinds.isEmpty();
        }

        /** The hysteresis every checked real server gets. */
        public HealthHysteresis.Policy hysteresis() {
            return new HealthHysteresis.Policy(rise, fall, flapLimit, flapWindow, holdDown,
                false);
        }
    }
}
