package org.lcms.model.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The LCMS model service: reads and changes hosts, load clusters and administrators kept in LDAP, and their
 * history. Thread-safe. Every method may block on the directory (LDAP round trips); call it from a worker
 * thread, not from an event loop. A change is checked against the model rules on a consistent snapshot and
 * written only if it passes; changes from several managers sharing one directory are serialized by a model
 * revision compare-and-set, so no rule can be broken by two concurrent changes.
 */
@ProviderType
public interface ClusterDirectory {

    /** A consistent snapshot of the whole model. */
    Inventory inventory();

    /**
     * Applies {@code change} on behalf of {@code actor} (administrator login or component name) and records it.
     *
     * @throws ModelException if a rule refuses it (nothing written), {@link ConflictException} if it was based on
     *     a stale revision
     * @throws DirectoryUnavailableException if the directory cannot be reached
     */
    Applied apply(String actor, ModelChange change);

    /**
     * Decides {@code change} on the current snapshot exactly as {@link #apply} would, and writes nothing: every
     * model rule it breaks, each a {@link ModelException} with its rule (empty if {@code apply} would accept it
     * now; a change made meanwhile by someone else may still make it refuse). For a guided flow that checks a
     * draft step by step before anything is written.
     *
     * @throws DirectoryUnavailableException if the directory cannot be reached
     */
    List<ModelException> check(String actor, ModelChange change);

    /** Recorded changes matching {@code query}, newest first. */
    List<ChangeRecord> history(HistoryQuery query);

    /** The administrator with this login if {@code password} is theirs; the array is wiped afterwards. */
    Optional<Administrator> authenticate(String login, char[] password);

    /** Where the model is kept. */
    DirectoryInfo info();
}
