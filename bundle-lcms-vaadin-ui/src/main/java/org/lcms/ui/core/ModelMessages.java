package org.lcms.ui.core;

import org.lcms.model.api.ModelException;

/** The model's refusals as the UI shows them. */
public final class ModelMessages {
    private ModelMessages() {
    }

    /** The model's message without its "[rule id] " prefix (the rule is for logs and tests, the text for people). */
    public static String text(ModelException refusal) {
        String m = String.valueOf(refusal.getMessage());
        int end = m.indexOf("] ");
        return m.startsWith("[rule ") && end > 0 ? m.substring(end + 2) : m;
    }
}
