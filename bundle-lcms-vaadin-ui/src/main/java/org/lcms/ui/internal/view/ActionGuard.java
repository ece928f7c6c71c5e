package org.lcms.ui.internal.view;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasEnabled;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.html.Span;
import org.lcms.ui.core.AccessPolicy;
import org.lcms.ui.core.UiAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gate every action of the UI passes on the server: {@link #permit} asks the {@link AccessPolicy} with the
 * session's administrator, and a refusal is shown and logged. What the browser shows (a control marked disabled for a
 * viewer) is only a hint: a request forged from the browser still ends here and is refused.
 */
final class ActionGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ActionGuard.class);

    private ActionGuard() {
    }

    /**
     * True if the session's administrator may do {@code action}, with the role the directory gives it now; otherwise
     * says why, logs it, and returns false.
     */
    static boolean permit(UiAction action) {
        takeRoleFromModel();
        AccessPolicy.Decision decision = SessionUser.decide(action);
        if (!decision.allowed()) {
            LOG.warn("LCMS UI: refused to {} for {}: {}", action.description(),
                SessionUser.current().map(SessionUser::login).orElse("(no session)"), decision.refusal());
            Span text = new Span(decision.refusal());
            text.setId("refusal");
            Notification note = new Notification(text);
            note.addThemeVariants(NotificationVariant.LUMO_ERROR);
            note.setDuration(8000);
            note.setPosition(Notification.Position.MIDDLE);
            note.open();
        }
        return decision.allowed();
    }

    /**
     * The session's administrator as the directory has it now (one read of the model's revision, the inventory is
     * cached): an administrator demoted or removed by someone else since the login is refused at the next action, not
     * only from the next login. If the model cannot be read, the session's role stands; the action then meets the
     * same unreadable model and changes nothing.
     */
    private static void takeRoleFromModel() {
        if (SessionUser.current().isEmpty()) {
            return;
        }
        try {
            LcmsServices.current().directory().ifPresent(directory -> SessionUser.refresh(directory.inventory()));
        } catch (RuntimeException unreadable) {
            LOG.debug("LCMS UI: the session's role could not be checked against the model: {}",
                unreadable.getMessage());
        }
    }

    /**
     * Shows {@code control} as unavailable when the session's administrator may not do {@code action}. Only the
     * browser's copy is disabled (the {@code disabled} attribute), on purpose: the server keeps taking the control's
     * events so that a forged one reaches {@link #permit} and is refused with a message, instead of being dropped
     * silently.
     */
    static <C extends Component & HasEnabled> void mark(C control, UiAction action) {
        if (!SessionUser.decide(action).allowed()) {
            control.getElement().setAttribute("disabled", true);
            control.getElement().setAttribute("title", "Read-only: your role may not " + action.description());
        }
    }
}
