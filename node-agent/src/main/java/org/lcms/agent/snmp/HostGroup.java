package org.lcms.agent.snmp;

import org.lcms.mib.LcmsMib;
import static org.lcms.mib.LcmsMib.scalar;
import static org.lcms.agent.snmp.RefreshedTable.gauge;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lcms.agent.host.HostFacts;
import org.lcms.agent.host.NetworkInterfaceFacts;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOServer;
import org.snmp4j.agent.mo.MOGroupImpl;
import org.snmp4j.agent.mo.MOScalar;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.SMIConstants;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;

/**
 * lcmsHost: inventory and load of the host, from {@link HostFacts} read at most once per second. The NIC table
 * lists interfaces with a device driver (physical or virtual-machine NICs); loopback, bridges, veth, tunnels
 * and other driverless interfaces are left out, as the MIB says.
 */
final class HostGroup extends MOGroupImpl {
    private final RefreshedTable nics;

    /**
     * @param facts the host's facts, cached by the caller
     * @param sys the /sys root, for the interface indexes
     */
    HostGroup(Cached<HostFacts> facts, String agentVersion, Path sys) {
        List.<MOScalar<?>>of(
            text(LcmsMib.LCMS_HOST_NAME, () -> facts.get().hostName()),
            text(LcmsMib.LCMS_HOST_CPU_TYPE, () -> facts.get().cpuType()),
            number(LcmsMib.LCMS_HOST_CPU_COUNT, () -> facts.get().cpuCount()),
            number(LcmsMib.LCMS_HOST_MEMORY_TOTAL, () -> facts.get().memoryTotalKiB() / 1024),
            number(LcmsMib.LCMS_HOST_MEMORY_FREE, () -> facts.get().memoryAvailableKiB() / 1024),
            number(LcmsMib.LCMS_HOST_LOAD_AVERAGE1, () -> facts.get().load1()),
            number(LcmsMib.LCMS_HOST_LOAD_AVERAGE5, () -> facts.get().load5()),
            number(LcmsMib.LCMS_HOST_LOAD_AVERAGE15, () -> facts.get().load15()),
            text(LcmsMib.LCMS_AGENT_VERSION, () -> agentVersion),
            new ComputedScalar<>(scalar(LcmsMib.LCMS_AGENT_UP_TIME), new TimeTicks(0),
                () -> new TimeTicks(ManagementFactory.getRuntimeMXBean().getUptime() / 10))).forEach(this::addInstance);
        nics = new RefreshedTable(LcmsMib.LCMS_NIC_ENTRY,
            new int[] {SMIConstants.SYNTAX_OCTET_STRING, SMIConstants.SYNTAX_OCTET_STRING, SMIConstants.SYNTAX_GAUGE32},
            () -> nicRows(facts.get(), sys), 1000);
    }

    static Map<Long, Variable[]> nicRows(HostFacts facts, Path sys) {
        Map<Long, Variable[]> rows = new TreeMap<>();
        for (NetworkInterfaceFacts nic : facts.interfaces()) {
            if (!listed(nic)) {
                continue;
            }
            long ifIndex;
            try {
                ifIndex = Long.parseLong(Files.readString(sys.resolve("class/net/" + nic.name() + "/ifindex")).trim());
            } catch (IOException | NumberFormatException e) {
                continue; // the interface went away between the two reads
            }
            rows.put(ifIndex, new Variable[] {new OctetString(nic.name()), new OctetString(nic.driver()),
                gauge(Math.max(nic.speedMbps(), 0))});
        }
        return rows;
    }

    /** A NIC of the MIB's table: has a device driver, so it is hardware (or a VM's virtual hardware). */
    static boolean listed(NetworkInterfaceFacts nic) {
        return !nic.kind().equals("loopback") && !nic.driver().isEmpty();
    }

    private static MOScalar<?> text(org.snmp4j.smi.OID object, java.util.function.Supplier<String> value) {
        return new ComputedScalar<>(scalar(object), new OctetString(), () -> new OctetString(value.get()));
    }

    private static MOScalar<?> number(org.snmp4j.smi.OID object, java.util.function.LongSupplier value) {
        return new ComputedScalar<>(scalar(object), new UnsignedInteger32(0), () -> gauge(value.getAsLong()));
    }

    @Override
    public void registerMOs(MOServer server, OctetString context) throws DuplicateRegistrationException {
        super.registerMOs(server, context);
        nics.register(server, context);
    }

    @Override
    public void unregisterMOs(MOServer server, OctetString context) {
        super.unregisterMOs(server, context);
        nics.unregister(server, context);
    }
}
