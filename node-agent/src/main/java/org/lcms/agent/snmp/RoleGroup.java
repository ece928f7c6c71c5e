package org.lcms.agent.snmp;

import org.lcms.mib.LcmsMib;
import static org.lcms.mib.LcmsMib.scalar;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lcms.agent.role.AgentRole;
import org.lcms.agent.role.HostConfigurationException;
import org.lcms.agent.role.HostConfigurator;
import org.lcms.agent.role.HostStep;
import org.lcms.agent.role.RoleTarget;
import org.lcms.agent.state.AgentState;
import org.snmp4j.PDU;
import org.snmp4j.agent.mo.MOAccessImpl;
import org.snmp4j.agent.mo.MOGroupImpl;
import org.snmp4j.agent.mo.MOScalar;
import org.snmp4j.agent.request.Request;
import org.snmp4j.agent.request.SubRequest;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;

/**
 * lcmsRole: the role of the host and its state. Writing lcmsRoleType applies the role to the host through the
 * {@link HostConfigurator}, with the cluster id, VIP and rank as they stand after the same SET request.
 *
 * <p>How a SET maps onto snmp4j-agent's two-phase commit (every varbind is prepared before any is committed;
 * a failed commit makes the agent undo every committed varbind, then answer the first error):
 * <pre>
 * phase    lcmsRoleType                                           the other writable role objects
 * prepare  wrongType (not INTEGER), wrongValue (not 1..4),         wrongValue / wrongLength on their syntax
 *          inconsistentValue (outside the role potential; lb/rs
 *          without a VIP; VIP type and length disagree; lb without
 *          a service interface)
 * commit   apply the role to the host; a failure (the configurator  store the value
 *          already rolled the host back) answers commitFailed and
 *          puts the configurator's reason into lcmsRoleLastError
 *          (cleared by the next role change that succeeds)
 * undo     re-apply the previous role if this request applied one   restore the old value
 * cleanup  lcmsRoleChange to the notification targets, once the
 *          whole request has committed
 * </pre>
 * The role is not taken from MOChangeListener events (they fire twice per SET); these objects act in the
 * phase methods themselves.
 */
final class RoleGroup extends MOGroupImpl {
    private static final Logger LOG = Logger.getLogger(RoleGroup.class.getName());

    /** A role change that was committed, for lcmsRoleChange. */
    record Change(AgentRole previousRole, int previousPhase, String reason) {
    }

    private final Set<AgentRole> potential;
    private final String serviceInterface;
    /** The VIPs whose failover runs on this host (agent.cfg, this host ranked): the failover owns them. */
    private final Set<InetAddress> failoverVips;
    private final HostConfigurator configurator;
    private final LongSupplier sysUpTime;
    private final Consumer<Change> onChange;

    private final RoleTypeScalar roleType = new RoleTypeScalar();
    private final MOScalar<OctetString> clusterId = new CheckedScalar<>(LcmsMib.LCMS_ROLE_CLUSTER_ID,
        new OctetString(), v -> ((OctetString) v).length() <= 64 ? PDU.noError : PDU.wrongLength);
    private final MOScalar<Integer32> vipAddressType = new CheckedScalar<>(LcmsMib.LCMS_ROLE_VIP_ADDRESS_TYPE,
        new Integer32(LcmsMib.INET_UNKNOWN), v -> switch (((Integer32) v).getValue()) {
            case LcmsMib.INET_UNKNOWN, LcmsMib.INET_IPV4, LcmsMib.INET_IPV6 -> PDU.noError;
            default -> PDU.wrongValue;
        });
    private final MOScalar<OctetString> vipAddress = new CheckedScalar<>(LcmsMib.LCMS_ROLE_VIP_ADDRESS,
        new OctetString(), v -> switch (((OctetString) v).length()) {
            case 0, 4, 16 -> PDU.noError;
            default -> PDU.wrongLength;
        });
    private final MOScalar<UnsignedInteger32> backupRank = new CheckedScalar<>(LcmsMib.LCMS_ROLE_BACKUP_RANK,
        new UnsignedInteger32(0), v -> ((UnsignedInteger32) v).getValue() <= 255 ? PDU.noError : PDU.wrongValue);

    // Guarded by this. The role itself is roleType's value.
    private int phase = LcmsMib.PHASE_STANDBY;
    private long lastChange;
    private String lastError = "";
    /** Set by the agent on takeover (not yet implemented), never by the manager; kept across restarts. */
    private long takeoverEpoch;
    /** The VIPs the failover holds here now (reported by it, whatever the role). Guarded by this. */
    private final Set<InetAddress> held = new java.util.HashSet<>();

