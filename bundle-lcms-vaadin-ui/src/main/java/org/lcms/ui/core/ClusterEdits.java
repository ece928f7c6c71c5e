package org.lcms.ui.core;

import java.util.Optional;
import org.lcms.model.api.ConflictException;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.Rule;
import org.lcms.model.api.Scheduler;

/**
 * The cluster view's model edits: what the administrator typed, turned into the changed cluster, and the model's
 * refusal turned into a message for the field it is about. The rules are the model's (weight range, scheduler
 * codes, an active cluster keeps a real server, the revision check): nothing here repeats them; the UI applies the
 * change and shows what the model said, next to the field it concerns.
 */
public final class ClusterEdits {

    /** The fields a message can stand next to. */
    public enum Field { WEIGHT, SCHEDULER, GENERAL }

    /** A refusal for the administrator, and the field it belongs to. */
    public record FieldMessage(Field field, String text) {
    }

    private ClusterEdits() {
    }

    /**
     * The typed weight as a number. Only the form is checked here; its range is the model's rule
     * ({@link Rule#WEIGHT_RANGE}), applied when the change is written.
     */
    public static int weight(String text) {
        String t = text == null ? "" : text.trim();
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is not a weight; give a whole number 0..65535 "
                + "(0 = no new connections)");
        }
    }

    /** The cluster with real server {@code host}'s weight set (refused if it is none of the cluster's). */
    public static LoadCluster withWeight(LoadCluster current, String host, int weight) {
        current.requireRealServer(host);
        return current.withRealServer(host, weight);
    }

    public static LoadCluster withoutRealServer(LoadCluster current, String host) {
        current.requireRealServer(host);
        return current.withoutRealServer(host);
    }

    /** The scheduler by its code, one of the model's {@link Scheduler}s (its own message otherwise). */
    public static LoadCluster withScheduler(LoadCluster current, String code) {
        return current.withScheduler(Scheduler.parse(code));
    }

    /**
     * Where the refusal of an edit of {@code field} belongs: a weight out of range next to the weight, a scheduler
     * the model does not know next to the scheduler, a stale revision and every other rule in the general result
     * (they are about the cluster, not the value).
     */
    public static FieldMessage refusal(Field field, RuntimeException e) {
        String text = Optional.ofNullable(e.getMessage()).orElse(e.toString());
        if (e instanceof ConflictException) {
            return new FieldMessage(Field.GENERAL, "Nothing changed: " + text);
        }
        if (e instanceof ModelException m) {
            Field at = m.rule() == Rule.WEIGHT_RANGE && field == Field.WEIGHT ? Field.WEIGHT : Field.GENERAL;
            return new FieldMessage(at, "Nothing changed: " + text);
        }
        if (e instanceof IllegalArgumentException) {
            return new FieldMessage(field, text);
        }
        return new FieldMessage(Field.GENERAL, "Nothing changed: " + text);
    }
}
