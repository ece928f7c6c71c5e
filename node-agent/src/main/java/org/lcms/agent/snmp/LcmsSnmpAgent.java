package org.lcms.agent.snmp;

import org.lcms.mib.LcmsMib;
import static org.lcms.mib.LcmsMib.scalar;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lcms.agent.config.AgentConfig;
import org.lcms.agent.host.HostFacts;
import org.lcms.agent.host.KernelHostReader;
import org.lcms.agent.host.TcpConnectionCounter;
import org.lcms.agent.dispatch.DispatchTable;
import org.lcms.agent.dispatch.DispatchTableDriver;
import org.lcms.agent.dispatch.IpvsadmDispatchDriver;
import org.lcms.agent.dispatch.NftDispatchDriver;
import org.lcms.agent.dispatch.RealServer;
import org.lcms.agent.dispatch.RealServerStatus;
import org.lcms.agent.dispatch.RecordingDispatchTableDriver;
import org.lcms.agent.dispatch.VirtualService;
import org.lcms.agent.failover.FailoverRuntime;
import org.lcms.agent.health.HealthCheckedDriver;
import org.lcms.agent.role.AgentRole;
import org.lcms.agent.role.HostConfigurator;
import org.lcms.agent.state.AgentState;
import org.lcms.agent.state.AgentStateFile;
import org.snmp4j.MessageDispatcher;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.agent.AgentConfigManager;
import org.snmp4j.agent.DefaultMOServer;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOServer;
import org.snmp4j.agent.mo.snmp.SnmpNotificationMIB;
import org.snmp4j.agent.mo.snmp.StorageType;
import org.snmp4j.agent.mo.snmp.TransportDomains;
import org.snmp4j.cfg.EngineBootsCounterFile;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.MessageProcessingModel;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.TSM;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;
import org.snmp4j.util.ThreadPool;
import org.snmp4j.PDU;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.agent.CommandProcessor;

/**
 * The node agent's SNMP side: snmp4j-agent's {@link AgentConfigManager} with only what LCMS means to expose.
 *
 * <p>What is served: the SNMPv2-MIB system group's sysDescr, sysObjectID (= lcmsMIB), sysUpTime and sysName
 * (read-only), and LCMS-MIB's host, role and service objects. What is not: every other MIB module the config
 * manager builds (SNMPv2-MIB's writable sysContact/sysLocation and snmp group, USM, VACM, target, notification,
 * community, framework, MPD, proxy, SNMP4J log/config, notification log). The config manager still uses its USM,
 * VACM, target, notification and community tables, filled from the configuration in memory; they are simply never
 * registered in the {@link MOServer} ({@link Assembly#registerMIBs}), so no manager can read or change them.
 *
 * <p>Message processing: SNMPv3 always; SNMPv2c only when a read-only community is configured; SNMPv1 never.
 * Security protocols: SHA-2 authentication and AES privacy only.
 *
 * <p>authenticationFailure traps are off (snmpEnableAuthenTraps = disabled): anyone who can reach the port
 * could otherwise make the agent send a trap per forged packet, and snmpEnableAuthenTraps is not served, so a
 * manager could not turn them off again.
 *
 * <p>The engine ID (RFC 3411 format 5, the LCMS enterprise number and 12 random bytes) is created on the first
 * start and kept with the boots counter in {@code STATE/engine-boots} (snmp4j's {@link EngineBootsCounterFile});
 * every start adds one to the boots counter.
 */
