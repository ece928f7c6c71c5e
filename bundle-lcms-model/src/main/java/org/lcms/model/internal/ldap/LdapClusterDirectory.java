package org.lcms.model.internal.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.AssertionRequestControl;
import com.unboundid.ldap.sdk.schema.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.Applied;
import org.lcms.model.api.ChangeRecord;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.DirectoryInfo;
import org.lcms.model.api.DirectoryUnavailableException;
import org.lcms.model.api.HistoryQuery;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.ObjectKind;
import org.lcms.model.api.PasswordHash;
import org.lcms.model.api.Revision;
import org.lcms.model.api.Rule;
import org.lcms.model.core.ChangeEngine;
import org.lcms.model.core.Write;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterDirectory} on any LDAP server with the LCMS schema (the embedded one or OpenLDAP).
 *
 * <p>Write protocol, so that concurrent managers on one directory can neither break a rule nor overwrite
 * each other: (1) read a consistent snapshot at model revision g; (2) decide the change with
 * {@link ChangeEngine}; (3) compare-and-set {@code cn=model-state} from g to g+1 (an LDAP modify with an
 * assertion control; whoever loses re-reads and decides again, so every decision is made on the state it
 * applies to); (4) write the object entries, each guarded by its own revision; (5) add history record g+1,
 * which also marks change g+1 complete — a reader that sees revision g+1 without its record waits for it
 * (or, after {@link #LEASE}, treats the change as interrupted).
 */
public final class LdapClusterDirectory implements ClusterDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(LdapClusterDirectory.class);
    /** How long a started change may take before readers treat it as interrupted (its writer died). */
    static final Duration LEASE = Duration.ofSeconds(10);
    /** Snapshots are reused while the model revision is unchanged, but not longer than this (hand edits). */
    private static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final int MAX_ATTEMPTS = 50;

    private final LDAPInterface ldap;
    private final EntryMapping map;
    private final Clock clock;
    private final String mode;
    private final String location;
    private final Object writeLock = new Object();
    private volatile Cached cache;

    private record Cached(Inventory inventory, Instant readAt) {
    }

    /**
     * @param mode {@code embedded} or {@code external}, for {@link #info()}
     * @param location where the directory is, for {@link #info()} and messages
     */
    public LdapClusterDirectory(LDAPInterface ldap, String baseDn, Clock clock, String mode, String location) {
        this.ldap = ldap;
        try {
            this.map = new EntryMapping(new DN(baseDn));
        } catch (LDAPException e) {
            throw new IllegalArgumentException("'" + baseDn + "' is not a valid base DN: " + e.getMessage());
        }
        this.clock = clock;
        this.mode = mode;
        this.location = location;
    }

    /**
     * Checks the schema, creates the tree under the base DN where missing and settles a change interrupted by a
     * crash. {@code exclusive}: this process is the only writer (embedded), so an incomplete change is settled at
     * once instead of after the lease.
     */
    public void initialize(boolean exclusive) {
        try {
            Schema schema = ldap.getSchema();
            if (schema == null || schema.getObjectClass("lcmsLoadCluster") == null) {
                throw new DirectoryUnavailableException("the LDAP directory at " + location + " does not have the "
                    + "LCMS schema; load it (lcms:directory-schema prints it; ldapadd -Y EXTERNAL -H ldapi:/// -f "
                    + "lcms-schema.ldif) and restart the lcms-model feature", null);
            }
            ensureBase();
            for (String c : List.of(EntryMapping.HOSTS, EntryMapping.CLUSTERS, EntryMapping.ADMINISTRATORS,
                EntryMapping.HISTORY)) {
                addIfMissing(new Entry(map.container(c), new Attribute("objectClass", "organizationalUnit"),
                    new Attribute("ou", c.substring(3))));
            }
            addIfMissing(new Entry(map.container(EntryMapping.STATE), new Attribute("objectClass", "lcmsModelState"),
                new Attribute("cn", "model-state"), new Attribute("lcmsRevision", "0")));
            Revision s = readState();
            if (s.number() > 0 && !historyExists(s.number())
                && (exclusive || s.changedAt().plus(LEASE).isBefore(clock.instant()))) {
                settleInterrupted(s);
            }
        } catch (LDAPException e) {
            throw unavailable("could not prepare the LCMS tree under " + map.base(), e);
        }
    }

    private void ensureBase() throws LDAPException {
        if (ldap.getEntry(map.base().toString(), "1.1") != null) {
            return;
        }
        var rdn = map.base().getRDN();
        String attr = rdn.getAttributeNames()[0].toLowerCase(java.util.Locale.ROOT);
        String value = rdn.getAttributeValues()[0];
        Entry e = switch (attr) {
            case "dc" -> new Entry(map.base(), new Attribute("objectClass", "dcObject", "organization"),
                new Attribute("dc", value), new Attribute("o", value));
            case "o" -> new Entry(map.base(), new Attribute("objectClass", "organization"), new Attribute("o", value));
            case "ou" -> new Entry(map.base(), new Attribute("objectClass", "organizationalUnit"),
                new Attribute("ou", value));
            default -> throw new DirectoryUnavailableException("base DN " + map.base() + " does not exist and LCMS "
                + "creates only dc=, o= or ou= base entries; create it in the directory or choose another baseDn", null);
        };
        try {
            ldap.add(e);
        } catch (LDAPException ex) {
            if (ex.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS) {
                throw unavailable("base DN " + map.base() + " does not exist and could not be created (does its "
                    + "parent exist? may the bind DN add it?)", ex);
            }
        }
    }

    private void addIfMissing(Entry e) throws LDAPException {
        try {
            ldap.add(e);
        } catch (LDAPException ex) {
            if (ex.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS) {
                throw ex;
            }
        }
    }

    // ---- reads --------------------------------------------------------------------------------------------

    @Override
    public Inventory inventory() {
        try {
            Instant deadline = null;
            for (int attempt = 0; ; attempt++) {
                Revision s = readState();
                Cached c = cache;
                if (c != null && c.inventory().modelRevision() == s.number()
                    && c.readAt().plus(CACHE_TTL).isAfter(clock.instant())) {
                    return c.inventory();
                }
                if (s.number() > 0 && !historyExists(s.number())) {
                    // A change is being written right now (or its writer died): wait for its completion mark.
                    if (deadline == null) {
                        deadline = s.changedAt().plus(LEASE);
                    }
                    if (clock.instant().isBefore(deadline)) {
                        sleep(10);
                        continue;
                    }
                    LOG.warn("LCMS model change {} by {} at {} never completed; reading the directory as it is",
                        s.number(), s.changedBy(), s.changedAt());
                }
                Inventory inv = readAll(s.number());
                if (readState().number() == s.number()) {
                    cache = new Cached(inv, clock.instant());
                    return inv;
                }
                if (attempt > MAX_ATTEMPTS) {
                    throw new DirectoryUnavailableException("the LCMS model kept changing while being read ("
                        + MAX_ATTEMPTS + " attempts); try again", null);
                }
            }
        } catch (LDAPException e) {
            throw unavailable("could not read the LCMS model", e);
        } catch (DirectoryDataException e) {
            throw new DirectoryUnavailableException(e.getMessage(), e);
        }
    }

    private Inventory readAll(long revision) throws LDAPException {
        List<Host> hosts = new ArrayList<>();
        for (SearchResultEntry e : children(EntryMapping.HOSTS, "lcmsHost")) {
            hosts.add(map.host(e));
        }
        List<LoadCluster> clusters = new ArrayList<>();
        for (SearchResultEntry e : children(EntryMapping.CLUSTERS, "lcmsLoadCluster")) {
            clusters.add(map.cluster(e));
        }
        List<Administrator> admins = new ArrayList<>();
        for (SearchResultEntry e : children(EntryMapping.ADMINISTRATORS, "lcmsAdministrator")) {
            admins.add(map.administrator(e));
        }
        return new Inventory(revision, hosts, clusters, admins);
    }

    private List<SearchResultEntry> children(String container, String objectClass) throws LDAPException {
        return ldap.search(map.container(container).toString(), SearchScope.ONE,
            Filter.createEqualityFilter("objectClass", objectClass)).getSearchEntries();
    }

    /** The model revision and who started the latest change when (the lease of a change in progress). */
    private Revision readState() throws LDAPException {
        Entry e = ldap.getEntry(map.container(EntryMapping.STATE).toString());
        if (e == null) {
            throw new DirectoryUnavailableException("the LCMS tree under " + map.base() + " has no cn=model-state "
                + "entry; restart the lcms-model feature to recreate it", null);
        }
        return map.revision(e);
    }

    private boolean historyExists(long number) throws LDAPException {
        return ldap.getEntry(map.historyDn(number).toString(), "1.1") != null;
    }

    @Override
    public List<ChangeRecord> history(HistoryQuery q) {
        List<Filter> and = new ArrayList<>();
        and.add(Filter.createEqualityFilter("objectClass", "lcmsChange"));
        // createEqualityFilter escapes the values: an operator's text never becomes filter syntax.
        q.cluster().ifPresent(c -> and.add(Filter.createEqualityFilter("lcmsClusterId", c)));
        q.kind().ifPresent(k -> and.add(Filter.createEqualityFilter("lcmsObjectKind", k.code())));
        q.objectName().ifPresent(n -> and.add(Filter.createEqualityFilter("lcmsObjectName", n)));
        try {
            List<ChangeRecord> records = new ArrayList<>();
            for (SearchResultEntry e : ldap.search(map.container(EntryMapping.HISTORY).toString(), SearchScope.ONE,
                Filter.createANDFilter(and)).getSearchEntries()) {
                records.add(map.change(e));
            }
            records.sort(Comparator.comparingLong(ChangeRecord::number).reversed());
            return records.size() > q.limit() ? List.copyOf(records.subList(0, q.limit())) : records;
        } catch (LDAPException e) {
            throw unavailable("could not read the LCMS history", e);
        } catch (DirectoryDataException e) {
            throw new DirectoryUnavailableException(e.getMessage(), e);
        }
    }

    @Override
    public Optional<Administrator> authenticate(String login, char[] password) {
        try {
            Optional<Administrator> admin = inventory().administrator(login);
            // Hash even for an unknown login, so the answer time does not tell which logins exist.
            PasswordHash hash = admin.map(Administrator::passwordHash).orElse(UnknownLogin.HASH);
            boolean ok = hash.matches(password) && admin.isPresent();
            return ok ? admin : Optional.empty();
        } finally {
            PasswordHash.wipe(password);
        }
    }

    private static final class UnknownLogin {
        static final PasswordHash HASH = PasswordHash.of("no such administrator".toCharArray());
    }

    @Override
    public DirectoryInfo info() {
        return new DirectoryInfo(mode, location, map.base().toString(), inventory().modelRevision());
    }

    // ---- writes -------------------------------------------------------------------------------------------

    @Override
    public List<ModelException> check(String actor, ModelChange change) {
        return ChangeEngine.check(inventory(), actor, clock.instant(), change);
    }

    @Override
    public Applied apply(String actor, ModelChange change) {
        synchronized (writeLock) {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Inventory current = inventory();
                ChangeEngine.Outcome outcome = ChangeEngine.decide(current, actor, clock.instant(), change);
                if (outcome.record().isEmpty()) {
                    return new Applied(current, Optional.empty());
                }
                ChangeRecord record = outcome.record().get();
                if (!claim(current.modelRevision(), actor, record.at())) {
                    continue; // another manager changed the model first: decide again on its result
                }
                try {
                    for (Write w : outcome.writes()) {
                        perform(w);
                    }
                } catch (LDAPException e) {
                    settleFailed(record, e);
                    if (e.getResultCode() == ResultCode.ASSERTION_FAILED
                        || e.getResultCode() == ResultCode.NO_SUCH_OBJECT
                        || e.getResultCode() == ResultCode.ENTRY_ALREADY_EXISTS) {
                        cache = null;
                        throw new ModelException(Rule.REVISION, change.kind().code() + " " + change.objectName()
                            + " was changed in the directory outside LCMS while this change was written; "
                            + "nothing was written: look at it again (" + e.getResultCode() + ")");
                    }
                    throw unavailable("the change of " + change.kind().code() + " " + change.objectName()
                        + " could not be written", e);
                }
                try {
                    ldap.add(map.historyEntry(record));
                } catch (LDAPException e) {
                    cache = null;
                    throw unavailable("the change of " + change.kind().code() + " " + change.objectName()
                        + " was written but its history record was not", e);
                }
                cache = new Cached(outcome.next(), clock.instant());
                return new Applied(outcome.next(), outcome.record());
            }
            throw new DirectoryUnavailableException("the LCMS model changed " + MAX_ATTEMPTS + " times while this "
                + "change was being decided; try again", null);
        }
    }

    /** Compare-and-set of the model revision: true if this writer now owns change {@code from + 1}. */
    private boolean claim(long from, String actor, Instant at) {
        ModifyRequest cas = new ModifyRequest(map.container(EntryMapping.STATE).toString(),
            new Modification(ModificationType.REPLACE, "lcmsRevision", Long.toString(from + 1)),
            new Modification(ModificationType.REPLACE, "lcmsChangedBy", actor),
            new Modification(ModificationType.REPLACE, "lcmsChangedAt", EntryMapping.time(at)));
        cas.addControl(new AssertionRequestControl(
            Filter.createEqualityFilter("lcmsRevision", Long.toString(from)), true));
        try {
            ldap.modify(cas);
            return true;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.ASSERTION_FAILED) {
                cache = null;
                return false;
            }
            throw unavailable("could not start a change of the LCMS model", e);
        }
    }

    private void perform(Write w) throws LDAPException {
        if (w instanceof Write.Put put) {
            if (put.expectedRevision() == 0) {
                ldap.add(map.toEntry(put.kind(), put.value()));
                return;
            }
            List<Modification> mods = new ArrayList<>();
            for (Attribute a : map.attributes(put.kind(), put.value())) {
                mods.add(new Modification(ModificationType.REPLACE, a.getName(), a.getValues()));
            }
            ModifyRequest m = new ModifyRequest(map.dn(put.kind(), put.name()), mods);
            m.addControl(guard(put.expectedRevision()));
            ldap.modify(m);
        } else if (w instanceof Write.Delete del) {
            DeleteRequest d = new DeleteRequest(map.dn(del.kind(), del.name()));
            d.addControl(guard(del.expectedRevision()));
            ldap.delete(d);
        }
    }

    private static AssertionRequestControl guard(long revision) {
        return new AssertionRequestControl(Filter.createEqualityFilter("lcmsRevision", Long.toString(revision)), true);
    }

    /** Marks a claimed change that wrote nothing, so readers need not wait for it. Best effort. */
    private void settleFailed(ChangeRecord record, LDAPException cause) {
        try {
            ldap.add(map.historyEntry(new ChangeRecord(record.number(), record.at(), record.actor(), record.kind(),
                record.objectName(), "change-failed", "not applied: " + cause.getResultCode() + " "
                + cause.getDiagnosticMessage(), record.clusters())));
        } catch (LDAPException e) {
            LOG.warn("could not record the failure of LCMS change {}: {}", record.number(), e.getMessage());
        }
    }

    private void settleInterrupted(Revision s) throws LDAPException {
        LOG.warn("LCMS model change {} by {} at {} was interrupted before it completed (the manager stopped); "
            + "its entries are as the directory holds them", s.number(), s.changedBy(), s.changedAt());
        try {
            ldap.add(map.historyEntry(new ChangeRecord(s.number(), s.changedAt(), s.changedBy(), ObjectKind.HOST,
                "(unknown)", "change-interrupted", "the manager stopped while writing this change",
                java.util.Set.of())));
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS) {
                throw e;
            }
        }
    }

    private DirectoryUnavailableException unavailable(String what, LDAPException e) {
        cache = null;
        return new DirectoryUnavailableException(what + ": the LDAP directory at " + location + " answered "
            + e.getResultCode() + (e.getDiagnosticMessage() == null ? "" : " (" + e.getDiagnosticMessage() + ")")
            + "; check that it runs and that etc/org.lcms.directory.cfg points to it", e);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryUnavailableException("interrupted while waiting for the directory", e);
        }
    }
}
