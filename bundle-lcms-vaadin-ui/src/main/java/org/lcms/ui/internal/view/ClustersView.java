package org.lcms.ui.internal.view;

import com.vaadin.flow.router.PageTitle;

@PageTitle("LCMS - Clusters")
public final class ClustersView extends NotYetView {
    public ClustersView() {
        super("Clusters", "the picture of each cluster with its live state and the operator's actions (drain, enable, weights, switchover, dissolve) and the cluster builder");
    }
}
