package org.lcms.ui.internal.view;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import org.lcms.ui.core.UiAction;

/**
 * How every view asks before it changes something: a dialog with the question, the effect in words, Cancel and the
 * action's button. The action runs only if its own click passes {@link ActionGuard} again: the administrator may
 * have been demoted, or logged out elsewhere, while the dialog was open. Element ids: {@code ID}, {@code ID-effect},
 * {@code ID-yes}, {@code ID-no}.
 */
final class Confirmation {
    private Confirmation() {
    }

    /** {@code destructive}: the yes button in the error colour (removing, dissolving, cutting connections). */
    static void ask(String id, String question, String effect, String yesText, boolean destructive, UiAction action,
                    Runnable act) {
        Dialog dialog = new Dialog();
        dialog.setId(id);
        dialog.setHeaderTitle(question);
        Paragraph text = new Paragraph(effect);
        text.setId(id + "-effect");
        dialog.add(text);
        Button yes = new Button(yesText, e -> {
            dialog.close();
            if (ActionGuard.permit(action)) {
                act.run();
            }
        });
        yes.setId(id + "-yes");
        yes.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        if (destructive) {
            yes.addThemeVariants(ButtonVariant.LUMO_ERROR);
        }
        Button no = new Button("Cancel", e -> dialog.close());
        no.setId(id + "-no");
        dialog.getFooter().add(no, yes);
        dialog.open();
    }
}
