package org.lcms.model.api;

import java.util.Optional;

/**
 * The result of a change: the model after it and the record kept in the history. A change that changed
 * nothing (e.g. setting the scheduler a cluster already has) writes nothing and records nothing.
 */
public record Applied(Inventory inventory, Optional<ChangeRecord> record) {
}
