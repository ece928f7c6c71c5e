package org.lcms.ui.internal.view;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.RouterLink;
import java.util.ArrayList;
import java.util.List;
import org.lcms.ui.core.ClusterSummary;

/** Every load cluster of the model, each linking to its picture ({@link ClusterView}); kept current live. */
@PageTitle("LCMS - Clusters")
public final class ClustersView extends VerticalLayout {
    private final Div list = new Div();
    private final Div problems = new Div();
    private List<ClusterSummary> shown = new ArrayList<>();

    public ClustersView() {
        list.setId("cluster-list");
        problems.setId("clusters-problems");
        problems.getStyle().set("color", "var(--lumo-error-text-color)");
        add(new H2("Clusters"), problems, list);
        show(LiveFeed.of().compute());
        LiveFeed.showWhileAttached(this, this::show);
    }

    private void show(DashboardState state) {
        problems.removeAll();
        state.problems().forEach(p -> problems.add(new Paragraph(p)));
        if (state.clusters().equals(shown) && !shown.isEmpty()) {
            return;
        }
        shown = state.clusters();
        list.removeAll();
        if (shown.isEmpty()) {
            Paragraph none = new Paragraph("No load clusters in the model yet.");
            none.setId("no-clusters");
            list.add(none);
        }
        for (ClusterSummary c : shown) {
            RouterLink link = new RouterLink(c.id(), ClusterView.class, c.id());
            link.setId("cluster-link-" + c.id());
            Span text = new Span(" " + c.service() + ", " + c.scheduler() + ", " + (c.active() ? "active" : "inactive")
                + ", VIP held by " + c.vipHolder() + ", real servers up " + c.realServersText());
            text.setId("cluster-line-" + c.id());
            Div row = new Div(link, text);
            row.getStyle().set("padding", "var(--lumo-space-xs) 0");
            list.add(row);
        }
    }
}
