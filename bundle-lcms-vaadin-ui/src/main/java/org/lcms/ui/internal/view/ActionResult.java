package org.lcms.ui.internal.view;

import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** The visible result of an action: a notification, green if it was done, red with the reason if not. */
final class ActionResult {
    /** Long enough to read a refusal's reason. */
    static final int SHOWN_MS = 8000;

    private ActionResult() {
    }

    /** The usual result notification, element id {@code action-result}. */
    static void show(String text, boolean ok) {
        show("action-result", text, ok, SHOWN_MS);
    }

    static void show(String id, String text, boolean ok, int durationMs) {
        Span content = new Span(text);
        content.setId(id);
        Notification note = new Notification(content);
        note.addThemeVariants(ok ? NotificationVariant.LUMO_SUCCESS : NotificationVariant.LUMO_ERROR);
        note.setDuration(durationMs);
        note.open();
    }
}
