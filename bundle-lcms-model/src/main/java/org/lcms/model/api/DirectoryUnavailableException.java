package org.lcms.model.api;

/** The directory could not be reached or did not answer as expected; nothing is known to have been written. */
public final class DirectoryUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