    RoleGroup(Set<AgentRole> potential, String serviceInterface, Set<InetAddress> failoverVips,
              HostConfigurator configurator, LongSupplier sysUpTime, Consumer<Change> onChange) {
        this.potential = Set.copyOf(potential);
        this.serviceInterface = serviceInterface;
        this.failoverVips = Set.copyOf(failoverVips);
        this.configurator = configurator;
        this.sysUpTime = sysUpTime;
        this.onChange = onChange;
        List.<MOScalar<?>>of(roleType,
            new ComputedScalar<>(scalar(LcmsMib.LCMS_ROLE_STATE), new Integer32(0), () -> new Integer32(phase())),
            clusterId, vipAddressType, vipAddress, backupRank,
            new ComputedScalar<>(scalar(LcmsMib.LCMS_ROLE_TAKEOVER_EPOCH), new UnsignedInteger32(0),
                () -> new UnsignedInteger32(takeoverEpoch())),
            new ComputedScalar<>(scalar(LcmsMib.LCMS_ROLE_LAST_CHANGE), new TimeTicks(0),
                () -> new TimeTicks(lastChange())),
            new ComputedScalar<>(scalar(LcmsMib.LCMS_ROLE_LAST_ERROR), new OctetString(),
                () -> new OctetString(lastError()))).forEach(this::addInstance);
    }

    AgentRole role() {
        return roleOf(roleType.getValue().getValue());
    }

    synchronized long takeoverEpoch() {
        return takeoverEpoch;
    }

    /**
     * The failover took ({@code holding}) or gave up {@code vip} here: a backup server with that VIP, and a load
     * balancer whose VIP is the failover's, is active(4) while it holds the VIP and standby(3) otherwise (LCMS-MIB
     * lcmsRoleState), so that it dispatches its table only then and the manager sees who serves.
     *
     * @return the change when the phase moved (the caller applies the table and notifies)
     */
    synchronized Optional<Change> failoverHolding(InetAddress vip, boolean holding, String reason) {
        if (holding) {
            held.add(vip);
        } else {
            held.remove(vip);
        }
        int next = holding ? LcmsMib.PHASE_ACTIVE : LcmsMib.PHASE_STANDBY;
        boolean follows = role() == AgentRole.BACKUP_SERVER
            || (role() == AgentRole.LOAD_BALANCER && failoverVips.contains(vip));
        if (!follows || !vip.equals(roleVip().orElse(null)) || phase == next
            || (phase != LcmsMib.PHASE_ACTIVE && phase != LcmsMib.PHASE_STANDBY)) {
            return Optional.empty(); // not a member of this VIP's chain, or its role is being applied or failed
        }
        Change change = new Change(role(), phase, reason);
        phase = next;
        lastChange = sysUpTime.getAsLong();
        return Optional.of(change);
    }

    /** The failover saw epoch {@code epoch} in this host's cluster: lcmsRoleTakeoverEpoch only grows. */
    synchronized boolean adoptTakeoverEpoch(long epoch) {
        if (epoch <= takeoverEpoch) {
            return false;
        }
        takeoverEpoch = epoch;
        return true;
    }

    /**
     * Takes over the role kept from the last run and applies it to the host again (the host may have rebooted).
     * Called once, before the agent answers. If the host cannot be put into the role, the role is kept but
     * lcmsRoleState is failed(5) with the reason in lcmsRoleLastError, so the manager sees it and can set the
     * role again.
     */
    synchronized void restore(AgentState state) {
        takeoverEpoch = state.takeoverEpoch();
        roleType.setValue(new Integer32(state.role().mibValue()));
        clusterId.setValue(new OctetString(state.clusterId()));
        vipAddressType.setValue(new Integer32(state.vip().map(DispatchTableMib::addressType)
            .orElse(LcmsMib.INET_UNKNOWN)));
        vipAddress.setValue(new OctetString(state.vip().map(InetAddress::getAddress).orElse(new byte[0])));
        backupRank.setValue(new UnsignedInteger32(state.backupRank()));
        if (state.role() == AgentRole.NONE) {
            return;
        }
        try {
            if (!potential.contains(state.role())) {
                throw new IllegalArgumentException("it is no longer in this host's rolePotential " + potential);
            }
            RoleTarget target = target(state.role(), state.vip());
            List<HostStep> steps = configurator.apply(target);
            phase = phaseOf(target);
            LOG.info(() -> "role " + state.role() + " restored from the state directory: " + steps.size()
                + " steps " + steps.stream().map(s -> String.join(" ", s.commandLine())).toList());
        } catch (HostConfigurationException | IllegalArgumentException e) {
            phase = LcmsMib.PHASE_FAILED;
            lastError = truncate("restoring role " + state.role() + " at start failed: " + e.getMessage()
                + "; set lcmsRoleType again");
            LOG.severe(lastError);
        }
    }

