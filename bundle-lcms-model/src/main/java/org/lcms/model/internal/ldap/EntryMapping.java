package org.lcms.model.internal.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.util.StaticUtils;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.lcms.model.api.AdminRole;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.ChangeRecord;
import org.lcms.model.api.Host;
import org.lcms.model.api.IpAddress;
import org.lcms.model.api.FailoverPolicy;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ObjectKind;
import org.lcms.model.api.PasswordHash;
import org.lcms.model.api.RealServerMember;
import org.lcms.model.api.Revision;
import org.lcms.model.api.Role;
import org.lcms.model.api.RoleState;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.model.api.VirtualService;

/**
 * Maps model values to LDAP entries and back, and knows the tree layout under the base DN:
 * <pre>
 * BASE
 *  ├ ou=hosts           lcmsHostName=NAME        (lcmsHost)
 *  ├ ou=clusters        lcmsClusterId=ID         (lcmsLoadCluster; holds its LB, backups, real servers)
 *  ├ ou=administrators  lcmsLogin=LOGIN          (lcmsAdministrator)
 *  ├ ou=history         lcmsChangeNumber=N       (lcmsChange)
 *  └ cn=model-state     the model revision, advanced by compare-and-set on every change (lcmsModelState)
 * </pre>
 * Members are values of the cluster entry ({@code lcmsBackupServer: RANK HOST}, {@code lcmsRealServer: HOST
 * WEIGHT}) so that a cluster and its members always change in one atomic LDAP modify.
 */
final class EntryMapping {
    /** The third word of an lcmsRealServer value of a drained real server. */
    static final String DRAINED = "drained";

    static final String HOSTS = "ou=hosts";
    static final String CLUSTERS = "ou=clusters";
    static final String ADMINISTRATORS = "ou=administrators";
    static final String HISTORY = "ou=history";
    static final String STATE = "cn=model-state";

    /** Attributes the model owns in each kind of entry: a replace of all of them rewrites the entry. */
    static final List<String> HOST_ATTRS = List.of("lcmsIpAddress", "lcmsCpuType", "lcmsMemoryMiB", "lcmsNicType",
        "lcmsWeight", "lcmsRoleState", "lcmsRolePotential", "lcmsSnmpProfile", "lcmsDescription", "lcmsRevision",
        "lcmsChangedBy", "lcmsChangedAt");
    static final List<String> CLUSTER_ATTRS = List.of("lcmsVirtualAddress", "lcmsServicePort",
        "lcmsServiceProtocol", "lcmsScheduler", "lcmsLoadBalancer", "lcmsBackupServer", "lcmsRealServer",
        "lcmsActive", "lcmsDescription", "lcmsFailoverPolicy", "lcmsRevision", "lcmsChangedBy", "lcmsChangedAt");
    static final List<String> ADMIN_ATTRS = List.of("lcmsDisplayName", "lcmsPasswordHash", "lcmsAdminRole",
        "lcmsRevision", "lcmsChangedBy", "lcmsChangedAt");

    private final DN base;

    EntryMapping(DN base) {
        this.base = base;
    }

    DN base() {
        return base;
    }

