package org.lcms.model.api;

import java.util.Objects;

/**
 * A refused model operation. The message says what was wrong, names the object and the value, and says what
 * to do; {@link #rule()} tells which model rule refused it.
 */
public class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Rule rule;

    public ModelException(Rule rule, String message) {
        super("[rule " + rule.id() + "] " + message);
        this.rule = Objects.requireNonNull(rule);
    }

    public Rule rule() {
        return rule;
    }
}
