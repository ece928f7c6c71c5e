package org.lcms.failover.manager.api;

/** An operator's action was refused; the message says what is wrong and what to do. Nothing was changed. */
public final class FailoverActionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FailoverActionException(String message) {
        super(message);
    }
}
