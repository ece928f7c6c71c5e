package org.lcms.ui.internal.view;

import com.vaadin.flow.router.PageTitle;

@PageTitle("LCMS - Events")
public final class EventsView extends NotYetView {
    public EventsView() {
        super("Events", "the history of changes and failures, filterable and live");
    }
}
