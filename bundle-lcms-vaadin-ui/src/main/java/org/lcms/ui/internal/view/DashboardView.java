package org.lcms.ui.internal.view;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.PageTitle;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lcms.failover.manager.api.FailoverOperations;
import org.lcms.ui.core.ClusterSummary;
import org.lcms.ui.core.UiAction;

/**
 * Every load cluster at a glance, updated live: the live feed pushes a new state after every change of the live
 * cluster state (paced), and the grid is refreshed in place without a reload.
 */
@PageTitle("LCMS - Dashboard")
public final class DashboardView extends VerticalLayout {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
        .withZone(ZoneId.systemDefault());
    private static final long SWITCHOVER_WAIT_MILLIS = 10_000;

    private final List<ClusterSummary> rows = new ArrayList<>();
    /*
     * Rows are identified by the cluster's id, not by the record's value: a refresh then keeps each row's key, and
     * a click sent from a row the server has just refreshed still finds its cluster (keyed by value, a click racing
     * a live update went to a row that no longer existed and was lost).
     */
    private final ListDataProvider<ClusterSummary> data = new ListDataProvider<>(rows) {
        @Override
        public Object getId(ClusterSummary item) {
            return item.id();
        }
    };
    private final Grid<ClusterSummary> grid = new Grid<>();
    private final Div problems = new Div();
    private final Span updated = new Span();
    private final Span latestEvent = new Span();

    public DashboardView() {
        setSizeFull();
        problems.setId("dashboard-problems");
        problems.getStyle().set("color", "var(--lumo-error-text-color)");
        updated.setId("dashboard-updated");
        updated.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        latestEvent.setId("dashboard-latest-event");
        latestEvent.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size",
            "var(--lumo-font-size-s)");
        grid.setId("clusters");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(clusterLink()).setHeader("Cluster").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(cell("service", ClusterSummary::service)).setHeader("VIP:port/protocol").setAutoWidth(true);
        grid.addColumn(cell("scheduler", ClusterSummary::scheduler)).setHeader("Scheduler").setAutoWidth(true)
            .setFlexGrow(0);
        grid.addColumn(cell("state", c -> c.active() ? "active" : "inactive")).setHeader("State").setAutoWidth(true)
            .setFlexGrow(0);
        grid.addColumn(cell("holder", ClusterSummary::vipHolder)).setHeader("VIP held by").setAutoWidth(true);
        grid.addColumn(cell("backups", c -> backups(c.backups()))).setHeader("Backups (in order)").setAutoWidth(true);
        grid.addColumn(cell("rs", ClusterSummary::realServersText)).setHeader("Real servers up").setAutoWidth(true)
            .setFlexGrow(0);
        grid.addColumn(cell("alarms", ClusterSummary::alarmsText)).setHeader("Active alarms").setAutoWidth(true)
            .setTooltipGenerator(c -> String.join("\n", c.alarms()));
        grid.addColumn(actions()).setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.setItems(data);
        add(new HorizontalLayout(new H2("Dashboard"), updated), latestEvent, problems, grid);
        expand(grid);
        show(LiveFeed.of().compute());
        LiveFeed.showWhileAttached(this, this::show);
    }

    /** A cell with an id per cluster ({@code rs-web1}), so that tests and scripts can find the value. */
    private static LitRenderer<ClusterSummary> cell(String name,
                                                    com.vaadin.flow.function.ValueProvider<ClusterSummary, String> text) {
        return LitRenderer.<ClusterSummary>of("<span id=\"" + name + "-${item.id}\">${item.text}</span>")
            .withProperty("id", ClusterSummary::id)
            .withProperty("text", text);
    }

    /** The cluster's id, linking to its picture (clusters/ID, navigated in the page by Vaadin's router). */
    private static LitRenderer<ClusterSummary> clusterLink() {
        return LitRenderer.<ClusterSummary>of("<a id=\"cluster-${item.id}\" href=\"clusters/${item.id}\" "
                + "router-link>${item.id}</a>")
            .withProperty("id", ClusterSummary::id);
    }

    private static String backups(List<String> backups) {
        if (backups.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < backups.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(i + 1).append(". ").append(backups.get(i));
        }
        return text.toString();
    }

    /**
     * The row's actions, rendered in the browser (no server-side component per row: a live update re-renders no
     * button, and a click always reaches the server with the row's cluster). For a role that may not switch over,
     * the button is only marked disabled: a forged click still reaches {@link ActionGuard#permit} and is refused.
     */
    private LitRenderer<ClusterSummary> actions() {
        boolean mayNot = !SessionUser.decide(UiAction.SWITCHOVER).allowed();
        String title = mayNot ? "Read-only: your role may not " + UiAction.SWITCHOVER.description() : "";
        return LitRenderer.<ClusterSummary>of("${item.active ? html`<vaadin-button id=\"switchover-${item.id}\" "
                + "theme=\"small\" ?disabled=${item.readOnly} title=\"${item.title}\" @click=${switchover}>"
                + "Switch over</vaadin-button>` : ''}")
            .withProperty("id", ClusterSummary::id)
            .withProperty("active", ClusterSummary::active)
            .withProperty("readOnly", c -> mayNot)
            .withProperty("title", c -> title)
            .withFunction("switchover", c -> askSwitchover(c.id()));
    }

    private void askSwitchover(String cluster) {
        if (!ActionGuard.permit(UiAction.SWITCHOVER)) {
            return;
        }
        Confirmation.ask("confirm-switchover", "Switch over cluster " + cluster + "?", "The agent holding the VIP "
            + "hands it to the best-ranked other member that is ready. Connections in flight may be cut.", "Switch over",
            true, UiAction.SWITCHOVER, () -> switchover(cluster));
    }

    /** Runs from the confirmation, whose own click has passed {@link ActionGuard} again. */
    private void switchover(String cluster) {
        LcmsServices services = LcmsServices.current();
        Optional<FailoverOperations> failover = services.failover();
        if (failover.isEmpty()) {
            ActionResult.show(LcmsServices.MISSING_FAILOVER + ": cannot switch over.", false);
            return;
        }
        UI ui = UI.getCurrent();
        ActionResult.show("Switching over " + cluster + " ...", true);
        services.inBackground(() -> {
            String text;
            boolean ok;
            try {
                text = failover.get().switchover(cluster, Optional.empty(), SWITCHOVER_WAIT_MILLIS).message();
                ok = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                text = "Switchover of " + cluster + " refused: " + e.getMessage();
                ok = false;
            }
            String message = text;
            boolean success = ok;
            ui.access(() -> ActionResult.show(message, success));
        });
    }

    private void show(DashboardState state) {
        if (!rows.equals(state.clusters())) { // most live changes (a poll's time) change no row
            rows.clear();
            rows.addAll(state.clusters());
            data.refreshAll();
        }
        problems.removeAll();
        state.problems().forEach(p -> problems.add(new Paragraph(p)));
        updated.setText("updated " + TIME.format(state.computed()) + (state.clusters().isEmpty()
            ? " - no load clusters in the model yet" : ""));
        // data-time (epoch milliseconds): when the event happened, for scripts measuring event-to-screen latency.
        state.latestEvent().ifPresentOrElse(e -> {
            latestEvent.setText("latest event " + TIME.format(e.time()) + " " + e.text());
            latestEvent.getElement().setAttribute("data-time", String.valueOf(e.time().toEpochMilli()));
        }, () -> latestEvent.setText("no live events yet"));
    }
}
