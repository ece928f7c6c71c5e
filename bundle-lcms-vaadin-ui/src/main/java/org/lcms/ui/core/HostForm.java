package org.lcms.ui.core;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.lcms.model.api.Host;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.Role;
import org.lcms.model.api.Rule;

/**
 * What the host dialog edits (a mutable bean for Vaadin's Binder), and how its values become a {@link Host}. The
 * rules are the model's: the address is parsed by {@link IpAddress#parse}, and everything else is checked by the
 * directory when the change is applied; {@link #fieldOf} says next to which field the model's refusal belongs.
 */
public final class HostForm {
    /** The fields of the dialog; {@link #FORM} is a message that belongs to no single field. */
    public enum Field { NAME, ADDRESS, POTENTIAL, PROFILE, WEIGHT, DESCRIPTION, FORM }

    private String name = "";
    private String address = "";
    private Set<Role> potential = EnumSet.of(Role.LOAD_BALANCER, Role.BACKUP_SERVER, Role.REAL_SERVER);
    private String snmpProfile = Host.DEFAULT_SNMP_PROFILE;
    private Integer weight = Host.DEFAULT_WEIGHT;
    private String description = "";

    /** An empty form with the model's defaults for a new host. */
    public HostForm() {
    }

    /** The form for changing {@code host}. */
    public static HostForm of(Host host) {
        HostForm f = new HostForm();
        f.name = host.name();
        f.address = host.address().toString();
        f.potential = host.rolePotential().isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(host.rolePotential());
        f.snmpProfile = host.snmpProfile();
        f.weight = host.weight();
        f.description = host.description();
        return f;
    }

    /**
     * The host to add ({@code base} empty) or the changed {@code base}: the fields it does not show (hardware,
     * reported role state, revision) keep their values.
     *
     * @throws IllegalArgumentException if the address is not an IP literal (the model's message)
     */
    public Host toHost(Optional<Host> base) {
        IpAddress ip = IpAddress.parse(address);
        Host h = base.map(b -> b.withAddress(ip)).orElseGet(() -> Host.of(name.trim(), ip));
        return h.withRolePotential(potential == null ? Set.of() : potential)
            .withSnmpProfile(snmpProfile == null ? "" : snmpProfile.trim())
            .withWeight(weight == null ? -1 : weight)
            .withDescription(description == null ? "" : description);
    }

    /** Why {@code text} cannot be a host's address (the model's words), or empty if it can. */
    public static Optional<String> addressProblem(String text) {
        try {
            IpAddress ip = IpAddress.parse(text);
            if (!ip.isAssignable()) {
                return Optional.of(ip + " cannot be owned by a host (unspecified, multicast or broadcast); give a "
                    + "unicast address");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Why {@code profile} is not a profile the SNMP manager knows, or empty if it is (or if the known ones cannot
     * be read: the model then only checks the name's form).
     */
    public static Optional<String> profileProblem(String profile, Optional<Set<String>> known) {
        String p = profile == null ? "" : profile.trim();
        if (known.isEmpty() || known.get().contains(p)) {
            return Optional.empty();
        }
        return Optional.of("unknown SNMP profile '" + p + "'; the SNMP manager has " + (known.get().isEmpty()
            ? "no profile (add profile." + p + ".* to etc/org.lcms.snmp.cfg)"
            : "profiles " + String.join(", ", new TreeSet<>(known.get())) + " (etc/org.lcms.snmp.cfg)"));
    }

    /**
     * The profile names in the SNMP manager's configuration (PID org.lcms.snmp): every {@code profile.NAME.KEY}.
     */
    public static Set<String> profileNames(Iterable<String> configurationKeys) {
        Set<String> names = new TreeSet<>();
        for (String key : configurationKeys) {
            if (key.startsWith("profile.")) {
                int dot = key.indexOf('.', "profile.".length());
                if (dot > "profile.".length()) {
                    names.add(key.substring("profile.".length(), dot));
                }
            }
        }
        return names;
    }

    /**
     * Which field a refusal of the model concerns, by the rule it names (and, for the text rule, the field its
     * message names), so that the dialog shows it next to that field.
     */
    public static Field fieldOf(ModelException refusal) {
        Rule rule = refusal.rule();
        return switch (rule) {
            case HOST_NAME, HOST_UNIQUE -> Field.NAME;
            case IP_ADDRESS, ADDRESS_UNIQUE, ADDRESS_FAMILY -> Field.ADDRESS;
            case ROLE_POTENTIAL, ONE_CLUSTER -> Field.POTENTIAL;
            case WEIGHT_RANGE -> Field.WEIGHT;
            case TEXT -> {
                String m = String.valueOf(refusal.getMessage()).toLowerCase(Locale.ROOT);
                yield m.contains("snmp profile") ? Field.PROFILE : m.contains("description") ? Field.DESCRIPTION
                    : Field.FORM;
            }
            default -> Field.FORM;
        };
    }

    /** The model's message without its "[rule id] " prefix, for showing next to a field. */
    public static String message(ModelException refusal) {
        return ModelMessages.text(refusal);
    }

    public String getName() { return name; }
    public void setName(String value) { name = value; }
    public String getAddress() { return address; }
    public void setAddress(String value) { address = value; }
    public Set<Role> getPotential() { return potential; }
    public void setPotential(Set<Role> value) { potential = value; }
    public String getSnmpProfile() { return snmpProfile; }
    public void setSnmpProfile(String value) { snmpProfile = value; }
    public Integer getWeight() { return weight; }
    public void setWeight(Integer value) { weight = value; }
    public String getDescription() { return description; }
    public void setDescription(String value) { description = value; }
}
