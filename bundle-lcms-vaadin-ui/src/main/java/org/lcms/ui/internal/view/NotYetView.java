package org.lcms.ui.internal.view;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

/** A view that is planned (issue 7) but not built yet: it says so instead of pretending. */
abstract class NotYetView extends VerticalLayout {
    NotYetView(String title, String planned) {
        Paragraph text = new Paragraph("Not yet: " + planned + " will be here.");
        text.setId("not-yet");
        add(new H2(title), text);
    }
}