public final class LcmsSnmpAgent implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LcmsSnmpAgent.class.getName());
    static final String BOOTS_FILE = "engine-boots";
    static final OctetString TRAP_TAG = new OctetString("lcms-trap");
    static final OctetString INFORM_TAG = new OctetString("lcms-inform");

    private final Assembly assembly;
    private final ThreadPool workers;
    private final ScheduledExecutorService probes;
    private final ExecutorService notifier;
    private final HostGroup hostGroup;
    private final RoleGroup roleGroup;
    private final ServiceTable services;
    private final DispatchTableMib dispatch;
    private final FailoverMib failoverMib;
    private final FailoverPolicies policies;
    private final FailoverPolicyMib policyMib;
    /** The failover, once it runs (it is started after the agent, which reports its takes and releases). */
    private volatile FailoverRuntime failover;
    /** The real-server health checks around the driver, or nothing (healthCheck = none). */
    private final Optional<HealthCheckedDriver> healthChecks;
    private final AgentStateFile stateFile;
    /** Writes the state file for the failover's thread (see persistSoon). */
    private final ExecutorService stateWriter;
    /** Snapshots taken / the newest written (guarded by this / by stateFile). */
    private long stateSequence;
    private long writtenSequence;
    private final Cached<HostFacts> facts;
    private final DefaultUdpTransportMapping transport;
    private final OctetString engineId;
    private final int engineBoots;
    private final String version;

    private LcmsSnmpAgent(AgentConfig config, HostConfigurator configurator, DispatchTableDriver driver,
                          KernelHostReader reader, TcpConnectionCounter counter, Path sys) throws IOException {
        version = AgentVersion.VERSION;
        Files.createDirectories(config.stateDirectory());
        stateFile = new AgentStateFile(config.stateDirectory());
        AgentState kept = stateFile.load();
        EngineBootsCounterFile boots = new EngineBootsCounterFile(
            new File(config.stateDirectory().toFile(), BOOTS_FILE));
        engineId = boots.getEngineId(new OctetString(newEngineId()));

        transport = new DefaultUdpTransportMapping(new UdpAddress(config.listen().replace("[", "").replace("]", "")));
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addTransportMapping(transport);
        MOServer server = new DefaultMOServer();
        workers = ThreadPool.create("lcms-agent", 2);
        probes = Executors.newSingleThreadScheduledExecutor(daemon("lcms-agent-probe"));
        notifier = Executors.newSingleThreadExecutor(daemon("lcms-agent-notify"));
        stateWriter = Executors.newSingleThreadExecutor(daemon("lcms-agent-state"));

        facts = new Cached<>(reader::read, 1000);
        assembly = new Assembly(engineId, dispatcher, server, workers, boots, config.readOnlyCommunity().isPresent());
        hostGroup = new HostGroup(facts, version, sys);
        roleGroup = new RoleGroup(config.rolePotential(), config.serviceInterface(), failoverVips(config), configurator,
            this::upTime, this::roleChanged);
        roleGroup.restore(kept);
        // Whatever driver was chosen, health checks wrap it: the data plane gets the table with failed real servers
        // out of rotation, the MIB keeps the manager's (a notification is sent for each change).
        // the file decides whether there is a checker; a kept policy of the manager reconfigures it (FailoverPolicies)
        driver = HealthCheckedDriver.around(driver, config.healthCheck(),
            new HealthCheckedDriver.Listener() {
            // dispatch() is null only until the constructor has built it, before any check ran
            @Override
            public void realServerStateChanged(VirtualService vs, RealServer rs, RealServerStatus previous,
                                               String reason) {
                if (dispatch() != null) {
                    dispatch().healthChanged(rs, previous, reason);
                }
            }

            @Override
            public void sorryServerChanged(VirtualService vs, RealServer sorry, boolean serving, String reason) {
                if (dispatch() != null) {
                    LcmsSnmpAgent.this.notify(serving ? LcmsMib.LCMS_SORRY_SERVER_ON : LcmsMib.LCMS_SORRY_SERVER_OFF,
                        dispatch().sorryServer(vs, sorry, reason));
                }
            }

            @Override
            public void weightChanged(VirtualService vs, RealServer rs, int previousWeight, String reason) {
                if (dispatch() != null) {
                    LcmsSnmpAgent.this.notify(LcmsMib.LCMS_REAL_SERVER_WEIGHT_CHANGE, dispatch().weightChange(vs, rs,
                        "weight " + previousWeight + " -> " + rs.weight() + ": " + reason));
                }
            }
        });
        healthChecks = Optional.of(driver).filter(HealthCheckedDriver.class::isInstance)
            .map(HealthCheckedDriver.class::cast);
        policies = new FailoverPolicies(config, kept.policies(), healthChecks, () -> Optional.ofNullable(failover),
            this::persist);
        dispatch = new DispatchTableMib(kept.dispatchTable(), driver, this::upTime, this::dispatchWriteRefusal,
            roleGroup::clusterId, new DispatchTableMib.Listener() {
                @Override
                public void committed(DispatchTable table) {
                    persist();
                }

                @Override
                public void realServerStateChanged(VariableBinding[] varbinds) {
                    LcmsSnmpAgent.this.notify(LcmsMib.LCMS_REAL_SERVER_STATE_CHANGE, varbinds);
                }
            });
        if (dispatch.roleChanged(dispatches(), keepsDispatchRows())) {
            persist();
        }
        failoverMib = new FailoverMib(() -> Optional.ofNullable(failover));
        policyMib = new FailoverPolicyMib(policies, () -> Optional.ofNullable(failover));
        services = new ServiceTable(config.services(), counter, this::upTime, this::serviceStateChanged);
        assembly.setContext(new SecurityModels(), AccessPolicy.securityProtocols(), new CounterSupport());

        assembly.initialize();
        assembly.getSNMPv2MIB().getSnmpEnableAuthenTraps().setValue(new Integer32(2)); // disabled(2), see above
        AccessPolicy.addUsers(assembly.getUsm(), config.users());
        AccessPolicy.configureVacm(assembly.getVacmMIB(), config.users(), config.readOnlyCommunity());
        AccessPolicy.configureCommunity(assembly.getSnmpCommunityMIB(), engineId, config.readOnlyCommunity());
        configureTargets(config);
        assembly.run();
        engineBoots = assembly.getUsm().getEngineBoots();
        services.startProbes(probes, 2000);
        LOG.info(() -> "LCMS node agent " + version + " answers SNMP on " + transport.getListenAddress()
            + ", engine ID " + engineId.toHexString() + ", boots " + engineBoots);
        notify(LcmsMib.LCMS_AGENT_START, agentStartVarbinds());
    }

    /** Starts the agent on the real host's /proc and /sys, with the data plane agent.cfg asks for (dataPlane). */
    public static LcmsSnmpAgent start(AgentConfig config, HostConfigurator configurator) throws IOException {
        return start(config, configurator, dataPlane(config));
    }

    /** The driver dataPlane names: IPVS, the nftables table on serviceInterface, or the recording dry run. */
    static DispatchTableDriver dataPlane(AgentConfig config) {
        return switch (config.dataPlane().kind()) {
            case IPVS -> new IpvsadmDispatchDriver(IpvsadmDispatchDriver.Commands.system());
            case NFTABLES -> new NftDispatchDriver(config.serviceInterface(), config.dataPlane().buckets(),
                new NftDispatchDriver.Commands(List.of("nft"), true, config.configurator().equals("linux")
                    ? config.failover().map(AgentConfig.Failover::realtimePriority).orElse(0) : 0));
            case RECORDING -> new RecordingDispatchTableDriver();
        };
    }

    /** Starts the agent on the real host's /proc and /sys. */
    public static LcmsSnmpAgent start(AgentConfig config, HostConfigurator configurator, DispatchTableDriver driver)
        throws IOException {
        return start(config, configurator, driver, KernelHostReader.system(), TcpConnectionCounter.system(),
            Path.of("/sys"));
    }

    public static LcmsSnmpAgent start(AgentConfig config, HostConfigurator configurator, KernelHostReader reader,
                                      TcpConnectionCounter counter, Path sys) throws IOException {
        return start(config, configurator, new RecordingDispatchTableDriver(), reader, counter, sys);
    }

    public static LcmsSnmpAgent start(AgentConfig config, HostConfigurator configurator, DispatchTableDriver driver,
                                      KernelHostReader reader, TcpConnectionCounter counter, Path sys)
        throws IOException {
        return new LcmsSnmpAgent(config, configurator, driver, reader, counter, sys);
    }

    private DispatchTableMib dispatch() {
        return dispatch;
    }

    /** A load balancer, or a backup server that took over, puts its dispatch table into the data plane. */
    private boolean dispatches() {
        AgentRole role = roleGroup.role();
        return (role == AgentRole.LOAD_BALANCER || role == AgentRole.BACKUP_SERVER)
            && roleGroup.phase() == LcmsMib.PHASE_ACTIVE;
    }

    /** A standby backup keeps the rows it will dispatch after a takeover; other roles have none (LCMS-MIB). */
    private boolean keepsDispatchRows() {
        return roleGroup.role() == AgentRole.LOAD_BALANCER || roleGroup.role() == AgentRole.BACKUP_SERVER;
    }

    /**
     * The VIPs of the failover clusters in which this host is ranked (load balancer or backup): their failover
     * adds and removes them, the role leaves them alone (RolePlanner).
     */
    static Set<InetAddress> failoverVips(AgentConfig config) {
        Set<InetAddress> out = new java.util.HashSet<>();
        config.failover().ifPresent(f -> f.clusters().stream()
            .filter(c -> c.ranked().stream().anyMatch(p -> p.name().equals(f.self())))
            .forEach(c -> {
                try {
                    out.add(InetAddress.getByName(c.vip())); // an address literal (checked by the parser): no lookup
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalArgumentException("failover VIP " + c.vip(), e);
                }
            }));
        return out;
    }

    /** Why the manager may not write the dispatch tables now; empty when it may. */
    private Optional<String> dispatchWriteRefusal() {
        // Every member of the chain takes the table, active or standby: the one standby must have the current table
        // when the failover gives it the VIP, and the manager may be down then (a standby keeps the rows and
        // dispatches them only while active). A former load balancer standing by after a switchover is no different.
        int phase = roleGroup.phase();
        if (keepsDispatchRows() && (phase == LcmsMib.PHASE_ACTIVE || phase == LcmsMib.PHASE_STANDBY)) {
            return Optional.empty();
        }
        AgentRole role = roleGroup.role();
        return Optional.of("this host is " + role + " in state " + phase + " (lcmsRoleState); the "
            + "dispatch table is writable only on a load balancer or a backup server, active or standby: set "
            + "lcmsRoleType to loadBalancer(2) or backupServer(3) first");
    }

    /**
     * Keeps the role, dispatch table and failover policies now (the SET that changed them is answered after they are
     * on disk). A failure is logged: the change is in effect already and stays so; the next change that can be
     * written catches up.
     */
    private void persist() {
        write(snapshot());
    }

    /**
     * Keeps the role and dispatch table soon, on the state writer's thread. For the failover's thread: a take or
     * release must not wait for the state file's two fsyncs (tens of ms, hundreds while other processes write
     * the disk), or the new holder renews its lease late and loses it — seen on the bed as a first takeover
     * lapsing two or three times (outage ~900 ms instead of ~100). What is lost by a crash in between is what the
     * failover re-decides at start anyway (the VIP is the election's, the epoch the witnesses').
     */
    private void persistSoon() {
        StateSnapshot s = snapshot();
        stateWriter.execute(() -> write(s));
    }

    private record StateSnapshot(long sequence, AgentState state) {
    }

    private synchronized StateSnapshot snapshot() {
        return new StateSnapshot(++stateSequence, roleGroup.state(dispatch.table())
            .withPolicies(policies == null ? Map.of() : policies.texts()));
    }

    /** Writes {@code s} unless a newer snapshot is on disk already (persist and persistSoon may interleave). */
    private void write(StateSnapshot s) {
        synchronized (stateFile) {
            if (s.sequence() <= writtenSequence) {
                return;
            }
            try {
                stateFile.save(s.state());
                writtenSequence = s.sequence();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.SEVERE, "could not keep the role and dispatch table in " + stateFile.path() + ": "
                    + e.getMessage() + "; they will be lost at the next restart unless the state directory is "
                    + "writable again", e);
            }
        }
    }

    private void serviceStateChanged(ServiceTable.StateChange c) {
        notify(LcmsMib.LCMS_SERVICE_STATE_CHANGE, new VariableBinding[] {
            new VariableBinding(scalar(LcmsMib.LCMS_HOST_NAME), new OctetString(facts.get().hostName())),
            new VariableBinding(scalar(LcmsMib.LCMS_ROLE_CLUSTER_ID), roleGroup.clusterId()),
            new VariableBinding(instance(LcmsMib.LCMS_SERVICE_NAME, c.index()), new OctetString(c.service().name())),
            new VariableBinding(instance(LcmsMib.LCMS_SERVICE_PORT, c.index()),
                new org.snmp4j.smi.UnsignedInteger32(c.service().port())),
            new VariableBinding(instance(LcmsMib.LCMS_SERVICE_PROTOCOL, c.index()),
                new Integer32(c.service().protocol().equals("tcp") ? 6 : 17)),
            new VariableBinding(instance(LcmsMib.LCMS_SERVICE_STATUS, c.index()), new Integer32(c.status())),
            new VariableBinding(scalar(LcmsMib.LCMS_NOTIF_PREVIOUS_SERVICE_STATUS), new Integer32(c.previous())),
            new VariableBinding(scalar(LcmsMib.LCMS_NOTIF_REASON), new OctetString(c.reason()))});
    }

    private static OID instance(OID column, int index) {
        return new OID(column.getValue(), new int[] {index});
    }

    public OctetString engineId() {
        return engineId;
    }

    /** How many USM user entries (per user and engine ID) the agent holds; they must not grow from outside. */
    int usmEntries() {
        return assembly.getUsm().getUserTable().getUserEntries().size();
    }

    public int engineBoots() {
        return engineBoots;
    }

    /** The address the agent listens on (with the real port when the configuration said 0). */
    public UdpAddress address() {
        return transport.getListenAddress();
    }

    long upTime() {
        return assembly.getSysUpTime().get().toLong();
    }

    private void configureTargets(AgentConfig config) {
        boolean traps = false;
        boolean informs = false;
        for (AgentConfig.NotificationTarget t : config.targets()) {
            UdpAddress address = new UdpAddress(t.address().replace("[", "").replace("]", ""));
            OID domain = address.getInetAddress() instanceof java.net.Inet6Address
                ? TransportDomains.transportDomainUdpIpv6 : TransportDomains.transportDomainUdpIpv4;
            OctetString params = new OctetString("params-" + t.name());
            if (t.user().isPresent()) {
                AgentConfig.User user = config.users().stream().filter(u -> u.name().equals(t.user().get()))
                    .findFirst().orElseThrow();
                assembly.getSnmpTargetMIB().addTargetParams(params, MessageProcessingModel.MPv3,
                    SecurityModel.SECURITY_MODEL_USM, new OctetString(user.name()),
                    user.level() == AgentConfig.SecurityLevel.AUTH_PRIV ? SecurityLevel.AUTH_PRIV
                        : SecurityLevel.AUTH_NOPRIV, StorageType.volatile_);
            } else {
                OctetString name = AccessPolicy.addNotifyCommunity(assembly.getVacmMIB(),
                    t.community().orElseThrow());
                assembly.getSnmpTargetMIB().addTargetParams(params, MessageProcessingModel.MPv2c,
                    SecurityModel.SECURITY_MODEL_SNMPv2c, name, SecurityLevel.NOAUTH_NOPRIV, StorageType.volatile_);
            }
            // timeout in hundredths of a second: 1.5 s, one retry (informs only)
            assembly.getSnmpTargetMIB().addTargetAddress(new OctetString(t.name()), domain,
                new OctetString(address.getValue()), 150, 1, t.inform() ? INFORM_TAG : TRAP_TAG, params,
                StorageType.volatile_);
            traps |= !t.inform();
            informs |= t.inform();
        }
        if (traps) {
            assembly.getSnmpNotificationMIB().addNotifyEntry(TRAP_TAG, TRAP_TAG,
                SnmpNotificationMIB.SnmpNotifyTypeEnum.trap, StorageType.volatile_);
        }
        if (informs) {
            assembly.getSnmpNotificationMIB().addNotifyEntry(INFORM_TAG, INFORM_TAG,
                SnmpNotificationMIB.SnmpNotifyTypeEnum.inform, StorageType.volatile_);
        }
    }

    /**
     * The failover took or gave up a cluster's VIP on this host (called from the failover's VIP control): the
     * takeover epoch becomes lcmsRoleTakeoverEpoch (kept across restarts), and a backup (rank 1 and up) that
     * takes the VIP sends lcmsBackupTakeover, one that hands it back to the load balancer lcmsBackupHandBack —
     * the NMS raises and clears its alarm from them (the manager forwards both).
     *
     * @param rank 0 for the load balancer, 1 for the primary backup, ...
     */
    public void failoverChanged(String cluster, InetAddress vip, int rank, long epoch, boolean holding,
                                String reason) {
        boolean changed = roleGroup.adoptTakeoverEpoch(epoch);
        Optional<RoleGroup.Change> roleChange = roleGroup.failoverHolding(vip, holding, holding
            ? "took the VIP: " + reason : "gave the VIP up: " + reason);
        roleChange.ifPresent(change -> dispatch().roleChanged(dispatches(), keepsDispatchRows()));
        if (changed || roleChange.isPresent()) {
            persistSoon(); // on the failover's thread: see persistSoon
        }
        roleChange.ifPresent(change -> notify(LcmsMib.LCMS_ROLE_CHANGE, roleChangeVarbinds(change)));
        if (rank < 1 || (!holding && !reason.startsWith("handed back"))) {
            return; // the load balancer's own takes and every lease lapse are in the agent's log, not alarms
        }
        notify(holding ? LcmsMib.LCMS_BACKUP_TAKEOVER : LcmsMib.LCMS_BACKUP_HAND_BACK, new VariableBinding[] {
            new VariableBinding(scalar(LcmsMib.LCMS_HOST_NAME), new OctetString(facts.get().hostName())),
            new VariableBinding(scalar(LcmsMib.LCMS_ROLE_CLUSTER_ID), new OctetString(cluster)),
            new VariableBinding(scalar(LcmsMib.LCMS_ROLE_VIP_ADDRESS_TYPE),
                new Integer32(DispatchTableMib.addressType(vip))),
            new VariableBinding(scalar(LcmsMib.LCMS_ROLE_VIP_ADDRESS), new OctetString(vip.getAddress())),
            new VariableBinding(scalar(LcmsMib.LCMS_ROLE_BACKUP_RANK), new org.snmp4j.smi.UnsignedInteger32(rank)),
            new VariableBinding(scalar(LcmsMib.LCMS_ROLE_TAKEOVER_EPOCH),
                new org.snmp4j.smi.UnsignedInteger32(epoch)),
            new VariableBinding(scalar(LcmsMib.LCMS_NOTIF_PEER_ADDRESS_TYPE), new Integer32(LcmsMib.INET_UNKNOWN)),
            new VariableBinding(scalar(LcmsMib.LCMS_NOTIF_PEER_ADDRESS), new OctetString()),
            new VariableBinding(scalar(LcmsMib.LCMS_NOTIF_REASON), new OctetString(reason))});
    }

    /** From now on lcmsFailoverTable shows this failover and takes the operator's hand-overs for it. */
    public void attachFailover(FailoverRuntime runtime) {
        this.failover = runtime;
        policies.failoverStarted();
    }

    /** The role or its phase moved: the data plane follows, the state is kept, the manager is told. */
    private void roleChanged(RoleGroup.Change change) {
        dispatch().roleChanged(dispatches(), keepsDispatchRows());
        persist();
        notify(LcmsMib.LCMS_ROLE_CHANGE, roleChangeVarbinds(change));
    }

    /** Sends in the background: an inform waits for its answer, which must not hold up the SET that caused it. */
    private void notify(OID notification, VariableBinding[] varbinds) {
        notifier.execute(() -> {
            try {
                assembly.getAgentNotificationOriginator().notify(new OctetString(), notification, varbinds);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not send notification " + notification, e);
            }
        });
    }

    private VariableBinding[] agentStartVarbinds() {
        HostFacts f = facts.get();
        return new VariableBinding[] {
            new VariableBinding(scalar(LcmsMib.LCMS_HOST_NAME), new OctetString(f.hostName())),
            new VariableBinding(scalar(LcmsMib.LCMS_AGENT_VERSION), new OctetString(version)),
            new VariableBinding(scalar(LcmsMib.LCMS_ROLE_TYPE), new Integer32(roleGroup.role().mibValue())),
            new VariableBinding(scalar(LcmsMib.LCMS_ROLE_STATE), new Integer32(roleGroup.phase())),
            new VariableBinding(scalar(LcmsMib.LCMS_ROLE_CLUSTER_ID), roleGroup.clusterId())};
    }

    private VariableBinding[] roleChangeVarbinds(RoleGroup.Change change) {
        List<VariableBinding> vbs = new ArrayList<>();
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_HOST_NAME), new OctetString(facts.get().hostName())));
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_ROLE_TYPE), new Integer32(roleGroup.role().mibValue())));
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_ROLE_STATE), new Integer32(roleGroup.phase())));
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_NOTIF_PREVIOUS_ROLE_TYPE),
            new Integer32(change.previousRole().mibValue())));
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_NOTIF_PREVIOUS_ROLE_STATE),
            new Integer32(change.previousPhase())));
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_ROLE_CLUSTER_ID), roleGroup.clusterId()));
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_ROLE_VIP_ADDRESS_TYPE), roleGroup.vipAddressType()));
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_ROLE_VIP_ADDRESS), roleGroup.vipAddress()));
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_ROLE_BACKUP_RANK), roleGroup.backupRank()));
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_ROLE_TAKEOVER_EPOCH),
            new org.snmp4j.smi.UnsignedInteger32(roleGroup.takeoverEpoch())));
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_ROLE_LAST_ERROR), new OctetString(roleGroup.lastError())));
        vbs.add(new VariableBinding(scalar(LcmsMib.LCMS_NOTIF_REASON), new OctetString(change.reason())));
        return vbs.toArray(VariableBinding[]::new);
    }

    /** Stops answering, waits briefly for notifications in flight, closes the socket and stops the threads. */
    @Override
    public void close() {
        healthChecks.ifPresent(HealthCheckedDriver::close);
        probes.shutdownNow();
        notifier.shutdown();
        stateWriter.shutdown();
        try {
            stateWriter.awaitTermination(3, TimeUnit.SECONDS); // the last state kept before the agent stops
            notifier.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assembly.shutdown();
        workers.stop();
    }

    /** RFC 3411 engine ID, format 5 (administratively assigned octets): 0x80000000|PEN, 5, 12 random bytes. */
    static byte[] newEngineId() {
        int pen = LcmsMib.LCMS_MIB.get(6);
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return ByteBuffer.allocate(17).putInt(0x8000_0000 | pen).put((byte) 5).put(random).array();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** snmp4j-agent's config manager, narrowed to what LCMS exposes (see the class comment). */
    private final class Assembly extends AgentConfigManager {
        private final MOServer server;
        private final boolean v2c;

        Assembly(OctetString engineId, MessageDispatcher dispatcher, MOServer server, ThreadPool workers,
                 EngineBootsCounterFile boots, boolean v2c) {
            super(engineId, dispatcher, null, new MOServer[] {server}, workers, null, null, boots);
            this.server = server;
            this.v2c = v2c;
            this.sysOID = LcmsMib.LCMS_MIB;
            this.sysDescr = new OctetString(describe());
        }

        /**
         * Reads are answered on the transport's receive thread; only SETs go to the worker pool. Measured with
         * bench/agent-vs-snmpd.sh: handing every GET to a worker cost 50-110 us of CPU per request (thread
         * wake-ups), answering inline 22-44 us. SETs stay on the pool: applying a role runs external commands
         * and must not hold up the reads (a backup watching this load balancer reads it).
         */
        @Override
        protected CommandProcessor createCommandProcessor(OctetString engineId) {
            return new CommandProcessor(engineId) {
                @Override
                public <A extends org.snmp4j.smi.Address> void processPdu(CommandResponderEvent<A> event) {
                    PDU pdu = event.getPDU();
                    if (pdu == null || pdu.getType() == PDU.SET) {
                        super.processPdu(event);
                        return;
                    }
                    // processPdu runs on the single receive thread of the UDP transport, so swapping the
                    // pool out for this one call cannot race with another processPdu call.
                    org.snmp4j.util.WorkerPool pool = threadPool;
                    threadPool = null;
                    try {
                        super.processPdu(event);
                    } finally {
                        threadPool = pool;
                    }
                }
            };
        }

        private String describe() {
            return "LCMS node agent " + version + " (" + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + " " + System.getProperty("os.arch") + ")";
        }

        @Override
        protected void initMessageDispatcherWithMPs(MessageDispatcher dispatcher) {
            if (v2c) {
                dispatcher.addMessageProcessingModel(new MPv2c());
            }
            dispatcher.addMessageProcessingModel(new MPv3(engineID.getValue(), null, securityProtocols,
                securityModels, counterSupport));
        }

        @Override
        protected TSM createTSM() {
            return null; // no TLS transport
        }

        @Override
        protected void initOptionalMIBs() {
            // none: no SNMP4J log/config/proxy MIBs, no notification log, no USM Diffie-Hellman kick-start
        }

        @Override
        protected void registerMIBs(OctetString context) throws DuplicateRegistrationException {
            new SystemGroup(describe(), getSysUpTime(), () -> facts.get().hostName()).registerMOs(server, context);
            hostGroup.registerMOs(server, context);
            roleGroup.registerMOs(server, context);
            dispatch.register(server, context);
            services.register(server, context);
            failoverMib.register(server, context);
            policyMib.register(server, context);
        }

        @Override
        protected void unregisterMIBs(OctetString context) {
            // The server goes away with the agent; nothing else refers to these objects.
        }

        @Override
        protected void fireLaunchNotifications() {
            // lcmsAgentStart instead of coldStart, sent by the agent once it is running
        }
    }
}
