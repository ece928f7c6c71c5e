package org.lcms.agent.snmp;

import org.lcms.mib.LcmsMib;
import java.util.List;
import java.util.function.Supplier;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOGroup;
import org.snmp4j.agent.MOServer;
import org.snmp4j.agent.mo.MOAccessImpl;
import org.snmp4j.agent.mo.MOScalar;
import org.snmp4j.agent.mo.snmp.SysUpTime;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;

/**
 * The part of the SNMPv2-MIB system group the agent serves, read-only: sysDescr, sysObjectID (= lcmsMIB),
 * sysUpTime and sysName. Not served on purpose: sysContact/sysLocation (writable in snmp4j's SNMPv2MIB), the
 * snmp group counters, snmpEnableAuthenTraps and snmpSetSerialNo.
 */
final class SystemGroup implements MOGroup {
    private final List<MOScalar<?>> scalars;

    SystemGroup(String descr, SysUpTime upTime, Supplier<String> name) {
        scalars = List.of(
            new MOScalar<>(SnmpConstants.sysDescr, MOAccessImpl.ACCESS_READ_ONLY, new OctetString(descr)),
            new MOScalar<>(SnmpConstants.sysObjectID, MOAccessImpl.ACCESS_READ_ONLY, new OID(LcmsMib.LCMS_MIB)),
            new ComputedScalar<>(SnmpConstants.sysUpTime, new TimeTicks(0), upTime::get),
            new ComputedScalar<>(SnmpConstants.sysName, new OctetString(), () -> new OctetString(name.get())));
    }

    @Override
    public void registerMOs(MOServer server, OctetString context) throws DuplicateRegistrationException {
        for (MOScalar<?> s : scalars) {
            server.register(s, context);
        }
    }

    @Override
    public void unregisterMOs(MOServer server, OctetString context) {
        for (MOScalar<?> s : scalars) {
            server.unregister(s, context);
        }
    }
}