    /** The role part of what the agent keeps across restarts, as the objects stand now. */
    synchronized AgentState state(org.lcms.agent.dispatch.DispatchTable table) {
        return new AgentState(role(), clusterId.getValue().toString(), roleVip(), backupRank.getValue().getValue(),
            takeoverEpoch, table);
    }

    synchronized int phase() {
        return phase;
    }

    synchronized long lastChange() {
        return lastChange;
    }

    synchronized String lastError() {
        return lastError;
    }

    OctetString clusterId() {
        return clusterId.getValue();
    }

    Integer32 vipAddressType() {
        return vipAddressType.getValue();
    }

    OctetString vipAddress() {
        return vipAddress.getValue();
    }

    UnsignedInteger32 backupRank() {
        return backupRank.getValue();
    }

    static AgentRole roleOf(int mibValue) {
        for (AgentRole r : AgentRole.values()) {
            if (r.mibValue() == mibValue) {
                return r;
            }
        }
        return null;
    }

    /**
     * lcmsRoleState once a role is applied. A load balancer or backup whose VIP is the failover's serves only while
     * the failover holds it; without a failover a load balancer serves at once (its role added the VIP) and a
     * backup waits (no failover will make it active); a real server serves.
     */
    synchronized int phaseOf(RoleTarget target) {
        if (target.vipByFailover()) {
            return held.contains(target.vip().orElseThrow()) ? LcmsMib.PHASE_ACTIVE : LcmsMib.PHASE_STANDBY;
        }
        return target.role() == AgentRole.LOAD_BALANCER || target.role() == AgentRole.REAL_SERVER
            ? LcmsMib.PHASE_ACTIVE : LcmsMib.PHASE_STANDBY;
    }

    /** The host target of a role with this VIP: the VIP is the failover's if this host runs its failover. */
    private RoleTarget target(AgentRole role, Optional<InetAddress> vip) {
        boolean byFailover = (role == AgentRole.LOAD_BALANCER || role == AgentRole.BACKUP_SERVER) && vip.isPresent()
            && failoverVips.contains(vip.get());
        return new RoleTarget(role, vip, serviceInterface, byFailover);
    }

    /** The role's VIP as the objects stand now. */
    private Optional<InetAddress> roleVip() {
        byte[] vip = vipAddress.getValue().getValue();
        if (vip.length != 4 && vip.length != 16) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(vip));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What one SET does to the role, carried from prepare to cleanup as the sub-request's user object. */
    private static final class Pending {
        final RoleTarget target;
        AgentRole previousRole;
        int previousPhase;
        RoleTarget previousTarget;
        boolean applied;
        boolean undone;

        Pending(RoleTarget target) {
            this.target = target;
        }
    }

    private final class RoleTypeScalar extends MOScalar<Integer32> {
        RoleTypeScalar() {
            super(scalar(LcmsMib.LCMS_ROLE_TYPE), MOAccessImpl.ACCESS_READ_WRITE,
                new Integer32(AgentRole.NONE.mibValue()));
        }

        @Override
        public int isValueOK(SubRequest<?> request) {
            int base = super.isValueOK(request);
            if (base != PDU.noError) {
                return base;
            }
            AgentRole role = roleOf(((Integer32) request.getVariableBinding().getVariable()).getValue());
            if (role == null) {
                return PDU.wrongValue;
            }
            if (role != AgentRole.NONE && !potential.contains(role)) {
                LOG.info(() -> "SET lcmsRoleType = " + role + " refused: this host's rolePotential is " + potential);
                return PDU.inconsistentValue;
            }
            try {
                request.setUserObject(new Pending(target(role, request.getRequest())));
                return PDU.noError;
            } catch (IllegalArgumentException e) {
                LOG.info(() -> "SET lcmsRoleType = " + role + " refused: " + e.getMessage());
                return PDU.inconsistentValue;
            }
        }

        @Override
        public void commit(SubRequest<?> request) {
            Pending p = (Pending) request.getUserObject();
            synchronized (RoleGroup.this) {
                p.previousRole = role();
                p.previousPhase = phase;
                p.previousTarget = configurator.current();
                phase = LcmsMib.PHASE_APPLYING;
                try {
                    List<HostStep> steps = configurator.apply(p.target);
                    LOG.info(() -> "role " + p.previousRole + " -> " + p.target.role() + " applied: " + steps.size()
                        + " steps " + steps.stream().map(s -> String.join(" ", s.commandLine())).toList());
                } catch (HostConfigurationException e) {
                    phase = p.previousPhase;
                    lastError = truncate("role " + p.target.role() + " not applied, " + p.previousRole
                        + " kept: " + e.getMessage());
                    LOG.log(Level.WARNING, "role " + p.target.role() + " not applied (SET answered commitFailed): "
                        + e.getMessage());
                    restoreCommittedSiblings(request.getRequest());
                    request.getStatus().setErrorStatus(PDU.commitFailed);
                    request.getStatus().setPhaseComplete(true);
                    return;
                }
                p.applied = true;
                phase = phaseOf(p.target);
                lastChange = sysUpTime.getAsLong();
                lastError = "";
            }
            super.commit(request);
        }

