package org.lcms.model.core;

import org.lcms.model.api.ObjectKind;

/**
 * One entry write a change needs, decided by {@link ChangeEngine} and carried out by the directory adapter.
 * {@code expectedRevision} is the entry's revision the write is based on (0 for a new entry).
 */
public sealed interface Write {
    /** Create or replace the object's entry. {@code value} is a Host, LoadCluster or Administrator. */
    record Put(ObjectKind kind, String name, Object value, long expectedRevision) implements Write {
    }

    record Delete(ObjectKind kind, String name, long expectedRevision) implements Write {
    }
}
