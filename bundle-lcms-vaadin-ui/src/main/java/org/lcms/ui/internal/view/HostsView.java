package org.lcms.ui.internal.view;

import com.vaadin.flow.router.PageTitle;

@PageTitle("LCMS - Hosts")
public final class HostsView extends NotYetView {
    public HostsView() {
        super("Hosts", "the host inventory with add, edit and remove and each host's live SNMP state");
    }
}
