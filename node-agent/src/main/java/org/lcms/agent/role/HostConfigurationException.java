package org.lcms.agent.role;

/** A role could not be applied; the message says which step failed and what the system answered. */
public final class HostConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    public HostConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
