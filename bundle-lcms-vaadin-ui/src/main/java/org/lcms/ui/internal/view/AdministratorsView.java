package org.lcms.ui.internal.view;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.server.VaadinSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lcms.model.api.AdminRole;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.PasswordHash;
import org.lcms.model.api.PasswordPolicy;
import org.lcms.ui.core.ModelMessages;
import org.lcms.ui.core.NewPassword;
import org.lcms.ui.core.UiAction;

/**
 * The LCMS administrators (admins only: {@link AccessGate}): add one, change a role, reset a password, remove one.
 * Passwords go only through the model: checked by its policy, hashed (salted PBKDF2) before anything is stored, a
 * generated one shown once. The model keeps at least one admin (rule last-admin).
 */
@PageTitle("LCMS - Administrators")
public final class AdministratorsView extends VerticalLayout {
    private final List<Administrator> rows = new ArrayList<>();
    private final ListDataProvider<Administrator> data = new ListDataProvider<>(rows) {
        @Override
        public Object getId(Administrator item) {
            return item.login();
        }
    };
    private final Grid<Administrator> grid = new Grid<>();
    private final Span problems = new Span();

    public AdministratorsView() {
        setSizeFull();
        problems.setId("administrators-problems");
        problems.getStyle().set("color", "var(--lumo-error-text-color)");
        Button add = new Button("Add administrator", e -> openAdd());
        add.setId("admin-add");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        ActionGuard.mark(add, UiAction.CHANGE_ADMINISTRATOR);
        grid.setId("administrators");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(cell("login", Administrator::login)).setHeader("Login").setAutoWidth(true)
            .setSortable(true).setComparator(Administrator::login);
        grid.addColumn(cell("name", Administrator::displayName)).setHeader("Name").setAutoWidth(true);
        grid.addColumn(cell("role", a -> a.role().code())).setHeader("Role").setAutoWidth(true).setSortable(true)
            .setComparator(a -> a.role().code());
        grid.addColumn(cell("changed", a -> a.revision().changedBy().isEmpty() ? ""
            : a.revision().changedAt() + " by " + a.revision().changedBy())).setHeader("Last changed")
            .setAutoWidth(true);
        grid.addColumn(actions()).setHeader("").setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true);
        grid.setItems(data);
        HorizontalLayout bar = new HorizontalLayout(new H2("Administrators"), add);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        add(bar, problems, grid);
        expand(grid);
        reload();
        // changes made elsewhere (the shell, another browser) show within the feed's sweep
        LiveFeed.followWhileAttached(this, (ui, state) -> {
            if (state.problems().stream().noneMatch(p -> p.startsWith(LcmsServices.MISSING_MODEL))) {
                List<Administrator> admins = List.copyOf(state.model().administrators());
                ui.access(() -> show(admins));
            }
        });
    }

    private static LitRenderer<Administrator> cell(String name,
                                                   com.vaadin.flow.function.ValueProvider<Administrator, String> text) {
        return LitRenderer.<Administrator>of("<span id=\"admin-" + name + "-${item.login}\">${item.text}</span>")
            .withProperty("login", Administrator::login)
            .withProperty("text", text);
    }

    private LitRenderer<Administrator> actions() {
        boolean mayNot = !SessionUser.decide(UiAction.CHANGE_ADMINISTRATOR).allowed();
        String title = mayNot ? "Read-only: your role may not " + UiAction.CHANGE_ADMINISTRATOR.description() : "";
        return LitRenderer.<Administrator>of(
                button("set-role", "role", "Change role", "") + button("reset", "reset", "Reset password", "")
                    + button("remove", "remove", "Remove", " error"))
            .withProperty("login", Administrator::login)
            .withProperty("readOnly", a -> mayNot)
            .withProperty("title", a -> title)
            .withFunction("role", a -> openRole(a.login()))
            .withFunction("reset", a -> openReset(a.login()))
            .withFunction("remove", a -> askRemove(a.login()));
    }

    /** A row's button, id {@code admin-set-role-ann} (distinct from the cells' ids such as admin-role-ann). */
    private static String button(String id, String function, String label, String theme) {
        return "<vaadin-button id=\"admin-" + id + "-${item.login}\" theme=\"small" + theme + "\" "
            + "?disabled=${item.readOnly} title=\"${item.title}\" @click=${" + function + "}>" + label
            + "</vaadin-button>";
    }

    private void reload() {
        Optional<ClusterDirectory> directory = LcmsServices.current().directory();
        if (directory.isEmpty()) {
            problems.setText(LcmsServices.MISSING_MODEL + ": no administrators to show, none can be changed.");
            show(List.of());
            return;
        }
        problems.setText("");
        show(List.copyOf(directory.get().inventory().administrators()));
    }

    private void show(List<Administrator> admins) {
        if (!rows.equals(admins)) {
            rows.clear();
            rows.addAll(admins);
            data.refreshAll();
        }
    }

    /** Applies {@code change} for the session's administrator; the model's refusal is returned, nothing thrown. */
    private static Optional<String> apply(ModelChange change) {
        Optional<ClusterDirectory> directory = LcmsServices.current().directory();
        if (directory.isEmpty()) {
            return Optional.of(LcmsServices.MISSING_MODEL + ": nothing was changed.");
        }
        try {
            directory.get().apply(SessionUser.current().map(SessionUser::login).orElseThrow(), change);
            return Optional.empty();
        } catch (ModelException e) {
            return Optional.of(ModelMessages.text(e));
        } catch (RuntimeException e) {
            return Optional.of("Nothing was changed: " + e.getMessage());
        }
    }

    private Optional<Administrator> current(String login) {
        return LcmsServices.current().directory().flatMap(d -> d.inventory().administrator(login));
    }

    // ---- add -----------------------------------------------------------------------------------------------

    private void openAdd() {
        if (!ActionGuard.permit(UiAction.CHANGE_ADMINISTRATOR)) {
            return;
        }
        Dialog dialog = new Dialog();
        dialog.setId("admin-dialog");
        dialog.setHeaderTitle("Add administrator");
        TextField login = new TextField("Login");
        login.setId("admin-form-login");
        login.setHelperText("a lowercase letter or '_', then lowercase letters, digits, '.', '_' or '-'");
        TextField name = new TextField("Display name");
        name.setId("admin-form-name");
        RadioButtonGroup<AdminRole> role = roleSelect("admin-form-role", AdminRole.VIEWER);
        PasswordChoice password = new PasswordChoice("admin-form");
        Span error = formError("admin-form-error");
        dialog.add(new FormLayout(login, name, role), password.layout(), error);
        Button save = new Button("Add", e -> {
            if (!ActionGuard.permit(UiAction.CHANGE_ADMINISTRATOR)) {
                return;
            }
            error.setText("");
            login.setInvalid(false);
            String who = login.getValue().trim();
            Optional<char[]> chosen = password.take(who);
            if (chosen.isEmpty()) {
                return;
            }
            char[] clear = chosen.get();
            try {
                Administrator admin = new Administrator(who, name.getValue(), PasswordHash.of(clear),
                    role.getValue(), null);
                Optional<String> refused = apply(new ModelChange.AddAdministrator(admin));
                if (refused.isPresent()) {
                    if (refused.get().contains("login") || refused.get().contains("already exists")) {
                        login.setErrorMessage(refused.get());
                        login.setInvalid(true);
                    } else {
                        error.setText(refused.get());
                    }
                    return;
                }
                dialog.close();
                ActionResult.show("Administrator " + who + " (" + role.getValue().code() + ") added.", true);
                if (password.generated()) {
                    showGenerated(who, clear);
                }
                reload();
            } finally {
                PasswordHash.wipe(clear);
            }
        });
        save.setId("admin-form-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> dialog.close());
        cancel.setId("admin-form-cancel");
        dialog.getFooter().add(cancel, save);
        dialog.open();
    }

    /** A password generated or typed twice, checked by the model's policy. */
    private static final class PasswordChoice {
        private final Checkbox generate = new Checkbox("Generate a password (shown once)", true);
        private final PasswordField first = new PasswordField("New password");
        private final PasswordField second = new PasswordField("Repeat the password");

        PasswordChoice(String prefix) {
            generate.setId(prefix + "-generate");
            first.setId(prefix + "-password");
            second.setId(prefix + "-password2");
            first.setHelperText(PasswordPolicy.MIN_LENGTH + " to " + PasswordPolicy.MAX_LENGTH
                + " characters, not the login");
            first.setVisible(false);
            second.setVisible(false);
            generate.addValueChangeListener(e -> {
                first.setVisible(!e.getValue());
                second.setVisible(!e.getValue());
            });
        }

        VerticalLayout layout() {
            VerticalLayout l = new VerticalLayout(generate, first, second);
            l.setPadding(false);
            return l;
        }

        boolean generated() {
            return generate.getValue();
        }

        /** The new password (the caller wipes it), or empty with the reason shown next to the fields. */
        Optional<char[]> take(String login) {
            first.setInvalid(false);
            second.setInvalid(false);
            if (generate.getValue()) {
                return Optional.of(PasswordPolicy.generate());
            }
            char[] a = first.getValue().toCharArray();
            char[] b = second.getValue().toCharArray();
            Optional<String> problem = NewPassword.problem(login, a, b);
            PasswordHash.wipe(b);
            if (problem.isPresent()) {
                PasswordHash.wipe(a);
                PasswordField where = problem.get().contains("differ") ? second : first;
                where.setErrorMessage(problem.get());
                where.setInvalid(true);
                return Optional.empty();
            }
            // the fields are cleared: the browser's copy of the password is not kept in the dialog
            first.clear();
            second.clear();
            return Optional.of(a);
        }
    }

    private static void showGenerated(String login, char[] password) {
        Dialog shown = new Dialog();
        shown.setId("generated-password-dialog");
        shown.setHeaderTitle("Password of " + login);
        Span value = new Span(String.valueOf(password));
        value.setId("generated-password");
        value.getStyle().set("font-family", "monospace").set("font-size", "var(--lumo-font-size-l)");
        shown.add(new Paragraph("Shown only now: give it to " + login + " or store it in your password manager. "
            + "LCMS keeps only a salted hash of it."), value);
        Button close = new Button("Done", e -> shown.close());
        close.setId("generated-password-close");
        close.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        shown.getFooter().add(close);
        // the dialog's text leaves the server's memory with it
        shown.addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                value.setText("");
            }
        });
        shown.open();
    }

    /** The administrator as the directory has it now, if this user may change it and it is still there. */
    private Optional<Administrator> toChange(String login) {
        if (!ActionGuard.permit(UiAction.CHANGE_ADMINISTRATOR)) {
            return Optional.empty();
        }
        Optional<Administrator> base = current(login);
        if (base.isEmpty()) {
            ActionResult.show("Administrator " + login + " is no longer there.", false);
            reload();
        }
        return base;
    }

    // ---- change role ---------------------------------------------------------------------------------------

    private void openRole(String login) {
        Optional<Administrator> base = toChange(login);
        if (base.isEmpty()) {
            return;
        }
        Dialog dialog = new Dialog();
        dialog.setId("admin-role-dialog");
        dialog.setHeaderTitle("Role of " + login);
        RadioButtonGroup<AdminRole> role = roleSelect("admin-role-select", base.get().role());
        Span error = formError("admin-role-error");
        dialog.add(new Paragraph("admin changes everything; viewer only reads."), role, error);
        Button save = new Button("Save", e -> {
            if (!ActionGuard.permit(UiAction.CHANGE_ADMINISTRATOR)) {
                return;
            }
            Administrator wanted = base.get().withRole(role.getValue());
            Optional<String> refused = apply(new ModelChange.UpdateAdministrator(wanted,
                base.get().revision().number()));
            if (refused.isPresent()) {
                error.setText(refused.get());
                return;
            }
            dialog.close();
            ActionResult.show("Administrator " + login + " is now " + role.getValue().code() + ".", true);
            followOwnChange(login, Optional.of(wanted));
            reload();
        });
        save.setId("admin-role-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> dialog.close());
        cancel.setId("admin-role-cancel");
        dialog.getFooter().add(cancel, save);
        dialog.open();
    }

    // ---- reset password ------------------------------------------------------------------------------------

    private void openReset(String login) {
        Optional<Administrator> base = toChange(login);
        if (base.isEmpty()) {
            return;
        }
        Dialog dialog = new Dialog();
        dialog.setId("admin-reset-dialog");
        dialog.setHeaderTitle("New password for " + login);
        PasswordChoice password = new PasswordChoice("admin-reset");
        Span error = formError("admin-reset-error");
        dialog.add(password.layout(), error);
        Button save = new Button("Set password", e -> {
            if (!ActionGuard.permit(UiAction.CHANGE_ADMINISTRATOR)) {
                return;
            }
            error.setText("");
            Optional<char[]> chosen = password.take(login);
            if (chosen.isEmpty()) {
                return;
            }
            char[] clear = chosen.get();
            try {
                Optional<String> refused = apply(new ModelChange.UpdateAdministrator(
                    base.get().withPasswordHash(PasswordHash.of(clear)), base.get().revision().number()));
                if (refused.isPresent()) {
                    error.setText(refused.get());
                    return;
                }
                dialog.close();
                ActionResult.show("New password set for " + login + ".", true);
                if (password.generated()) {
                    showGenerated(login, clear);
                }
                reload();
            } finally {
                PasswordHash.wipe(clear);
            }
        });
        save.setId("admin-reset-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> dialog.close());
        cancel.setId("admin-reset-cancel");
        dialog.getFooter().add(cancel, save);
        dialog.open();
    }

    // ---- remove --------------------------------------------------------------------------------------------

    private void askRemove(String login) {
        if (!ActionGuard.permit(UiAction.CHANGE_ADMINISTRATOR)) {
            return;
        }
        Confirmation.ask("confirm-remove-admin", "Remove administrator " + login + "?", login + " can no longer log "
            + "in. At least one administrator with role admin always remains.", "Remove", true,
            UiAction.CHANGE_ADMINISTRATOR, () -> remove(login));
    }

    private void remove(String login) {
        Optional<Administrator> base = current(login);
        Optional<String> refused = base.isEmpty() ? Optional.of("there is no administrator '" + login + "'")
            : apply(new ModelChange.RemoveAdministrator(login, base.get().revision().number()));
        if (refused.isPresent()) {
            ActionResult.show("Administrator " + login + " was not removed: " + refused.get(), false);
            return;
        }
        ActionResult.show("Administrator " + login + " removed.", true);
        followOwnChange(login, Optional.empty());
        reload();
    }

    /**
     * An administrator who changed their own role works on with the new one at once (a demoted admin must not keep
     * the admin role until the logout); one who removed themselves is logged out.
     */
    private static void followOwnChange(String login, Optional<Administrator> now) {
        Optional<SessionUser> me = SessionUser.current();
        if (me.isEmpty() || !me.get().login().equals(login)) {
            return;
        }
        VaadinSession session = VaadinSession.getCurrent();
        if (now.isEmpty()) {
            session.setAttribute(SessionUser.class, null);
            UI.getCurrent().getPage().setLocation("./login");
            session.close();
            return;
        }
        if (now.get().role() != me.get().role()) {
            session.setAttribute(SessionUser.class, new SessionUser(login, me.get().displayName(), now.get().role()));
            UI.getCurrent().getPage().setLocation("./");
        }
    }

    private static RadioButtonGroup<AdminRole> roleSelect(String id, AdminRole value) {
        RadioButtonGroup<AdminRole> role = new RadioButtonGroup<>();
        role.setId(id);
        role.setLabel("Role");
        role.setItems(AdminRole.values());
        role.setItemLabelGenerator(AdminRole::code);
        role.setValue(value);
        return role;
    }

    private static Span formError(String id) {
        Span error = new Span();
        error.setId(id);
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        return error;
    }
}
