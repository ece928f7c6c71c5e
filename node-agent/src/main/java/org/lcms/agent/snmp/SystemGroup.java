package org.lcms.agent.snmp;

import org.lcms.mib.LcmsMib;
import java.util.List;
import java.util.function.Supplier;
import org.snmp4j.agent.mo.MOAccessImpl;
import org.snmp4j.agent.mo.MOGroupImpl;
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
final class SystemGroup extends MOGroupImpl {

    SystemGroup(String descr, SysUpTime upTime, Supplier<String> name) {
        List.<MOScalar<?>>of(
            new MOScalar<>(SnmpConstants.sysDescr, MOAccessImpl.ACCESS_READ_ONLY, new OctetString(descr)),
            new MOScalar<>(SnmpConstants.sysObjectID, MOAccessImpl.ACCESS_READ_ONLY, new OID(LcmsMib.LCMS_MIB)),
            new ComputedScalar<>(SnmpConstants.sysUpTime, new TimeTicks(0), upTime::get),
            new ComputedScalar<>(SnmpConstants.sysName, new OctetString(), () -> new OctetString(name.get())))
            .forEach(this::addInstance);
    }
}
