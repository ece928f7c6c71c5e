package org.lcms.ui.internal.view;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.login.AbstractLogin;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import java.util.Optional;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.ui.core.LoginAttempts;
import org.lcms.ui.internal.UiSecurity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The login against the directory's administrators. The only view open without a session. */
@PageTitle("LCMS login")
public final class LoginView extends VerticalLayout implements BeforeEnterObserver {
    private static final Logger LOG = LoggerFactory.getLogger(LoginView.class);

    private final LoginForm form = new LoginForm();
    private final Span message = new Span();

    public LoginView() {
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("LCMS administrator login");
        i18n.getForm().setUsername("Login");
        form.setI18n(i18n);
        form.setForgotPasswordButtonVisible(false);
        form.addLoginListener(this::attempt);
        message.setId("login-message");
        message.getStyle().set("color", "var(--lumo-error-text-color)");
        add(new H1("LCMS"), new Paragraph("Load Cluster Management System"), form, message);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (SessionUser.current().isPresent()) {
            event.forwardTo(DashboardView.class);
        }
    }

    private void attempt(AbstractLogin.LoginEvent event) {
        LcmsServices services = LcmsServices.current();
        Optional<UiSecurity> security = services.security();
        Optional<ClusterDirectory> directory = services.directory();
        if (security.isEmpty() || directory.isEmpty()) {
            refuse((directory.isEmpty() ? LcmsServices.MISSING_MODEL : LcmsServices.MISSING_SECURITY)
                + ": nobody can log in until it is. Try again in a moment.");
            return;
        }
        String address = VaadinRequest.getCurrent().getRemoteAddr();
        LoginAttempts.Outcome outcome = security.get().logins().attempt(directory.get(), event.getUsername(),
            event.getPassword().toCharArray(), address,
            change -> services.inBackground(() -> record(directory.get(), change)),
            line -> LOG.warn("LCMS UI: {}", line));
        if (outcome instanceof LoginAttempts.LoggedIn in) {
            start(in.administrator(), security.get());
        } else {
            refuse(((LoginAttempts.Refused) outcome).message());
        }
    }

    private static void record(ClusterDirectory directory, org.lcms.model.api.ModelChange.RecordEvent change) {
        try {
            directory.apply(LoginAttempts.ACTOR, change);
        } catch (RuntimeException e) {
            LOG.warn("LCMS UI: could not record '{}' in the history: {}", change.detail(), e.getMessage());
        }
    }

    private void refuse(String text) {
        message.setText(text);
        form.setError(true);
        form.setEnabled(true);
    }

    /**
     * A new session id (the one used before the login may have been planted), the session timeout, and a fresh page:
     * the views of a logged-in session start with a new UI.
     */
    private void start(Administrator administrator, UiSecurity security) {
        VaadinSession session = VaadinSession.getCurrent();
        VaadinServletRequest.getCurrent().getHttpServletRequest().changeSessionId();
        session.getSession().setMaxInactiveInterval((int) security.settings().sessionTimeout().toSeconds());
        session.setAttribute(SessionUser.class, new SessionUser(administrator.login(), administrator.displayName(),
            administrator.role()));
        LOG.info("LCMS UI: {} ({}) logged in from {}", administrator.login(), administrator.role().code(),
            VaadinRequest.getCurrent().getRemoteAddr());
        getUI().ifPresent(ui -> ui.getPage().setLocation("./"));
    }
}
