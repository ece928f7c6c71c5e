package org.lcms.model.internal.shell;

import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.lcms.model.api.Host;
import org.lcms.model.internal.shell.completers.RoleCompleter;

/** The host fields lcms:host-add and lcms:host-change take as options; an option not given keeps the field. */
abstract class HostFieldsCommand extends LcmsCommand {

    @Option(name = "--cpu", description = "CPU type, as you describe it (e.g. \"Xeon E-2388G\")")
    String cpu;

    @Option(name = "--memory", description = "memory size in MiB (0 = not known)")
    String memory;

    @Option(name = "--nic", description = "network interface type (e.g. \"Intel X710 10GbE\")")
    String nic;

    @Option(name = "--weight", description = "default dispatch weight 0..65535 the host gets when it joins a "
        + "cluster as real server (0 = no new connections); new hosts get 1")
    String weight;

    @Option(name = "--potential", description = "roles the host may take, comma-separated: lb (load balancer), "
        + "bs (backup server), rs (real server); new hosts may take all three")
    @Completion(RoleCompleter.class)
    String potential;

    @Option(name = "--snmp-profile", description = "name of the SNMP credentials profile used to reach the host's "
        + "agent; new hosts use \"default\"")
    String snmpProfile;

    @Option(name = "--description", description = "free text, one line")
    String description;

    final Host withGivenFields(Host host) {
        Host h = host;
        if (cpu != null || memory != null || nic != null) {
            h = h.withHardware(cpu != null ? cpu : h.cpuType(),
                memory != null ? OperatorInput.memoryMiB("--memory", memory) : h.memoryMiB(),
                nic != null ? nic : h.nicType());
        }
        if (weight != null) {
            h = h.withWeight(OperatorInput.weight("--weight", weight));
        }
        if (potential != null) {
            h = h.withRolePotential(OperatorInput.rolePotential(potential));
        }
        if (snmpProfile != null) {
            h = h.withSnmpProfile(snmpProfile);
        }
        if (description != null) {
            h = h.withDescription(description);
        }
        return h;
    }
}
