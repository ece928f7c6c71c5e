package org.lcms.model.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Who changed an object last, when, and its revision number (raised by one on every change). A change that
 * names an expected revision is refused with {@link ConflictException} when the number moved on.
 */
public record Revision(long number, String changedBy, Instant changedAt) {
    /** Expected revision meaning "whatever is current": for scripted operations that need no guard. */
    public static final long ANY = -1;
    /** The revision of an object not yet stored. */
    public static final Revision NEW = new Revision(0, "", Instant.EPOCH);

    public Revision {
        Objects.requireNonNull(changedBy);
        Objects.requireNonNull(changedAt);
    }

    public Revision next(String actor, Instant at) {
        return new Revision(number + 1, actor, at);
    }
}
