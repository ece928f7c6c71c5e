package org.lcms.ui.internal.view;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.function.ValueProvider;
import com.vaadin.flow.router.PageTitle;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.lcms.model.api.ChangeRecord;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.HistoryQuery;
import org.lcms.snmp.api.ClusterState;
import org.lcms.snmp.api.EventQuery;
import org.lcms.snmp.api.LcmsEvent;
import org.lcms.ui.core.EventRow;
import org.lcms.ui.core.EventRows;

/**
 * The directory's history (who changed what, and the events recorded for good) and the SNMP manager's live events
 * not yet recorded, newest first, filtered in memory and shown by a grid that sends the browser only the rows it
 * shows. New ones appear through the live feed.
 */
@PageTitle("LCMS - Events")
public final class EventsView extends VerticalLayout {
    /** History records read at most (the newest); older ones are there with lcms:history. */
    static final int HISTORY_LIMIT = 5000;
    static final int LIVE_LIMIT = 10_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
        .withZone(ZoneId.systemDefault());

    private final LcmsServices services;
    private final List<EventRow> rows = new ArrayList<>();
    private final ListDataProvider<EventRow> data = new ListDataProvider<>(rows) {
        @Override
        public Object getId(EventRow item) {
            return item.key();
        }
    };
    private final Grid<EventRow> grid = new Grid<>();
    private final TextField object = new TextField();
    private final ComboBox<String> type = new ComboBox<>();
    private final Select<String> severity = new Select<>();
    private final TextField text = new TextField();
    private final Span count = new Span();
    private final Span newest = new Span();
    private final Div problems = new Div();
    private final Object readLock = new Object();
    /** The history as last read, and the model revision it was read at (read again only when that changes). */
    private List<ChangeRecord> history = List.of();
    private long historyRevision = -1;

    public EventsView() {
        services = LcmsServices.current();
        setSizeFull();
        problems.setId("events-problems");
        problems.getStyle().set("color", "var(--lumo-error-text-color)");
        object.setId("event-filter-object");
        object.setPlaceholder("Object");
        type.setId("event-filter-type");
        type.setPlaceholder("Type");
        type.setClearButtonVisible(true);
        severity.setId("event-filter-severity");
        severity.setPlaceholder("Severity");
        List<String> levels = new ArrayList<>();
        levels.add("");
        levels.addAll(EventRows.SEVERITIES);
        severity.setItems(levels);
        severity.setItemLabelGenerator(s -> s.isEmpty() ? "any severity" : s + " or worse");
        severity.setValue("");
        text.setId("event-filter-text");
        text.setPlaceholder("Text");
        for (TextField f : List.of(object, text)) {
            f.setClearButtonVisible(true);
            f.setValueChangeMode(ValueChangeMode.LAZY);
            f.addValueChangeListener(e -> applyFilter());
        }
        type.addValueChangeListener(e -> applyFilter());
        severity.addValueChangeListener(e -> applyFilter());
        count.setId("events-count");
        newest.setId("events-newest");
        newest.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");

        grid.setId("events");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        column("time", "When", r -> TIME.format(r.time())).setFlexGrow(0);
        column("severity", "Severity", EventRow::severity).setFlexGrow(0);
        column("actor", "Who", EventRow::actor).setFlexGrow(0);
        column("type", "What", EventRow::type).setFlexGrow(0);
        column("object", "Object", EventRow::object).setFlexGrow(0);
        column("detail", "Detail", EventRow::detail).setAutoWidth(false).setFlexGrow(1)
            .setTooltipGenerator(EventRow::detail);
        grid.setItems(data);

        HorizontalLayout filters = new HorizontalLayout(object, type, severity, text, count);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        add(new HorizontalLayout(new H2("Events"), newest), filters, problems, grid);
        expand(grid);
        show(read(Optional.empty()));
        applyFilter();
        LiveFeed.followWhileAttached(this, (ui, state) -> {
            // on the feed's thread: may block on the directory; the feed read the model's revision already
            Shown shown = read(state.problems().isEmpty() || state.model().modelRevision() > 0
                ? Optional.of(state.model().modelRevision()) : Optional.empty());
            ui.access(() -> show(shown));
        });
    }