    DN container(String rdn) {
        try {
            return new DN(rdn + "," + base);
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    DN dn(ObjectKind kind, String name) {
        return switch (kind) {
            case HOST -> new DN(new RDN("lcmsHostName", name), container(HOSTS));
            case CLUSTER -> new DN(new RDN("lcmsClusterId", name), container(CLUSTERS));
            case ADMINISTRATOR -> new DN(new RDN("lcmsLogin", name), container(ADMINISTRATORS));
        };
    }

    DN historyDn(long number) {
        return new DN(new RDN("lcmsChangeNumber", Long.toString(number)), container(HISTORY));
    }

    // ---- model -> attributes ------------------------------------------------------------------------------

    /** The full entry of a model value (for an add). */
    Entry toEntry(ObjectKind kind, Object value) {
        List<Attribute> attrs = new ArrayList<>(attributes(kind, value));
        attrs.removeIf(a -> !a.hasValue());
        switch (kind) {
            case HOST -> {
                attrs.add(new Attribute("objectClass", "lcmsHost"));
                attrs.add(new Attribute("lcmsHostName", ((Host) value).name()));
            }
            case CLUSTER -> {
                attrs.add(new Attribute("objectClass", "lcmsLoadCluster"));
                attrs.add(new Attribute("lcmsClusterId", ((LoadCluster) value).id()));
            }
            case ADMINISTRATOR -> {
                attrs.add(new Attribute("objectClass", "lcmsAdministrator"));
                attrs.add(new Attribute("lcmsLogin", ((Administrator) value).login()));
            }
        }
        return new Entry(dn(kind, nameOf(kind, value)), attrs);
    }

    static String nameOf(ObjectKind kind, Object value) {
        return switch (kind) {
            case HOST -> ((Host) value).name();
            case CLUSTER -> ((LoadCluster) value).id();
            case ADMINISTRATOR -> ((Administrator) value).login();
        };
    }

    /**
     * Every owned attribute of a model value, an empty one where the value is empty (a replace with no
     * values removes the attribute).
     */
    List<Attribute> attributes(ObjectKind kind, Object value) {
        List<Attribute> a = new ArrayList<>();
        switch (kind) {
            case HOST -> {
                Host h = (Host) value;
                a.add(attr("lcmsIpAddress", h.address().toString()));
                a.add(attr("lcmsCpuType", h.cpuType()));
                a.add(attr("lcmsMemoryMiB", Long.toString(h.memoryMiB())));
                a.add(attr("lcmsNicType", h.nicType()));
                a.add(attr("lcmsWeight", Integer.toString(h.weight())));
                a.add(attr("lcmsRoleState", h.roleState().code()));
                a.add(new Attribute("lcmsRolePotential", h.rolePotential().stream().map(Role::code).toList()));
                a.add(attr("lcmsSnmpProfile", h.snmpProfile()));
                a.add(attr("lcmsDescription", h.description()));
                addRevision(a, h.revision());
            }
            case CLUSTER -> {
                LoadCluster c = (LoadCluster) value;
                a.add(attr("lcmsVirtualAddress", c.service().address().toString()));
                a.add(attr("lcmsServicePort", Integer.toString(c.service().port())));
                a.add(attr("lcmsServiceProtocol", c.service().protocol().code()));
                a.add(attr("lcmsScheduler", c.scheduler().code()));
                a.add(attr("lcmsLoadBalancer", c.loadBalancer()));
                List<String> backups = new ArrayList<>();
                for (int i = 0; i < c.backups().size(); i++) {
                    backups.add((i + 1) + " " + c.backups().get(i));
                }
                a.add(new Attribute("lcmsBackupServer", backups));
                a.add(new Attribute("lcmsRealServer",
                    c.realServers().stream().map(m -> m.host() + " " + m.weight() + (m.drained() ? " " + DRAINED : ""))
                        .toList()));
                a.add(attr("lcmsActive", c.active() ? "TRUE" : "FALSE"));
                a.add(attr("lcmsDescription", c.description()));
                a.add(attr("lcmsFailoverPolicy", c.policy().text()));
                addRevision(a, c.revision());
            }
            case ADMINISTRATOR -> {
                Administrator ad = (Administrator) value;
                a.add(attr("lcmsDisplayName", ad.displayName()));
                a.add(attr("lcmsPasswordHash", ad.passwordHash().encoded()));
                a.add(attr("lcmsAdminRole", ad.role().code()));
                addRevision(a, ad.revision());
            }
        }
        return a;
    }

    Entry historyEntry(ChangeRecord r) {
        List<Attribute> a = new ArrayList<>();
        a.add(new Attribute("objectClass", "lcmsChange"));
        a.add(attr("lcmsChangeNumber", Long.toString(r.number())));
        a.add(attr("lcmsChangeTime", time(r.at())));
        a.add(attr("lcmsActor", r.actor()));
        a.add(attr("lcmsObjectKind", r.kind().code()));
        a.add(attr("lcmsObjectName", r.objectName()));
        a.add(attr("lcmsAction", r.action()));
        a.add(attr("lcmsChangeDetail", clip(r.detail(), 4096)));
        a.add(new Attribute("lcmsClusterId", new ArrayList<>(r.clusters())));
        a.removeIf(x -> !x.hasValue());
        return new Entry(historyDn(r.number()), a);
    }

    private static void addRevision(List<Attribute> a, Revision r) {
        a.add(attr("lcmsRevision", Long.toString(r.number())));
        a.add(attr("lcmsChangedBy", r.changedBy()));
        a.add(attr("lcmsChangedAt", r.changedAt().equals(Instant.EPOCH) ? "" : time(r.changedAt())));
    }

    private static Attribute attr(String name, String value) {
        return value == null || value.isEmpty() ? new Attribute(name) : new Attribute(name, value);
    }

    static String time(Instant at) {
        return StaticUtils.encodeGeneralizedTime(new Date(at.toEpochMilli()));
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    // ---- entries -> model ---------------------------------------------------------------------------------

    Host host(Entry e) {
        Set<Role> potential = EnumSet.noneOf(Role.class);
        for (String v : values(e, "lcmsRolePotential")) {
            potential.add(parse(e, "lcmsRolePotential", () -> Role.parse(v)));
        }
        return new Host(required(e, "lcmsHostName"),
            parse(e, "lcmsIpAddress", () -> IpAddress.parse(required(e, "lcmsIpAddress"))),
            optional(e, "lcmsCpuType"), number(e, "lcmsMemoryMiB", 0), optional(e, "lcmsNicType"),
            (int) number(e, "lcmsWeight", Host.DEFAULT_WEIGHT), potential, optional(e, "lcmsSnmpProfile"),
            e.hasAttribute("lcmsRoleState")
                ? parse(e, "lcmsRoleState", () -> RoleState.parse(optional(e, "lcmsRoleState"))) : RoleState.UNKNOWN,
            optional(e, "lcmsDescription"), revision(e));
    }

    LoadCluster cluster(Entry e) {
        VirtualService service = new VirtualService(
            parse(e, "lcmsVirtualAddress", () -> IpAddress.parse(required(e, "lcmsVirtualAddress"))),
            (int) number(e, "lcmsServicePort", 0),
            parse(e, "lcmsServiceProtocol", () -> ServiceProtocol.parse(required(e, "lcmsServiceProtocol"))));
        TreeMap<Integer, String> backups = new TreeMap<>();
        for (String v : values(e, "lcmsBackupServer")) {
            String[] p = v.trim().split("\\s+");
            int rank = parse(e, "lcmsBackupServer", () -> {
                if (p.length != 2) {
                    throw new IllegalArgumentException("'" + v + "' is not 'RANK HOST'");
                }
                return Integer.parseInt(p[0]);
            });
            backups.put(rank, p[1]);
        }
        List<RealServerMember> rs = new ArrayList<>();
        for (String v : values(e, "lcmsRealServer")) {
            String[] p = v.trim().split("\\s+");
            rs.add(parse(e, "lcmsRealServer", () -> {
                if (p.length != 2 && !(p.length == 3 && p[2].equals(DRAINED))) {
                    throw new IllegalArgumentException("'" + v + "' is not 'HOST WEIGHT' or 'HOST WEIGHT " + DRAINED
                        + "'");
                }
                return new RealServerMember(p[0], Integer.parseInt(p[1]), p.length == 3);
            }));
        }
        // LDAP keeps values as a set: give real servers a stable order.
        rs.sort(Comparator.comparing(m -> m.host().toLowerCase(java.util.Locale.ROOT)));
        return new LoadCluster(required(e, "lcmsClusterId"), service,
            parse(e, "lcmsScheduler", () -> Scheduler.parse(required(e, "lcmsScheduler"))),
            optional(e, "lcmsLoadBalancer"), new ArrayList<>(backups.values()), rs,
            "TRUE".equalsIgnoreCase(optional(e, "lcmsActive")), optional(e, "lcmsDescription"), revision(e),
            // absent (an entry from before policies): the agents' own policy
            parse(e, "lcmsFailoverPolicy", () -> FailoverPolicy.parse(optional(e, "lcmsFailoverPolicy"))));
    }

    Administrator administrator(Entry e) {
        return new Administrator(required(e, "lcmsLogin"), optional(e, "lcmsDisplayName"),
            new PasswordHash(required(e, "lcmsPasswordHash")),
            parse(e, "lcmsAdminRole", () -> AdminRole.parse(required(e, "lcmsAdminRole"))), revision(e));
    }

    ChangeRecord change(Entry e) {
        return new ChangeRecord(number(e, "lcmsChangeNumber", 0), instant(e, "lcmsChangeTime"),
            required(e, "lcmsActor"),
            parse(e, "lcmsObjectKind", () -> ObjectKind.parse(required(e, "lcmsObjectKind"))),
            required(e, "lcmsObjectName"), required(e, "lcmsAction"), optional(e, "lcmsChangeDetail"),
            new LinkedHashSet<>(values(e, "lcmsClusterId")));
    }

    Revision revision(Entry e) {
        return new Revision(number(e, "lcmsRevision", 0), optional(e, "lcmsChangedBy"),
            e.hasAttribute("lcmsChangedAt") ? instant(e, "lcmsChangedAt") : Instant.EPOCH);
    }

    private static List<String> values(Entry e, String attr) {
        String[] v = e.getAttributeValues(attr);
        return v == null ? List.of() : List.of(v);
    }

    private static String optional(Entry e, String attr) {
        String v = e.getAttributeValue(attr);
        return v == null ? "" : v;
    }

    private static String required(Entry e, String attr) {
        String v = e.getAttributeValue(attr);
        if (v == null) {
            throw bad(e, attr, "is missing");
        }
        return v;
    }

    private static long number(Entry e, String attr, long absent) {
        String v = e.getAttributeValue(attr);
        if (v == null) {
            return absent;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException ex) {
            throw bad(e, attr, "'" + v + "' is not a number");
        }
    }

    private static Instant instant(Entry e, String attr) {
        try {
            return StaticUtils.decodeGeneralizedTime(required(e, attr)).toInstant();
        } catch (ParseException ex) {
            throw bad(e, attr, "'" + e.getAttributeValue(attr) + "' is not a generalized time");
        }
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T parse(Entry e, String attr, Parse<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException ex) {
            throw bad(e, attr, ex.getMessage());
        }
    }

    private static DirectoryDataException bad(Entry e, String attr, String problem) {
        return new DirectoryDataException("LDAP entry " + e.getDN() + ": " + attr + " " + problem
            + "; the entry was edited outside LCMS: fix or remove it with ldapmodify");
    }
}
