package org.lcms.ui.internal.view;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationResult;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.function.ValueProvider;
import com.vaadin.flow.router.PageTitle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.Host;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.Role;
import org.lcms.ui.core.HostForm;
import org.lcms.ui.core.HostRow;
import org.lcms.ui.core.HostRows;
import org.lcms.ui.core.UiAction;

/**
 * The host inventory with each host's live SNMP state, updated by the live feed; an admin adds, changes and removes
 * hosts. Rows are keyed by host name and their cells and buttons rendered in the browser, as on the dashboard.
 */
@PageTitle("LCMS - Hosts")
public final class HostsView extends VerticalLayout {
    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
        .ofPattern("HH:mm:ss.SSS").withZone(java.time.ZoneId.systemDefault());
    private final List<HostRow> rows = new ArrayList<>();
    private final ListDataProvider<HostRow> data = new ListDataProvider<>(rows) {
        @Override
        public Object getId(HostRow item) {
            return item.name();
        }
    };
    private final Grid<HostRow> grid = new Grid<>();
    private final TextField filter = new TextField();
    private final Span count = new Span();
    private final Div problems = new Div();
    private final Span updated = new Span();

    public HostsView() {
        setSizeFull();
        problems.setId("hosts-problems");
        problems.getStyle().set("color", "var(--lumo-error-text-color)");
        filter.setId("host-filter");
        filter.setPlaceholder("Filter by name, address or role");
        filter.setClearButtonVisible(true);
        filter.setValueChangeMode(ValueChangeMode.EAGER);
        filter.addValueChangeListener(e -> applyFilter());
        count.setId("hosts-count");
        updated.setId("hosts-updated");
        updated.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Button add = new Button("Add host", e -> openEditor(Optional.empty()));
        add.setId("host-add");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        ActionGuard.mark(add, UiAction.CHANGE_HOST);

        grid.setId("hosts");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        column("name", "Host", HostRow::name);
        column("address", "Address", HostRow::address);
        column("potential", "May be", HostRow::potential);
        column("profile", "SNMP profile", HostRow::snmpProfile);
        column("role", "Role (model)", HostRow::modelRole);
        column("reachable", "Reachable", HostRow::reachable);
        column("rtt", "RTT", HostRow::rttText);
        column("live-role", "Role (agent)", HostRow::liveRole);
        column("assignment", "Assignment", HostRow::assignment);
        column("problem", "Problem", HostRow::problem).setTooltipGenerator(HostRow::problem).setAutoWidth(false)
            .setWidth("16em").setFlexGrow(1);
        // frozen: the row's buttons stay in sight however wide the live columns grow
        grid.addColumn(actions()).setHeader("").setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true);
        grid.setItems(data);
        applyFilter();