    private Grid.Column<EventRow> column(String key, String header, ValueProvider<EventRow, String> value) {
        return grid.addColumn(LitRenderer.<EventRow>of("<span id=\"ev-" + key + "-${item.key}\" "
                    + "data-index=\"${index}\">${item.text}</span>")
                .withProperty("key", EventRow::key)
                .withProperty("text", value))
            .setKey(key).setHeader(header).setAutoWidth(true);
    }

    private record Shown(List<EventRow> rows, List<String> problems) {
    }

    /**
     * The rows now: the history is read again only when the model revision moved (every change and every recorded
     * event moves it), the live events every time (kept in memory by the manager). Blocks on the directory; runs
     * on the feed's thread, or the UI's for the first render.
     */
    private Shown read(Optional<Long> modelRevision) {
        List<String> lines = new ArrayList<>();
        List<ChangeRecord> records;
        Optional<ClusterDirectory> directory = services.directory();
        synchronized (readLock) {
            if (directory.isEmpty()) {
                lines.add(LcmsServices.MISSING_MODEL + ": the history of changes cannot be read.");
                history = List.of();
                historyRevision = -1;
            } else {
                try {
                    long revision = modelRevision.orElseGet(() -> directory.get().inventory().modelRevision());
                    if (revision != historyRevision) {
                        history = directory.get().history(HistoryQuery.latest(HISTORY_LIMIT));
                        historyRevision = revision;
                    }
                } catch (RuntimeException e) {
                    lines.add("The LCMS history cannot be read: " + e.getMessage());
                }
            }
            records = history;
        }
        if (records.size() >= HISTORY_LIMIT) {
            lines.add("Showing the newest " + HISTORY_LIMIT + " history records; lcms:history --object NAME lists "
                + "older ones.");
        }
        List<LcmsEvent> live = List.of();
        Optional<ClusterState> state = services.clusterState();
        if (state.isEmpty()) {
            lines.add(LcmsServices.MISSING_LIVE_STATE + ": only recorded events are shown, new ones appear once it "
                + "records them.");
        } else {
            live = state.get().events(EventQuery.newest(LIVE_LIMIT));
        }
        return new Shown(EventRows.merge(records, live), lines);
    }

    private void show(Shown shown) {
        if (!rows.equals(shown.rows())) {
            rows.clear();
            rows.addAll(shown.rows());
            TreeSet<String> types = new TreeSet<>();
            rows.forEach(r -> types.add(r.type()));
            String chosen = type.getValue();
            if (!types.equals(new TreeSet<>(currentTypes))) {
                currentTypes = new ArrayList<>(types);
                type.setItems(currentTypes);
                if (chosen != null && types.contains(chosen)) {
                    type.setValue(chosen);
                }
            }
            data.refreshAll();
            updateCount();
            if (rows.isEmpty()) {
                newest.setText("no events yet");
                newest.getElement().removeAttribute("data-time");
            } else {
                EventRow n = rows.get(0);
                newest.setText("newest " + TIME.format(n.time()) + " " + n.type() + " " + n.object());
                // data-time (epoch ms): when the newest event happened, for measuring event-to-screen latency
                newest.getElement().setAttribute("data-time", String.valueOf(n.time().toEpochMilli()));
            }
        }
        problems.removeAll();
        shown.problems().forEach(p -> problems.add(new Paragraph(p)));
    }

    private List<String> currentTypes = List.of();

    private void applyFilter() {
        EventRows.Filter f = new EventRows.Filter(object.getValue(), Optional.ofNullable(type.getValue()).orElse(""),
            Optional.ofNullable(severity.getValue()).orElse(""), text.getValue());
        data.setFilter(f::matches);
        updateCount();
    }

    private void updateCount() {
        EventRows.Filter f = new EventRows.Filter(object.getValue(), Optional.ofNullable(type.getValue()).orElse(""),
            Optional.ofNullable(severity.getValue()).orElse(""), text.getValue());
        long shown = rows.stream().filter(f::matches).count();
        count.setText(shown == rows.size() ? rows.size() + " events" : shown + " of " + rows.size() + " events");
    }
}
