package org.lcms.ui.internal.view;

import com.vaadin.flow.router.PageTitle;

@PageTitle("LCMS - Administrators")
public final class AdministratorsView extends NotYetView {
    public AdministratorsView() {
        super("Administrators", "adding administrators, changing their role and resetting passwords");
    }
}
