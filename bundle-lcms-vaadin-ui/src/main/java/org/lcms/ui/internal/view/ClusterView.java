package org.lcms.ui.internal.view;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasStyle;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.dom.Element;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.RouterLink;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.lcms.failover.manager.api.FailoverOperations;
import org.lcms.model.api.Applied;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.Scheduler;
import org.lcms.ui.core.ClusterActions;
import org.lcms.ui.core.ClusterEdits;
import org.lcms.ui.core.ClusterPicture;
import org.lcms.ui.core.ClusterPictures;
import org.lcms.ui.core.UiAction;

/**
 * One load cluster as a picture: clients, the VIP, the load balancer and its backups in takeover order, the real
 * servers, each with its live state, and the administrator's actions on them. Built from the live feed's state; the
 * members' components are created once and updated in place (re-created only when the members change), so a click
 * racing a live update reaches the same component. Every action passes {@link ActionGuard#permit} on the server,
 * asks for confirmation naming its effect and shows its result; the decisions are {@link ClusterPictures},
 * {@link ClusterActions} and {@link ClusterEdits}.
 */
@PageTitle("LCMS - Cluster")
public final class ClusterView extends VerticalLayout implements HasUrlParameter<String> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
        .withZone(ZoneId.systemDefault());
    private static final long SWITCHOVER_WAIT_MILLIS = 10_000;

    private String clusterId = "";
    /** The picture on screen and the model's cluster it was drawn from (its revision is what an edit is based on). */
    private ClusterPicture shown;
    private LoadCluster shownModel;

    private final H2 title = new H2();
    private final Span updated = new Span();
    private final Div problems = new Div();
    private final Span result = new Span();
    private final Paragraph missing = new Paragraph();
    private final Div picture = new Div();
    private final Div header = new Div();
    private final Span state = new Span();
    private final Span schedulerNow = new Span();
    private final Span revision = new Span();
    private final SchedulerSelect scheduler = new SchedulerSelect();
    private final Button schedulerApply = new Button("Change scheduler");
    private final Span schedulerError = new Span();
    private final Button dissolve = new Button("Dissolve cluster");
    private final Span vipService = new Span();
    private final Span vipHolder = new Span();
    private final Div chainColumn = column();
    private final Div rsColumn = column();
    private final Map<String, ChainCard> chainCards = new LinkedHashMap<>();
    private final Map<String, RsCard> rsCards = new LinkedHashMap<>();

    /** The browser's own {@code <select>}: its options are the model's schedulers, its value the chosen code. */
    @Tag("select")
    static final class SchedulerSelect extends Component implements HasStyle {
        SchedulerSelect() {
            for (Scheduler s : Scheduler.values()) {
                Element option = new Element("option");
                option.setAttribute("value", s.code());
                option.setText(s.code() + " (" + s.meaning() + ")");
                getElement().appendChild(option);
            }
            getElement().addPropertyChangeListener("value", "change", e -> { });
        }

        String value() {
            return getElement().getProperty("value", "");
        }

        void value(String code) {
            getElement().getChildren().forEach(o -> o.setAttribute("selected", code.equals(o.getAttribute("value"))));
            getElement().setProperty("value", code);
        }
    }

    public ClusterView() {
        setWidthFull(); // as tall as its content: the frame scrolls, the picture is never squeezed
        updated.setId("cluster-updated");
        updated.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        problems.setId("cluster-problems");
        problems.getStyle().set("color", "var(--lumo-error-text-color)");
        result.setId("action-result");
        missing.setId("cluster-missing");
        missing.setVisible(false);
        schedulerError.getStyle().set("color", "var(--lumo-error-text-color)").set("font-size",
            "var(--lumo-font-size-s)");
        schedulerApply.addClickListener(e -> askScheduler());
        dissolve.addThemeVariants(ButtonVariant.LUMO_ERROR);
        dissolve.addClickListener(e -> askDissolve());
        header.add(state, new Span(" | scheduler "), schedulerNow, new Span(" | revision "), revision);

        // One row, left to right as the packets go; scrolled sideways rather than wrapped on a narrow screen. Aligned
        // at the top and never shrunk: a centred column taller than the row was cut off at its top (its first lines
        // were hidden, ClusterViewUiIT).
        picture.getStyle().set("display", "flex").set("align-items", "flex-start").set("gap", "var(--lumo-space-s)")
            .set("flex-wrap", "nowrap").set("overflow-x", "auto").set("flex-shrink", "0").set("width", "100%");
        Div clients = card();
        clients.add(bold("Clients"));
        clients.setId("picture-clients");
        Div vip = card();
        vip.add(bold("VIP"), line(vipService), line(new Span("held by ")), line(vipHolder));
        vip.getStyle().set("border-color", "var(--lumo-primary-color)");
        picture.add(clients, arrow(), vip, arrow(), chainColumn, arrow(), rsColumn);

        HorizontalLayout schedulerRow = new HorizontalLayout(new Span("Scheduler:"), scheduler, schedulerApply,
            schedulerError, dissolve);
        schedulerRow.setDefaultVerticalComponentAlignment(Alignment.CENTER);
        add(new HorizontalLayout(new RouterLink("All clusters", ClustersView.class), updated), title, header,
            problems, missing, picture, schedulerRow, result);
        // Live: every state the feed computes is drawn (on the UI's lock, pushed to the browser).
        LiveFeed.showWhileAttached(this, this::show);
    }

    @Override
    public void setParameter(BeforeEvent event, String parameter) {
        clusterId = parameter;
        title.setText("Cluster " + parameter);
        picture.setId("cluster-picture-" + parameter);
        title.setId("cluster-title-" + parameter);
        state.setId("cluster-state-" + parameter);
        schedulerNow.setId("cluster-scheduler-now-" + parameter);
        revision.setId("cluster-revision-" + parameter);
        scheduler.setId("cluster-scheduler-" + parameter);
        schedulerApply.setId("cluster-scheduler-apply-" + parameter);
        schedulerError.setId("cluster-scheduler-error-" + parameter);
        dissolve.setId("cluster-dissolve-" + parameter);
        vipService.setId("vip-" + parameter);
        vipHolder.setId("vip-holder-" + parameter);
        show(LiveFeed.of().compute());
    }

    // ---- drawing ----------------------------------------------------------------------------------------------

    private void show(DashboardState s) {
        updated.setText("updated " + TIME.format(s.computed()));
        problems.removeAll();
        s.problems().forEach(p -> problems.add(new Paragraph(p)));
        Optional<ClusterPicture> next = ClusterPictures.of(clusterId, s.model(), s.live(), s.events());
        shownModel = s.model().cluster(clusterId).orElse(null);
        if (next.isEmpty()) {
            missing.setText("Cluster " + clusterId + " is not in the model (dissolved, or never built).");
            missing.setVisible(true);
            picture.setVisible(false);
            shown = null;
            return;
        }
        missing.setVisible(false);
        picture.setVisible(true);
        ClusterPicture p = next.get();
        if (p.equals(shown)) {
            return; // most live changes (a poll's time) change nothing here
        }
        if (!p.sameShape(shown)) {
            rebuild(p);
        }
        shown = p;
        state.setText(p.active() ? "active" : "inactive");
        schedulerNow.setText(p.scheduler());
        revision.setText(String.valueOf(p.revision()));
        if (scheduler.value().isEmpty()) {
            scheduler.value(p.scheduler());
        }
        vipService.setText(p.service());
        vipHolder.setText(p.vipHolderText());
        mark(schedulerApply, UiAction.CHANGE_CLUSTER, ClusterActions.Applicability.YES);
        mark(dissolve, UiAction.CHANGE_CLUSTER, ClusterActions.dissolve(p));
        markField(scheduler.getElement(), UiAction.CHANGE_CLUSTER);
        p.chain().forEach(n -> chainCards.get(n.host()).update(p, n));
        p.realServers().forEach(n -> rsCards.get(n.host()).update(p, n));
    }

    /** New members, or members gone: their components are made anew (only then). */
    private void rebuild(ClusterPicture p) {
        chainColumn.removeAll();
        chainCards.clear();
        for (ClusterPicture.ChainNode n : p.chain()) {
            ChainCard card = new ChainCard(p.id(), n.host());
            chainCards.put(n.host(), card);
            chainColumn.add(card.card);
        }
        if (p.chain().isEmpty()) {
            chainColumn.add(new Span("no load balancer"));
        }
        rsColumn.removeAll();
        rsCards.clear();
        for (ClusterPicture.RealServerNode n : p.realServers()) {
            RsCard card = new RsCard(p.id(), n.host(), n.weight());
            rsCards.put(n.host(), card);
            rsColumn.add(card.card);
        }
        if (p.realServers().isEmpty()) {
            rsColumn.add(new Span("no real servers"));
        }
    }

    /** A load balancer or backup. */
    private final class ChainCard {
        final Div card = card();
        final Span role = new Span();
        final Span reach = new Span();
        final Span roleState = new Span();
        final Span election = new Span();
        final Span vip = new Span();
        final Button takeVip = new Button("Hand the VIP here");

        ChainCard(String cluster, String host) {
            String key = cluster + "-" + host;
            card.setId("node-" + key);
            reach.setId("node-reach-" + key);
            roleState.setId("node-state-" + key);
            election.setId("node-election-" + key);
            vip.setId("node-vip-" + key);
            role.setId("node-role-" + key);
            takeVip.setId("node-takevip-" + key);
            takeVip.addThemeVariants(ButtonVariant.LUMO_SMALL);
            takeVip.addClickListener(e -> askHandVip(host));
            card.add(bold(host), line(role), line(new Span("agent "), reach), line(new Span("role "), roleState),
                line(new Span("election "), election), line(vip), takeVip);
        }

        void update(ClusterPicture p, ClusterPicture.ChainNode n) {
            role.setText(n.roleLabel() + " " + n.address());
            reach.setText(n.reach());
            roleState.setText(n.roleState());
            election.setText(n.election());
            vip.setText(n.holdsVip() ? "holds the VIP" : "does not hold the VIP");
            card.getStyle().set("border-color", n.holdsVip() ? "var(--lumo-success-color)"
                : n.reachable() ? "var(--lumo-contrast-30pct)" : "var(--lumo-error-color)")
                .set("border-width", n.holdsVip() ? "3px" : "1px");
            card.getElement().setAttribute("data-holds-vip", String.valueOf(n.holdsVip()));
            mark(takeVip, UiAction.SWITCHOVER, ClusterActions.handVipTo(p, n));
        }
    }

    /** A real server. */
    private final class RsCard {
        final Div card = card();
        final Span status = new Span();
        final Span reason = new Span();
        final Span weight = new Span();
        final Span effective = new Span();
        final Span connections = new Span();
        final Span changed = new Span();
        final Button drain = new Button("Drain");
        final Button enable = new Button("Enable");
        final Button remove = new Button("Remove");
        final TextField newWeight = new TextField();
        final Button weightApply = new Button("Set weight");
        final Span weightError = new Span();

        RsCard(String cluster, String host, int configured) {
            String key = cluster + "-" + host;
            card.setId("rs-" + key);
            status.setId("rs-status-" + key);
            reason.setId("rs-reason-" + key);
            weight.setId("rs-weight-configured-" + key);
            effective.setId("rs-weight-effective-" + key);
            connections.setId("rs-connections-" + key);
            changed.setId("rs-changed-" + key);
            drain.setId("rs-drain-" + key);
            enable.setId("rs-enable-" + key);
            remove.setId("rs-remove-" + key);
            newWeight.setId("rs-weight-" + key);
            weightApply.setId("rs-weight-apply-" + key);
            weightError.setId("rs-weight-error-" + key);
            weightError.getStyle().set("color", "var(--lumo-error-text-color)").set("font-size",
                "var(--lumo-font-size-s)");
            newWeight.setValue(String.valueOf(configured));
            newWeight.setValueChangeMode(ValueChangeMode.EAGER);
            newWeight.setWidth("6em");
            newWeight.setLabel("weight");
            for (Button b : new Button[] {drain, enable, remove, weightApply}) {
                b.addThemeVariants(ButtonVariant.LUMO_SMALL);
            }
            remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
            drain.addClickListener(e -> askDrainOrEnable(host, true));
            enable.addClickListener(e -> askDrainOrEnable(host, false));
            remove.addClickListener(e -> askRemove(host));
            weightApply.addClickListener(e -> askWeight(host, newWeight.getValue(), this));
            HorizontalLayout buttons = new HorizontalLayout(drain, enable, remove);
            buttons.setSpacing(false);
            buttons.getStyle().set("gap", "var(--lumo-space-xs)");
            HorizontalLayout weighting = new HorizontalLayout(newWeight, weightApply);
            weighting.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
            card.add(bold(host), line(new Span("status "), status), line(reason),
                line(new Span("weight "), weight, new Span(", effective "), effective),
                line(new Span("connections "), connections), line(new Span("last change "), changed), buttons,
                weighting, weightError);
        }

        void update(ClusterPicture p, ClusterPicture.RealServerNode n) {
            status.setText(n.status());
            card.getElement().setAttribute("data-status", n.status());
            reason.setText(n.healthReason().isEmpty() ? "" : "health: " + n.healthReason());
            weight.setText(String.valueOf(n.weight()));
            effective.setText(n.effectiveWeight().map(String::valueOf).orElse("?"));
            connections.setText(n.connections().orElse("?"));
            changed.setText(n.lastChange().map(TIME::format).orElse("none seen")
                + (n.statusChanges() >= 0 ? " (" + n.statusChanges() + " changes)" : ""));
            n.lastChange().ifPresentOrElse(
                t -> changed.getElement().setAttribute("data-time", String.valueOf(t.toEpochMilli())),
                () -> changed.getElement().removeAttribute("data-time"));
            card.getStyle().set("background", switch (n.status()) {
                case ClusterPictures.UP -> "var(--lumo-success-color-10pct)";
                case ClusterPictures.DOWN -> "var(--lumo-error-color-10pct)";
                case ClusterPictures.DRAINING, ClusterPictures.HELD_OUT -> "#fff4d6";
                default -> "var(--lumo-contrast-5pct)";
            });
            mark(drain, UiAction.DRAIN_REAL_SERVER, ClusterActions.drain(p, n));
            mark(enable, UiAction.ENABLE_REAL_SERVER, ClusterActions.enable(p, n));
            mark(remove, UiAction.CHANGE_CLUSTER, ClusterActions.remove(p, n));
            mark(weightApply, UiAction.CHANGE_CLUSTER, ClusterActions.Applicability.YES);
            markField(newWeight.getElement(), UiAction.CHANGE_CLUSTER);
        }

        void fieldMessage(String text) {
            weightError.setText(text);
            newWeight.setInvalid(!text.isEmpty());
            newWeight.setErrorMessage(text);
        }
    }

    // ---- actions ----------------------------------------------------------------------------------------------

    private void askDrainOrEnable(String host, boolean drainIt) {
        UiAction action = drainIt ? UiAction.DRAIN_REAL_SERVER : UiAction.ENABLE_REAL_SERVER;
        if (!ActionGuard.permit(action) || shown == null) {
            return;
        }
        Optional<ClusterPicture.RealServerNode> rs = shown.realServer(host);
        if (rs.isEmpty()) {
            result("Real server " + host + " is no longer in cluster " + clusterId + "; nothing changed.", false);
            return;
        }
        ClusterActions.Applicability a = drainIt ? ClusterActions.drain(shown, rs.get())
            : ClusterActions.enable(shown, rs.get());
        if (!a.applies()) {
            result("Nothing to do: " + a.reason() + ".", false);
            return;
        }
        String cluster = clusterId;
        confirm(drainIt ? "confirm-drain" : "confirm-enable",
            (drainIt ? "Drain " : "Enable ") + host + " in " + cluster + "?",
            drainIt ? "Real server " + host + " takes no new connections of " + cluster + " (its established ones "
                + "finish) until it is enabled again. The drain is kept in the model."
                : "Real server " + host + " takes new connections of " + cluster + " again.",
            drainIt ? "Drain" : "Enable", action, () -> failover(action, (ops, actor) -> (drainIt
                ? ops.drain(actor, cluster, host) : ops.enable(actor, cluster, host)).message(),
                (drainIt ? "Drain of " : "Enable of ") + host + " refused: "));
    }

    private void askHandVip(String host) {
        if (!ActionGuard.permit(UiAction.SWITCHOVER) || shown == null) {
            return;
        }
        Optional<ClusterPicture.ChainNode> node = shown.chainNode(host);
        if (node.isEmpty()) {
            result(host + " is no longer a load balancer or backup of " + clusterId + "; nothing changed.", false);
            return;
        }
        ClusterActions.Applicability a = ClusterActions.handVipTo(shown, node.get());
        if (!a.applies()) {
            result("Switchover not possible: " + a.reason() + ".", false);
            return;
        }
        String cluster = clusterId;
        String from = shown.vipHolder().orElse("?");
        confirm("confirm-switchover", "Hand the VIP of " + cluster + " to " + host + "?",
            from + " hands the VIP " + shown.service() + " over to " + host + " (" + node.get().roleLabel()
                + "). Connections in flight may be cut; " + host + " keeps the VIP until the next switchover or failure.",
            "Switch over", UiAction.SWITCHOVER, () -> failover(UiAction.SWITCHOVER, (ops, actor) -> {
                try {
                    return ops.switchover(cluster, Optional.of(host), SWITCHOVER_WAIT_MILLIS).message();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }, "Switchover of " + cluster + " to " + host + " refused: "));
    }

    private void askRemove(String host) {
        if (!ActionGuard.permit(UiAction.CHANGE_CLUSTER) || shownModel == null) {
            return;
        }
        LoadCluster base = shownModel;
        confirm("confirm-remove", "Remove " + host + " from " + base.id() + "?",
            "Real server " + host + " leaves cluster " + base.id() + ": it is taken out of the dispatch table of the "
                + "load balancer and backups, and its connections of " + base.id() + " end.",
            "Remove", UiAction.CHANGE_CLUSTER, () -> update(base, c -> ClusterEdits.withoutRealServer(c, host),
                ClusterEdits.Field.GENERAL, "Real server " + host + " removed from " + base.id(), m -> { }));
    }

    private void askWeight(String host, String typed, RsCard card) {
        if (!ActionGuard.permit(UiAction.CHANGE_CLUSTER) || shownModel == null) {
            return;
        }
        LoadCluster base = shownModel;
        int weight;
        try {
            weight = ClusterEdits.weight(typed);
        } catch (IllegalArgumentException e) {
            card.fieldMessage(e.getMessage());
            result("Nothing changed: the weight of " + host + " is not valid.", false);
            return;
        }
        card.fieldMessage("");
        int before = base.realServer(host).map(m -> m.weight()).orElse(-1);
        confirm("confirm-weight", "Set the weight of " + host + " in " + base.id() + " to " + weight + "?",
            "Real server " + host + " gets weight " + weight + " (now " + before + ") in the dispatch table of "
                + base.id() + (weight == 0 ? ": no new connections." : "."),
            "Set weight", UiAction.CHANGE_CLUSTER, () -> update(base, c -> ClusterEdits.withWeight(c, host, weight),
                ClusterEdits.Field.WEIGHT, "Weight of " + host + " in " + base.id() + " set to " + weight,
                m -> card.fieldMessage(m.text())));
    }

    private void askScheduler() {
        if (!ActionGuard.permit(UiAction.CHANGE_CLUSTER) || shownModel == null) {
            return;
        }
        LoadCluster base = shownModel;
        String code = scheduler.value();
        LoadCluster changed;
        try {
            changed = ClusterEdits.withScheduler(base, code);
        } catch (IllegalArgumentException e) {
            schedulerError.setText(e.getMessage());
            result("Nothing changed: the scheduler is not valid.", false);
            return;
        }
        schedulerError.setText("");
        confirm("confirm-scheduler", "Change the scheduler of " + base.id() + " to " + changed.scheduler().code()
                + "?", "Cluster " + base.id() + " dispatches new connections by " + changed.scheduler().meaning()
                + " instead of " + base.scheduler().meaning() + ".",
            "Change scheduler", UiAction.CHANGE_CLUSTER, () -> update(base, c -> ClusterEdits.withScheduler(c, code),
                ClusterEdits.Field.SCHEDULER, "Scheduler of " + base.id() + " set to " + changed.scheduler().code(),
                m -> schedulerError.setText(m.text())));
    }

    private void askDissolve() {
        if (!ActionGuard.permit(UiAction.CHANGE_CLUSTER) || shownModel == null || shown == null) {
            return;
        }
        LoadCluster base = shownModel;
        confirm("confirm-dissolve", "Dissolve cluster " + base.id() + "?", ClusterActions.dissolveEffect(shown),
            "Dissolve", UiAction.CHANGE_CLUSTER, () -> model((d, actor) -> d.apply(actor, new ModelChange.DissolveCluster(
                base.id(), base.revision().number(), base.active())), ClusterEdits.Field.GENERAL,
                "Cluster " + base.id() + " dissolved", m -> { }, true));
    }

    /** A confirmation naming the effect; removing and dissolving in the error colour. */
    private void confirm(String id, String question, String effect, String yesText, UiAction action, Runnable act) {
        Confirmation.ask(id, question, effect, yesText, id.equals("confirm-remove") || id.equals("confirm-dissolve"),
            action, act);
    }

    /** A model update based on {@code base} (its revision): a stale one is refused by the model, nothing written. */
    private void update(LoadCluster base, UnaryOperator<LoadCluster> edit, ClusterEdits.Field field, String done,
                        Consumer<ClusterEdits.FieldMessage> atField) {
        model((d, actor) -> d.apply(actor, new ModelChange.UpdateCluster(edit.apply(base), base.revision().number())),
            field, done, atField, false);
    }

    private interface ModelWrite {
        Applied write(ClusterDirectory directory, String actor);
    }

    private void model(ModelWrite write, ClusterEdits.Field field, String done,
                       Consumer<ClusterEdits.FieldMessage> atField, boolean toList) {
        LcmsServices services = LcmsServices.current();
        Optional<ClusterDirectory> directory = services.directory();
        if (directory.isEmpty()) {
            result(LcmsServices.MISSING_MODEL + ": nothing changed.", false);
            return;
        }
        UI ui = UI.getCurrent();
        LiveFeed feed = LiveFeed.of();
        String actor = actor();
        result("Working ...", true);
        services.inBackground(() -> {
            String text;
            boolean ok;
            Optional<ClusterEdits.FieldMessage> forField = Optional.empty();
            try {
                Applied applied = write.write(directory.get(), actor);
                ok = true;
                text = applied.record().isEmpty() ? "Nothing to change: " + done.toLowerCase() + " already."
                    : done + " (model revision " + applied.inventory().modelRevision() + ").";
            } catch (RuntimeException e) {
                ClusterEdits.FieldMessage m = ClusterEdits.refusal(field, e);
                ok = false;
                text = m.text().startsWith("Nothing changed") ? m.text() : "Nothing changed: " + m.text();
                if (m.field() == field && field != ClusterEdits.Field.GENERAL) {
                    forField = Optional.of(m);
                }
            }
            String message = text;
            boolean success = ok;
            Optional<ClusterEdits.FieldMessage> fieldMessage = forField;
            ui.access(() -> {
                fieldMessage.ifPresent(atField);
                if (success && toList) {
                    ui.navigate(ClustersView.class);
                }
                result(message, success);
            });
            feed.changed();
        });
    }

    /** A failover operation (drain, enable, switchover) in the background; its outcome or refusal is shown. */
    private void failover(UiAction action, java.util.function.BiFunction<FailoverOperations, String, String> op,
                          String refusedPrefix) {
        LcmsServices services = LcmsServices.current();
        Optional<FailoverOperations> ops = services.failover();
        if (ops.isEmpty()) {
            result(LcmsServices.MISSING_FAILOVER + ": cannot " + action.description() + ".", false);
            return;
        }
        UI ui = UI.getCurrent();
        LiveFeed feed = LiveFeed.of();
        String actor = actor();
        result("Working ...", true);
        services.inBackground(() -> {
            String text;
            boolean ok;
            try {
                text = op.apply(ops.get(), actor);
                ok = true;
            } catch (RuntimeException e) {
                text = refusedPrefix + e.getMessage();
                ok = false;
            }
            String message = text;
            boolean success = ok;
            ui.access(() -> result(message, success));
            feed.changed();
        });
    }

    /** The session's login; read it on the request thread (a background task has no session). */
    private static String actor() {
        return SessionUser.current().map(SessionUser::login).orElse("unknown");
    }

    private void result(String text, boolean ok) {
        result.setText(text);
        result.getElement().setAttribute("data-ok", String.valueOf(ok));
        result.getStyle().set("color", ok ? "var(--lumo-success-text-color)" : "var(--lumo-error-text-color)");
        ActionResult.show("action-note", text, ok, text.startsWith("Working") ? 1500 : ActionResult.SHOWN_MS);
    }

    // ---- permissions in the browser ---------------------------------------------------------------------------

    /**
     * Disabled in the browser when the role may not do it or it does not apply here; only the attribute, so that a
     * forged click still reaches the server, which checks both again ({@link ActionGuard#permit} first).
     */
    private static void mark(Button button, UiAction action, ClusterActions.Applicability applies) {
        boolean permitted = SessionUser.decide(action).allowed();
        button.getElement().setAttribute("disabled", !permitted || !applies.applies());
        button.getElement().setAttribute("title", !permitted ? "Read-only: your role may not "
            + action.description() : applies.reason());
    }

    private static void markField(Element field, UiAction action) {
        if (!SessionUser.decide(action).allowed()) {
            field.setAttribute("disabled", true);
        }
    }

    // ---- shapes -----------------------------------------------------------------------------------------------

    private static Div column() {
        Div d = new Div();
        d.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-s)");
        return d;
    }

    private static Div card() {
        Div d = new Div();
        d.getStyle().set("border", "1px solid var(--lumo-contrast-30pct)").set("border-radius", "var(--lumo-border-radius-l)")
            .set("padding", "var(--lumo-space-s)").set("min-width", "9em").set("font-size", "var(--lumo-font-size-s)");
        return d;
    }

    private static Span arrow() {
        Span a = new Span("\u2192");
        a.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("color", "var(--lumo-secondary-text-color)");
        return a;
    }

    private static Span bold(String text) {
        Span s = new Span(text);
        s.getStyle().set("font-weight", "bold").set("display", "block");
        return s;
    }

    private static Div line(Component... parts) {
        return new Div(parts);
    }
}