        @Override
        public void undo(SubRequest<?> request) {
            Pending p = (Pending) request.getUserObject();
            if (p != null && p.applied && !p.undone) {
                synchronized (RoleGroup.this) {
                    p.undone = true;
                    try {
                        configurator.apply(p.previousTarget);
                        phase = p.previousPhase;
                    } catch (HostConfigurationException e) {
                        // The host is in neither role: say so rather than pretend.
                        phase = LcmsMib.PHASE_FAILED;
                        lastError = truncate("undoing role " + p.target.role() + " failed: " + e.getMessage());
                        LOG.log(Level.SEVERE, lastError);
                    }
                    lastChange = sysUpTime.getAsLong();
                }
            }
            if (request.getUndoValue() != null) {
                super.undo(request);
            } else {
                request.getStatus().setPhaseComplete(true);
            }
        }

        @Override
        public void cleanup(SubRequest<?> request) {
            Pending p = (Pending) request.getUserObject();
            super.cleanup(request);
            if (p != null && p.applied && !p.undone) {
                onChange.accept(new Change(p.previousRole, p.previousPhase, "set by manager"));
            }
        }
    }

    /** The role target a SET asks for: VIP and cluster values from the same request, else the current ones. */
    private RoleTarget target(AgentRole role, Request<?, ?, ?> request) {
        if (role == AgentRole.NONE) {
            return RoleTarget.NONE;
        }
        int type = ((Integer32) valueAfter(request, vipAddressType)).getValue();
        byte[] address = ((OctetString) valueAfter(request, vipAddress)).getValue();
        Optional<InetAddress> vip;
        if (type == LcmsMib.INET_UNKNOWN && address.length == 0) {
            vip = Optional.empty();
        } else if ((type == LcmsMib.INET_IPV4 && address.length == 4)
            || (type == LcmsMib.INET_IPV6 && address.length == 16)) {
            try {
                vip = Optional.of(InetAddress.getByAddress(address));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("VIP " + new OctetString(address).toHexString() + " is invalid");
            }
        } else {
            throw new IllegalArgumentException("lcmsRoleVipAddressType " + type + " does not match a VIP of "
                + address.length + " bytes");
        }
        return target(role, vip);
    }

    /**
     * Puts back the role objects this request already committed. snmp4j-agent 3.8.3 did not undo them after a
     * commitFailed (seen with net-snmp's snmpset: lcmsRoleBackupRank kept its new value), so the role does it
     * itself; a later framework undo would restore the same values again, which is harmless.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void restoreCommittedSiblings(Request<?, ?, ?> request) {
        for (Iterator<?> it = request.iterator(); it.hasNext(); ) {
            SubRequest<?> s = (SubRequest<?>) it.next();
            for (MOScalar<?> object : List.of(clusterId, vipAddressType, vipAddress, backupRank)) {
                if (object.getOid().equals(s.getVariableBinding().getOid()) && s.getUndoValue() instanceof Variable v) {
                    ((MOScalar) object).setValue(v);
                }
            }
        }
    }

    private static Variable valueAfter(Request<?, ?, ?> request, MOScalar<?> object) {
        OID oid = object.getOid();
        for (Iterator<?> it = request.iterator(); it.hasNext(); ) {
            SubRequest<?> s = (SubRequest<?>) it.next();
            if (s.getVariableBinding().getOid().equals(oid)) {
                return s.getVariableBinding().getVariable();
            }
        }
        return object.getValue();
    }

    static String truncate(String text) {
        return text.length() <= 255 ? text : text.substring(0, 252) + "...";
    }

    /** A writable scalar whose value is checked by {@code check} (returns an SNMP error status). */
    private static final class CheckedScalar<V extends Variable> extends MOScalar<V> {
        private final ToIntFunction<Variable> check;

        CheckedScalar(OID object, V initial, ToIntFunction<Variable> check) {
            super(scalar(object), MOAccessImpl.ACCESS_READ_WRITE, initial);
            this.check = check;
        }

        @Override
        public int isValueOK(SubRequest<?> request) {
            int base = super.isValueOK(request);
            return base != PDU.noError ? base : check.applyAsInt(request.getVariableBinding().getVariable());
        }
    }
}
