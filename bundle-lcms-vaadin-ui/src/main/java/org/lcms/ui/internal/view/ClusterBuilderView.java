package org.lcms.ui.internal.view;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.ModelChange.CreateCluster;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.Role;
import org.lcms.model.api.Scheduler;
import org.lcms.model.api.ServiceProtocol;
import org.lcms.snmp.api.ClusterState;
import org.lcms.snmp.api.ClusterStateSnapshot;
import org.lcms.ui.core.BuildProgress;
import org.lcms.ui.core.BuildStep;
import org.lcms.ui.core.ClusterDraft;
import org.lcms.ui.core.DraftCheck;
import org.lcms.ui.core.DraftField;
import org.lcms.ui.core.EligibleHosts;
import org.lcms.ui.core.HealthCheckChoice;
import org.lcms.ui.core.UiAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster builder: a guided flow (service, scheduler, load balancer, backups, real servers, health check, review)
 * that creates an active cluster as lcms:cluster-build --activate does, then follows the role assignment live. The
 * draft, its checks (the model's rules, as a dry run) and the progress are {@code org.lcms.ui.core}'s; this view only
 * shows them. Admin only: the route is gated ({@link AccessGate}) and Apply asks {@link ActionGuard} again.
 */
@PageTitle("LCMS - Build a cluster")
public final class ClusterBuilderView extends VerticalLayout {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBuilderView.class);

    private final ClusterDraft draft = new ClusterDraft();
    private BuildStep step = BuildStep.SERVICE;
    private Map<DraftField, String> problems = new EnumMap<>(DraftField.class);

    private final Span stepTitle = new Span();
    private final Div general = new Div();
    private final VerticalLayout content = new VerticalLayout();
    private final Button back = new Button("Back", e -> back());
    private final Button next = new Button("Next", e -> next());
    private final Button apply = new Button("Build and activate", e -> apply());
    private final HorizontalLayout buttons = new HorizontalLayout(back, next, apply);

    /** After apply: the cluster built, the model revision it was written at, and when. */
    private volatile LoadCluster built;
    private long appliedRevision;
    private Instant appliedAt;
    private volatile BuildProgress shown;
    private final Div progress = new Div();

    public ClusterBuilderView() {
        setId("builder");
        stepTitle.setId("builder-step");
        general.setId("builder-general-error");
        errorStyle(general);
        back.setId("builder-back");
        next.setId("builder-next");
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        apply.setId("builder-apply");
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
        ActionGuard.mark(apply, UiAction.CHANGE_CLUSTER);
        content.setPadding(false);
        progress.setId("build-progress");
        add(new H2("Build a cluster"), stepTitle, general, content, buttons, progress);
        show();
        LcmsServices services = LcmsServices.current();
        LiveFeed.followWhileAttached(this, (ui, state) -> liveUpdate(ui, services));
    }

    // ---- the steps -------------------------------------------------------------------------------------------

    private void show() {
        StringBuilder line = new StringBuilder("Step " + step.number() + " of " + BuildStep.values().length + ": "
            + step.title());
        stepTitle.setText(line.toString());
        stepTitle.getElement().setAttribute("data-step", step.name().toLowerCase());
        general.setText(problems.getOrDefault(DraftField.GENERAL, ""));
        content.removeAll();
        switch (step) {
            case SERVICE -> serviceStep();
            case SCHEDULER -> schedulerStep();
            case LOAD_BALANCER -> loadBalancerStep();
            case BACKUPS -> backupsStep();
            case REAL_SERVERS -> realServersStep();
            case HEALTH_CHECK -> healthCheckStep();
            case REVIEW -> reviewStep();
        }
        back.setEnabled(step != BuildStep.SERVICE && built == null);
        next.setVisible(step.hasNext() && built == null);
        apply.setVisible(step == BuildStep.REVIEW && built == null);
    }

    private void serviceStep() {
        TextField id = field("id", "Cluster id", draft.id(), draft::id,
            "a lowercase letter, then lowercase letters, digits or '-' (e.g. web-80)");
        TextField vip = field("vip", "Virtual IP (VIP)", draft.vip(), draft::vip,
            "the address clients connect to; no host may own it");
        TextField port = field("port", "Port", draft.port(), draft::port, "1..65535");
        RadioButtonGroup<ServiceProtocol> protocol = new RadioButtonGroup<>("Protocol");
        protocol.setId("builder-protocol");
        protocol.setItems(ServiceProtocol.values());
        protocol.setItemLabelGenerator(ServiceProtocol::code);
        protocol.setValue(draft.protocol());
        protocol.addValueChangeListener(e -> draft.protocol(e.getValue()));
        content.add(withError(id, DraftField.ID), withError(vip, DraftField.VIP), withError(port, DraftField.PORT),
            withError(protocol, DraftField.PROTOCOL));
    }

    private void schedulerStep() {
        RadioButtonGroup<Scheduler> scheduler = new RadioButtonGroup<>("Scheduler (ipvsadm -s)");
        scheduler.setId("builder-scheduler");
        scheduler.setItems(Scheduler.values());
        scheduler.setItemLabelGenerator(s -> s.code() + " - " + s.meaning());
        scheduler.setValue(draft.scheduler());
        scheduler.addValueChangeListener(e -> draft.scheduler(e.getValue()));
        scheduler.addThemeName("vertical");
        content.add(withError(scheduler, DraftField.SCHEDULER));
    }

    private void loadBalancerStep() {
        Span chosen = new Span(draft.loadBalancer().isEmpty() ? "none chosen" : draft.loadBalancer());
        chosen.setId("builder-lb-chosen");
        content.add(new Paragraph("The load balancer owns the VIP and dispatches the connections. Offered: hosts whose "
            + "role potential allows lb and that no other cluster uses."), labelled("Load balancer: ", chosen));
        Div options = options("builder-lb-options", Role.LOAD_BALANCER, h -> {
            Button pick = new Button(h.name().equalsIgnoreCase(draft.loadBalancer()) ? "Chosen" : "Choose", e -> {
                draft.loadBalancer(h.name());
                show();
            });
            pick.setId("builder-lb-pick-" + h.name());
            return pick;
        });
        content.add(options, error(DraftField.LOAD_BALANCER));
    }

    private void backupsStep() {
        content.add(new Paragraph("Backup servers watch the load balancer and take the VIP over when it fails, in this "
            + "order (the first is the primary backup). None is allowed."));
        Div chosen = new Div();
        chosen.setId("builder-bs-chosen");
        List<String> backups = draft.backups();
        for (int i = 0; i < backups.size(); i++) {
            String host = backups.get(i);
            Span name = new Span((i + 1) + ". " + host);
            name.setId("builder-bs-" + (i + 1));
            Button up = small("Up", "builder-bs-up-" + host, () -> draft.moveBackup(host, -1));
            up.setEnabled(i > 0);
            Button down = small("Down", "builder-bs-down-" + host, () -> draft.moveBackup(host, 1));
            down.setEnabled(i < backups.size() - 1);
            Button remove = small("Remove", "builder-bs-remove-" + host, () -> draft.removeBackup(host));
            chosen.add(row(name, up, down, remove));
        }
        if (backups.isEmpty()) {
            chosen.add(new Span("no backup server"));
        }
        Div options = options("builder-bs-options", Role.BACKUP_SERVER, h -> {
            Button add = small("Add", "builder-bs-add-" + h.name(), () -> draft.addBackup(h.name()));
            add.setEnabled(!backups.contains(h.name()));
            return add;
        });
        content.add(chosen, error(DraftField.BACKUPS), new H3("Offered (role potential bs, in no other cluster)"),
            options);
    }

    private void realServersStep() {
        content.add(new Paragraph("Real servers serve the clients; the weight is their share in the dispatch table "
            + "(0..65535, 0 = no new connections; the host's own weight to start with)."));
        Div chosen = new Div();
        chosen.setId("builder-rs-chosen");
        Inventory model = inventory().orElse(Inventory.empty());
        draft.realServers().forEach((host, weight) -> {
            Span name = new Span(host);
            name.setId("builder-rs-" + host);
            TextField w = new TextField();
            w.setId("builder-rs-weight-" + host);
            w.setValue(weight);
            w.setWidth("8em");
            w.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.EAGER);
            w.addValueChangeListener(e -> draft.realServer(host, e.getValue()));
            w.setInvalid(problems.containsKey(DraftField.REAL_SERVERS));
            Button remove = small("Remove", "builder-rs-remove-" + host, () -> draft.removeRealServer(host));
            chosen.add(row(name, new Span("weight"), w, remove));
        });
        if (draft.realServers().isEmpty()) {
            chosen.add(new Span("no real server yet"));
        }
        Div options = options("builder-rs-options", Role.REAL_SERVER, h -> {
            Button add = small("Add", "builder-rs-add-" + h.name(), () -> draft.realServer(h.name(),
                String.valueOf(model.host(h.name()).map(Host::weight).orElse(Host.DEFAULT_WEIGHT))));
            add.setEnabled(!draft.realServers().containsKey(h.name()));
            return add;
        });
        content.add(chosen, error(DraftField.REAL_SERVERS),
            new H3("Offered (role potential rs; not a load balancer or backup anywhere)"), options);
    }

    private void healthCheckStep() {
        RadioButtonGroup<HealthCheckChoice> check = new RadioButtonGroup<>("Health check of the real servers");
        check.setId("builder-health");
        check.setItems(HealthCheckChoice.values());
        check.setItemLabelGenerator(c -> c.label() + " - " + c.meaning());
        check.setValue(draft.healthCheck());
        check.addValueChangeListener(e -> draft.healthCheck(e.getValue()));
        check.addThemeName("vertical");
        content.add(withError(check, DraftField.HEALTH_CHECK));
    }

    private void reviewStep() {
        Div review = new Div();
        review.setId("builder-review");
        review.add(reviewLine("Cluster", "review-id", draft.id()),
            reviewLine("Service", "review-service", draft.vip() + ":" + draft.port() + "/" + draft.protocol().code()),
            reviewLine("Scheduler", "review-scheduler", draft.scheduler().code() + " - " + draft.scheduler().meaning()),
            reviewLine("Load balancer", "review-lb", draft.loadBalancer()),
            reviewLine("Backup servers", "review-backups", draft.backups().isEmpty() ? "none"
                : String.join(", ", draft.backups())),
            reviewLine("Real servers", "review-rs", realServersText()),
            reviewLine("Health check", "review-health", draft.healthCheck().label()),
            reviewLine("Activation", "review-active", "active at once (lcms:cluster-build --activate)"));
        content.add(review, new Paragraph("Nothing is written before you press Build and activate. The SNMP manager "
            + "then gives each host its role; its progress shows below."));
    }

    private String realServersText() {
        StringBuilder s = new StringBuilder();
        draft.realServers().forEach((h, w) -> s.append(s.length() == 0 ? "" : ", ").append(h).append(" weight ")
            .append(w));
        return s.length() == 0 ? "none" : s.toString();
    }

    // ---- navigation and apply --------------------------------------------------------------------------------

    private void next() {
        Optional<ClusterDirectory> directory = LcmsServices.current().directory();
        if (directory.isEmpty()) {
            showProblems(Map.of(DraftField.GENERAL, LcmsServices.MISSING_MODEL + ": cannot check the cluster."));
            return;
        }
        Map<DraftField, String> found;
        try {
            found = DraftCheck.problems(step, draft, check(directory.get()));
        } catch (RuntimeException e) {
            found = Map.of(DraftField.GENERAL, "The LCMS model cannot be read: " + e.getMessage());
        }
        if (!found.isEmpty()) {
            showProblems(found);
            return;
        }
        problems = new EnumMap<>(DraftField.class);
        step = step.next();
        show();
    }

    private void back() {
        problems = new EnumMap<>(DraftField.class);
        step = step.previous();
        show();
    }

    /** Shows {@code found} next to their fields, on the first step that has one. */
    private void showProblems(Map<DraftField, String> found) {
        problems = new EnumMap<>(found);
        BuildStep first = found.keySet().stream().map(DraftField::step).filter(s -> s != BuildStep.REVIEW)
            .min(Enum::compareTo).orElse(step);
        step = first.compareTo(step) < 0 ? first : step;
        show();
    }

    private Function<ModelChange, List<ModelException>> check(ClusterDirectory directory) {
        String actor = SessionUser.current().map(SessionUser::login).orElse("(no session)");
        return change -> directory.check(actor, change);
    }

    /**
     * Writes the cluster, as lcms:cluster-build --activate: one CreateCluster, all or nothing. Checked here again
     * (the session's role as the model has it now, see ActionGuard, then every step's rules): a click forged in the
     * browser, or one from an administrator demoted since the login, is refused and writes nothing.
     */
    private void apply() {
        Optional<ClusterDirectory> directory = LcmsServices.current().directory();
        if (directory.isEmpty()) {
            showProblems(Map.of(DraftField.GENERAL, LcmsServices.MISSING_MODEL + ": nothing was written."));
            return;
        }
        if (!ActionGuard.permit(UiAction.CHANGE_CLUSTER)) {
            general.setText("Refused: nothing was written.");
            return;
        }
        String actor = SessionUser.current().map(SessionUser::login).orElseThrow();
        Map<DraftField, String> found;
        try {
            found = DraftCheck.firstProblems(BuildStep.REVIEW, draft, check(directory.get()));
        } catch (RuntimeException e) {
            found = Map.of(DraftField.GENERAL, "The LCMS model cannot be read: " + e.getMessage());
        }
        if (!found.isEmpty()) {
            showProblems(found);
            return;
        }
        LoadCluster cluster = DraftCheck.cluster(draft);
        long revision;
        try {
            revision = directory.get().apply(actor, new CreateCluster(cluster)).inventory().modelRevision();
        } catch (ModelException refused) {
            // Changed meanwhile by someone else: the model's message, next to its field where it has one.
            Map<DraftField, String> byField = new EnumMap<>(DraftField.class);
            for (ModelException p : refused.problems()) {
                byField.merge(DraftCheck.field(p.rule(), BuildStep.REVIEW) == null ? DraftField.GENERAL
                    : DraftCheck.field(p.rule(), BuildStep.REVIEW), p.getMessage(), (a, b) -> a + " " + b);
            }
            byField.merge(DraftField.GENERAL, "The model refused the cluster; nothing was written.",
                (a, b) -> b + " " + a);
            showProblems(byField);
            return;
        } catch (RuntimeException e) {
            showProblems(Map.of(DraftField.GENERAL, "The cluster could not be written: " + e.getMessage()));
            return;
        }
        LOG.info("LCMS UI: {} built cluster {} ({}) in the builder (model revision {})", actor, cluster.id(),
            cluster.service(), revision);
        built = cluster;
        appliedRevision = revision;
        appliedAt = Instant.now();
        problems = new EnumMap<>(DraftField.class);
        progress.getElement().setAttribute("data-applied", String.valueOf(appliedAt.toEpochMilli()));
        show();
        showProgress(compute());
    }

    // ---- progress after apply ------------------------------------------------------------------------------

    private BuildProgress compute() {
        Optional<ClusterStateSnapshot> live = LcmsServices.current().clusterState().map(ClusterState::snapshot);
        return BuildProgress.of(built, appliedRevision, live, Duration.between(appliedAt, Instant.now()));
    }

    /** Computed on the feed's thread; shown only when it changed (most live changes are other hosts' polls). */
    private void liveUpdate(UI ui, LcmsServices services) {
        if (built == null || (shown != null && shown.done())) {
            return;
        }
        Optional<ClusterStateSnapshot> live = services.clusterState().map(ClusterState::snapshot);
        BuildProgress now = BuildProgress.of(built, appliedRevision, live, Duration.between(appliedAt,
            Instant.now()));
        if (!sameState(now, shown)) {
            ui.access(() -> showProgress(now));
        }
    }

    private static boolean sameState(BuildProgress a, BuildProgress b) {
        return b != null && a.hosts().equals(b.hosts()) && a.done() == b.done();
    }

    private void showProgress(BuildProgress p) {
        if (sameState(p, shown)) {
            return;
        }
        boolean first = shown == null;
        shown = p;
        if (first) {
            progress.removeAll();
            progress.add(new H3("Role assignment of " + p.cluster()));
        }
        for (BuildProgress.HostProgress h : p.hosts()) {
            if (findById(progress, "progress-" + h.host()).isEmpty()) {
                Span state = new Span();
                state.setId("progress-" + h.host());
                Span detail = new Span();
                detail.setId("progress-detail-" + h.host());
                detail.getStyle().set("color", "var(--lumo-secondary-text-color)");
                Span name = new Span(h.host() + " (" + h.role() + "): ");
                Div line = new Div(name, state, new Span(" "), detail);
                line.setId("progress-row-" + h.host());
                progress.add(line);
            }
            update(h);
        }
        Span summary = findById(progress, "build-report").map(Span.class::cast).orElseGet(() -> {
                Span s = new Span();
                s.setId("build-report");
                Anchor link = new Anchor("clusters/" + p.cluster(), "Open cluster " + p.cluster());
                link.setId("build-cluster-link");
                Anchor dashboard = new Anchor("./", "Dashboard");
                dashboard.setId("build-dashboard-link");
                progress.add(new Paragraph(s), row(link, dashboard));
                return s;
            });
        summary.setText(p.summary());
        summary.getElement().setAttribute("data-done", String.valueOf(p.done()));
        summary.getStyle().set("color", p.done() ? "var(--lumo-success-text-color)"
            : p.hosts().stream().anyMatch(h -> h.state() == BuildProgress.State.FAILED
                || h.state() == BuildProgress.State.AGENT_DOWN) ? "var(--lumo-error-text-color)" : "");
    }

    private void update(BuildProgress.HostProgress h) {
        findById(progress, "progress-" + h.host()).ifPresent(c -> {
            Span s = (Span) c;
            s.setText(h.state().text());
            s.getElement().setAttribute("data-state", h.state().name().toLowerCase());
        });
        findById(progress, "progress-detail-" + h.host()).ifPresent(c -> ((Span) c).setText(h.detail()));
    }

    private static Optional<Component> findById(Component root, String id) {
        if (root.getId().equals(Optional.of(id))) {
            return Optional.of(root);
        }
        return root.getChildren().map(c -> findById(c, id)).flatMap(Optional::stream).findFirst();
    }

    // ---- small parts -----------------------------------------------------------------------------------------

    private Optional<Inventory> inventory() {
        try {
            return LcmsServices.current().directory().map(ClusterDirectory::inventory);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The hosts offered for {@code role}, each with its action; a line saying so when there is none. */
    private Div options(String id, Role role, Function<Host, Component> action) {
        Div options = new Div();
        options.setId(id);
        Optional<Inventory> model = inventory();
        if (model.isEmpty()) {
            Span missing = new Span(LcmsServices.MISSING_MODEL + " (or cannot be read): no hosts to offer.");
            errorStyle(missing);
            options.add(missing);
            return options;
        }
        List<Host> hosts = EligibleHosts.forRole(model.get(), role, draft.chosenBefore(step));
        for (Host h : hosts) {
            Span label = new Span(EligibleHosts.label(model.get(), h));
            label.setId(id.replace("-options", "-option-") + h.name());
            options.add(row(label, action.apply(h)));
        }
        if (hosts.isEmpty()) {
            Span none = new Span("No host can take this role now: add one (lcms:host-add --potential " + role.code()
                + ") or free one from another cluster.");
            none.setId(id + "-none");
            options.add(none);
        }
        return options;
    }

    private Button small(String text, String id, Runnable change) {
        Button b = new Button(text, e -> {
            change.run();
            show();
        });
        b.setId(id);
        b.addThemeVariants(ButtonVariant.LUMO_SMALL);
        return b;
    }

    private static HorizontalLayout row(Component... parts) {
        HorizontalLayout row = new HorizontalLayout(parts);
        row.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        return row;
    }

    private static Div labelled(String label, Component value) {
        return new Div(new Span(label), value);
    }

    private static Div reviewLine(String label, String id, String value) {
        Span v = new Span(value);
        v.setId(id);
        Span l = new Span(label + ": ");
        l.getStyle().set("font-weight", "bold");
        return new Div(l, v);
    }

    private TextField field(String code, String label, String value, java.util.function.Consumer<String> set,
                            String helper) {
        TextField f = new TextField(label);
        f.setId("builder-" + code);
        f.setValue(value);
        f.setHelperText(helper);
        f.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.EAGER);
        f.addValueChangeListener(e -> set.accept(e.getValue()));
        return f;
    }

    /** {@code field} with the message of its problem (if any) right under it, in an element of its own id. */
    private Component withError(Component field, DraftField which) {
        if (field instanceof com.vaadin.flow.component.HasValidation v) {
            v.setInvalid(problems.containsKey(which));
        }
        return new Div(field, error(which));
    }

    private Span error(DraftField which) {
        Span e = new Span(problems.getOrDefault(which, ""));
        e.setId("builder-" + which.code() + "-error");
        errorStyle(e);
        e.getStyle().set("display", "block").set("font-size", "var(--lumo-font-size-s)");
        return e;
    }

    private static void errorStyle(Component c) {
        c.getElement().getStyle().set("color", "var(--lumo-error-text-color)");
    }
}