        HorizontalLayout bar = new HorizontalLayout(new H2("Hosts"), filter, count, add, updated);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        add(bar, problems, grid);
        expand(grid);
        show(compute(LiveFeed.of().compute()));
        LiveFeed.followWhileAttached(this, (ui, state) -> {
            Shown shown = compute(state); // on the feed's thread, not the UI's
            ui.access(() -> show(shown));
        });
    }

    /** A sortable column whose cells carry an id per host ({@code host-rtt-web-1}) and their row's index. */
    private Grid.Column<HostRow> column(String key, String header, ValueProvider<HostRow, String> text) {
        return grid.addColumn(LitRenderer.<HostRow>of("<span id=\"host-" + key + "-${item.name}\" "
                    + "data-index=\"${index}\">${item.text}</span>")
                .withProperty("name", HostRow::name)
                .withProperty("text", text))
            .setKey(key).setHeader(header).setAutoWidth(true).setSortable(true)
            .setComparator(HostRows.order(key)::compare);
    }

    /** Edit and remove, rendered in the browser; for a viewer only marked disabled (the server refuses anyway). */
    private LitRenderer<HostRow> actions() {
        boolean mayNot = !SessionUser.decide(UiAction.CHANGE_HOST).allowed();
        String title = mayNot ? "Read-only: your role may not " + UiAction.CHANGE_HOST.description() : "";
        return LitRenderer.<HostRow>of("<vaadin-button id=\"host-edit-${item.name}\" theme=\"small\" "
                + "?disabled=${item.readOnly} title=\"${item.title}\" @click=${edit}>Edit</vaadin-button>"
                + "<vaadin-button id=\"host-remove-${item.name}\" theme=\"small error\" ?disabled=${item.readOnly} "
                + "title=\"${item.title}\" @click=${remove}>Remove</vaadin-button>")
            .withProperty("name", HostRow::name)
            .withProperty("readOnly", r -> mayNot)
            .withProperty("title", r -> title)
            .withFunction("edit", r -> openEditor(Optional.of(r.name())))
            .withFunction("remove", r -> askRemove(r));
    }

    private void applyFilter() {
        String text = filter.getValue();
        data.setFilter(r -> HostRows.matches(r, text));
        updateCount();
    }

    private void updateCount() {
        long shown = rows.stream().filter(r -> HostRows.matches(r, filter.getValue())).count();
        count.setText(shown == rows.size() ? rows.size() + " hosts" : shown + " of " + rows.size() + " hosts");
    }

    /** The view's rows and problems from one live state; runs on the feed's thread or the UI's. */
    private static Shown compute(DashboardState state) {
        List<String> lines = new ArrayList<>();
        if (state.problems().stream().anyMatch(p -> p.startsWith(LcmsServices.MISSING_MODEL))) {
            lines.add(LcmsServices.MISSING_MODEL + ": no hosts to show, none can be changed.");
        }
        if (state.live().isEmpty()) {
            lines.add(LcmsServices.MISSING_LIVE_STATE + ": reachability, round-trip times and reported roles are "
                + "unknown.");
        }
        state.problems().stream().filter(p -> p.startsWith("The LCMS model cannot be read")).forEach(lines::add);
        return new Shown(HostRows.of(state.model(), state.live()), lines,
            state.live().map(org.lcms.snmp.api.ClusterStateSnapshot::taken));
    }

    /** @param liveStateAt when the live state shown last changed (the manager's snapshot time) */
    private record Shown(List<HostRow> rows, List<String> problems, Optional<java.time.Instant> liveStateAt) {
    }

    /**
     * Refreshes only what changed: rows whose values changed are refreshed one by one (most polls change only an
     * RTT), the whole grid only when hosts came or went.
     */
    private void show(Shown shown) {
        List<HostRow> next = shown.rows();
        if (!rows.equals(next)) {
            boolean sameHosts = rows.size() == next.size();
            for (int i = 0; sameHosts && i < rows.size(); i++) {
                sameHosts = rows.get(i).name().equals(next.get(i).name());
            }
            if (sameHosts) {
                for (int i = 0; i < rows.size(); i++) {
                    if (!rows.get(i).equals(next.get(i))) {
                        rows.set(i, next.get(i));
                        data.refreshItem(next.get(i));
                    }
                }
            } else {
                rows.clear();
                rows.addAll(next);
                data.refreshAll();
            }
            updateCount();
        }
        problems.removeAll();
        shown.problems().forEach(p -> problems.add(new Paragraph(p)));
        // data-time (epoch ms): when the live state shown changed, for measuring state-to-screen latency
        shown.liveStateAt().ifPresentOrElse(t -> {
            updated.setText("live state of " + TIME.format(t));
            updated.getElement().setAttribute("data-time", String.valueOf(t.toEpochMilli()));
        }, () -> updated.setText(""));
    }

    private void refreshNow() {
        show(compute(LiveFeed.of().compute()));
        LiveFeed.of().changed(); // the other open views
    }

    // ---- add and change ------------------------------------------------------------------------------------

    private void openEditor(Optional<String> hostName) {
        if (!ActionGuard.permit(UiAction.CHANGE_HOST)) {
            return;
        }
        LcmsServices services = LcmsServices.current();
        Optional<ClusterDirectory> directory = services.directory();
        if (directory.isEmpty()) {
            ActionResult.show(LcmsServices.MISSING_MODEL + ": hosts cannot be changed now.", false);
            return;
        }
        Optional<Host> base = Optional.empty();
        if (hostName.isPresent()) {
            base = directory.get().inventory().host(hostName.get());
            if (base.isEmpty()) {
                ActionResult.show("Host " + hostName.get() + " is no longer in the model (removed by someone else).",
                    false);
                refreshNow();
                return;
            }
        }
        new HostEditor(base, services.snmpProfiles()).open();
    }

    /** The add/change dialog: Binder checks each field as it is typed, the model checks the whole host on save. */
    private final class HostEditor {
        private final Optional<Host> base;
        private final Dialog dialog = new Dialog();
        private final HostForm form;
        private final Binder<HostForm> binder = new Binder<>(HostForm.class);
        private final TextField name = new TextField("Name");
        private final TextField address = new TextField("Address");
        private final CheckboxGroup<Role> potential = new CheckboxGroup<>();
        private final TextField profile = new TextField("SNMP profile");
        private final IntegerField weight = new IntegerField("Default weight");
        private final TextField description = new TextField("Description");
        private final Span formError = new Span();
        private final Map<HostForm.Field, HasValidation> fields = new EnumMap<>(HostForm.Field.class);

        HostEditor(Optional<Host> base, Optional<Set<String>> knownProfiles) {
            this.base = base;
            this.form = base.map(HostForm::of).orElseGet(HostForm::new);
            dialog.setId("host-dialog");
            dialog.setHeaderTitle(base.map(h -> "Change host " + h.name()).orElse("Add host"));
            name.setId("host-form-name");
            name.setReadOnly(base.isPresent()); // the name is the host's key: remove and add to rename
            address.setId("host-form-address");
            address.setHelperText("IPv4 or IPv6 literal the host owns, e.g. 192.0.2.10");
            potential.setId("host-form-potential");
            potential.setLabel("May be");
            potential.setItems(Role.LOAD_BALANCER, Role.BACKUP_SERVER, Role.REAL_SERVER);
            potential.setItemLabelGenerator(r -> r.code() + " (" + r.meaning().split(":")[0] + ")");
            profile.setId("host-form-profile");
            weight.setId("host-form-weight");
            weight.setHelperText("0..65535, given when it joins a cluster as real server");
            description.setId("host-form-description");
            formError.setId("host-form-error");
            formError.getStyle().set("color", "var(--lumo-error-text-color)");
            fields.put(HostForm.Field.NAME, name);
            fields.put(HostForm.Field.ADDRESS, address);
            fields.put(HostForm.Field.POTENTIAL, potential);
            fields.put(HostForm.Field.PROFILE, profile);
            fields.put(HostForm.Field.WEIGHT, weight);
            fields.put(HostForm.Field.DESCRIPTION, description);

            binder.forField(name).asRequired("Give the host a name, e.g. web-1")
                .bind(HostForm::getName, HostForm::setName);
            binder.forField(address).asRequired("Give the address the host owns, e.g. 192.0.2.10")
                .withValidator((value, context) -> HostForm.addressProblem(value).map(ValidationResult::error)
                    .orElse(ValidationResult.ok()))
                .bind(HostForm::getAddress, HostForm::setAddress);
            binder.forField(potential)
                .withValidator(v -> v != null && !v.isEmpty(), "Pick at least one role the host may take")
                .bind(HostForm::getPotential, HostForm::setPotential);
            binder.forField(profile).asRequired("Give the SNMP profile used to reach its agent, e.g. default")
                .withValidator((value, context) -> HostForm.profileProblem(value, knownProfiles)
                    .map(ValidationResult::error).orElse(ValidationResult.ok()))
                .bind(HostForm::getSnmpProfile, HostForm::setSnmpProfile);
            binder.forField(weight).asRequired("Give a weight 0..65535 (1 is usual)")
                .bind(HostForm::getWeight, HostForm::setWeight);
            binder.forField(description).bind(HostForm::getDescription, HostForm::setDescription);
            binder.readBean(form);

            FormLayout layout = new FormLayout(name, address, potential, profile, weight, description);
            dialog.add(layout, formError);
            Button save = new Button(base.isPresent() ? "Save" : "Add", e -> save());
            save.setId("host-form-save");
            save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            Button cancel = new Button("Cancel", e -> dialog.close());
            cancel.setId("host-form-cancel");
            dialog.getFooter().add(cancel, save);
        }

        void open() {
            dialog.open();
        }

        /** Checked again here: the dialog's click is a request of its own. Nothing changes unless the model agrees. */
        private void save() {
            if (!ActionGuard.permit(UiAction.CHANGE_HOST)) {
                return;
            }
            formError.setText("");
            if (!binder.writeBeanIfValid(form)) {
                return;
            }
            Optional<ClusterDirectory> directory = LcmsServices.current().directory();
            if (directory.isEmpty()) {
                formError.setText(LcmsServices.MISSING_MODEL + ": nothing was changed.");
                return;
            }
            String actor = SessionUser.current().map(SessionUser::login).orElseThrow();
            Host host;
            try {
                host = form.toHost(base);
            } catch (IllegalArgumentException e) {
                fieldError(HostForm.Field.ADDRESS, e.getMessage());
                return;
            }
            try {
                directory.get().apply(actor, base.isPresent()
                    ? new ModelChange.UpdateHost(host, base.get().revision().number())
                    : new ModelChange.AddHost(host));
            } catch (ModelException e) {
                fieldError(HostForm.fieldOf(e), HostForm.message(e));
                return;
            } catch (RuntimeException e) {
                formError.setText("Nothing was changed: " + e.getMessage());
                return;
            }
            dialog.close();
            ActionResult.show("Host " + host.name() + (base.isPresent() ? " changed." : " added."), true);
            refreshNow();
        }

        private void fieldError(HostForm.Field field, String message) {
            HasValidation target = fields.get(field);
            if (target == null) {
                formError.setText(message);
                return;
            }
            target.setErrorMessage(message);
            target.setInvalid(true);
        }
    }

    // ---- remove --------------------------------------------------------------------------------------------

    private void askRemove(HostRow row) {
        if (!ActionGuard.permit(UiAction.CHANGE_HOST)) {
            return;
        }
        Confirmation.ask("confirm-remove-host", "Remove host " + row.name() + "?", "Host " + row.name() + " ("
            + row.address() + ") leaves the inventory; LCMS no longer polls its agent. A host a cluster uses cannot be "
            + "removed.", "Remove", true, UiAction.CHANGE_HOST, () -> remove(row));
    }

    /** Runs from the confirmation, whose own click has passed {@link ActionGuard} again. */
    private void remove(HostRow row) {
        Optional<ClusterDirectory> directory = LcmsServices.current().directory();
        if (directory.isEmpty()) {
            ActionResult.show(LcmsServices.MISSING_MODEL + ": nothing was removed.", false);
            return;
        }
        try {
            directory.get().apply(SessionUser.current().map(SessionUser::login).orElseThrow(),
                new ModelChange.RemoveHost(row.name(), row.revision()));
        } catch (RuntimeException e) {
            String why = e instanceof ModelException m ? HostForm.message(m) : e.getMessage();
            ActionResult.show("Host " + row.name() + " was not removed: " + why, false);
            return;
        }
        ActionResult.show("Host " + row.name() + " removed.", true);
        refreshNow();
    }
}
