package org.lcms.model.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One change as recorded in the history: who did what to which object, when. {@code number} is the model
 * revision the change produced, so records are totally ordered and gap-free for changes made through LCMS.
 *
 * @param clusters the clusters the change touched (a host change lists the clusters using the host)
 */
public record ChangeRecord(long number, Instant at, String actor, ObjectKind kind, String objectName,
                           String action, String detail, Set<String> clusters) {
    public ChangeRecord {
        Objects.requireNonNull(at);
        Objects.requireNonNull(actor);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(objectName);
        Objects.requireNonNull(action);
        detail = Objects.requireNonNullElse(detail, "");
        clusters = Set.copyOf(Objects.requireNonNullElse(clusters, Set.of()));
    }
}
