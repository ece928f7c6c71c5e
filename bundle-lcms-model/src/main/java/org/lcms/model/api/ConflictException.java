package org.lcms.model.api;

/**
 * The change was based on a revision of the object that is no longer current: someone else changed it in
 * between. Nothing was written; re-read the object, look at the other change and decide again.
 */
public final class ConflictException extends ModelException {
    private static final long serialVersionUID = 1L;
    private final long expectedRevision;
    private final Revision current;

    public ConflictException(String object, long expectedRevision, Revision current) {
        super(Rule.REVISION, object + " was changed by " + current.changedBy() + " at " + current.changedAt()
            + " (now revision " + current.number() + ", your change was based on revision " + expectedRevision
            + "); nothing was written: re-read it and apply your change again if it still makes sense");
        this.expectedRevision = expectedRevision;
        this.current = current;
    }

    public long expectedRevision() {
        return expectedRevision;
    }

    public Revision current() {
        return current;
    }
}
