package org.lcms.ui.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lcms.model.api.ConflictException;
import org.lcms.model.api.Host;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.Revision;
import org.lcms.model.api.Role;
import org.lcms.model.api.Rule;

class HostFormTest {

    @Test
    void aBadAddressGetsTheModelsMessageSayingWhatToWrite() {
        String problem = HostForm.addressProblem("10.0.0.300").orElseThrow();
        assertTrue(problem.contains("'10.0.0.300' is not an IP address; write an IPv4 address such as 192.0.2.10"),
            problem);
        assertTrue(HostForm.addressProblem("web-1.example.org").orElseThrow().contains("names are not resolved"));
        assertTrue(HostForm.addressProblem("224.0.0.1").orElseThrow().contains("give a unicast address"));
        assertEquals(Optional.empty(), HostForm.addressProblem(" 192.0.2.10 "));
        assertEquals(Optional.empty(), HostForm.addressProblem("2001:db8::10"));
    }

    @Test
    void aNewHostHasTheModelsDefaultsAndTheFormsValues() {
        HostForm f = new HostForm();
        assertEquals(Host.DEFAULT_SNMP_PROFILE, f.getSnmpProfile());
        assertEquals(Host.DEFAULT_WEIGHT, f.getWeight());
        f.setName(" web-9 ");
        f.setAddress("192.0.2.9");
        f.setPotential(EnumSet.of(Role.REAL_SERVER));
        f.setSnmpProfile("it");
        f.setWeight(5);
        f.setDescription("rack 3");
        Host h = f.toHost(Optional.empty());
        assertEquals("web-9", h.name());
        assertEquals(IpAddress.parse("192.0.2.9"), h.address());
        assertEquals(Set.of(Role.REAL_SERVER), h.rolePotential());
        assertEquals("it", h.snmpProfile());
        assertEquals(5, h.weight());
        assertEquals("rack 3", h.description());
        f.setAddress("nope");
        assertThrows(IllegalArgumentException.class, () -> f.toHost(Optional.empty()));
    }

    @Test
    void aChangeKeepsWhatTheFormDoesNotShow() {
        Host base = Host.of("db-1", IpAddress.parse("192.0.2.1")).withHardware("Xeon", 16384, "X710")
            .withRevision(new Revision(7, "admin", java.time.Instant.EPOCH));
        HostForm f = HostForm.of(base);
        assertEquals("192.0.2.1", f.getAddress());
        f.setAddress("192.0.2.2");
        Host changed = f.toHost(Optional.of(base));
        assertEquals("Xeon", changed.cpuType());
        assertEquals(16384, changed.memoryMiB());
        assertEquals(7, changed.revision().number());
        assertEquals(IpAddress.parse("192.0.2.2"), changed.address());
    }

    @Test
    void anUnknownProfileIsNamedWithTheKnownOnes() {
        Set<String> known = HostForm.profileNames(List.of("pollInterval", "profile.it.user", "profile.it.port",
            "profile.default.user", "profile..x", "profile.nodot"));
        assertEquals(Set.of("default", "it"), known);
        assertEquals("unknown SNMP profile 'lab'; the SNMP manager has profiles default, it (etc/org.lcms.snmp.cfg)",
            HostForm.profileProblem("lab", Optional.of(known)).orElseThrow());
        assertEquals(Optional.empty(), HostForm.profileProblem("it", Optional.of(known)));
        assertEquals(Optional.empty(), HostForm.profileProblem("lab", Optional.empty()),
            "without the manager's configuration only the model checks the profile's form");
    }

    @Test
    void theModelsRefusalGoesNextToTheFieldItConcerns() {
        assertEquals(HostForm.Field.NAME, HostForm.fieldOf(new ModelException(Rule.HOST_UNIQUE, "host web-1 already "
            + "exists (10.0.0.1); choose another name or change the existing host")));
        assertEquals(HostForm.Field.NAME, HostForm.fieldOf(new ModelException(Rule.HOST_NAME, "'a_b' is not ...")));
        assertEquals(HostForm.Field.ADDRESS, HostForm.fieldOf(new ModelException(Rule.ADDRESS_UNIQUE, "hosts ...")));
        assertEquals(HostForm.Field.WEIGHT, HostForm.fieldOf(new ModelException(Rule.WEIGHT_RANGE, "...")));
        assertEquals(HostForm.Field.POTENTIAL, HostForm.fieldOf(new ModelException(Rule.ROLE_POTENTIAL, "...")));
        assertEquals(HostForm.Field.PROFILE, HostForm.fieldOf(new ModelException(Rule.TEXT, "host x: SNMP profile "
            + "'a b' is not a profile name")));
        assertEquals(HostForm.Field.DESCRIPTION, HostForm.fieldOf(new ModelException(Rule.TEXT, "host x: "
            + "description is too long")));
        ConflictException conflict = new ConflictException("host web-1", 3, new Revision(4, "bob",
            java.time.Instant.EPOCH));
        assertEquals(HostForm.Field.FORM, HostForm.fieldOf(conflict), "a conflict concerns the whole form");
        assertTrue(HostForm.message(conflict).startsWith("host web-1 was changed by bob"), HostForm.message(conflict));
        assertEquals(HostForm.Field.FORM, HostForm.fieldOf(new ModelException(Rule.HOST_IN_USE, "...")));
    }
}
