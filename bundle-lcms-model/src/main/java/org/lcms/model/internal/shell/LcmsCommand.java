package org.lcms.model.internal.shell;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;
import org.lcms.model.internal.DirectoryHealth;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.Applied;
import org.lcms.model.api.ChangeRecord;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.Host;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.LoadCluster;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.ModelException;
import org.lcms.model.api.Revision;
import org.lcms.model.api.Rule;

/**
 * Base of the {@code lcms} commands: finds the directory, names the actor of a change, prints what a change
 * did, and turns operator errors (a rule refused the change, a value did not parse) into a plain message.
 */
abstract class LcmsCommand implements Action {
    static final String DIRECTORY_UNAVAILABLE = "LCMS directory is not available: check "
        + "etc/org.lcms.directory.cfg and the Karaf log (log:display)";

    // Optional: when a bad configuration keeps the directory down, the command still runs and says so,
    // instead of disappearing from the shell.
    @Reference(optional = true)
    ClusterDirectory directory;

    /** Where the command writes; null in the shell (System.out is the session's console), set by tests. */
    PrintStream out;

    /** Who makes the changes; null in the shell (the session's JAAS user), set by tests. */
    String actor;

    @Override
    public final Object execute() throws Exception {
        try {
            run();
        } catch (ModelException | IllegalArgumentException e) {
            // The operator's mistake, not a bug: the message says what to do. A CommandException is shown
            // without "Error executing command" and is not logged as an error with a stack trace.
            throw new CommandException(e.getMessage(), e);
        }
        return null;
    }

    /** Parses the input, calls the directory once and prints the result. */
    abstract void run() throws Exception;

    final PrintStream out() {
        return out != null ? out : System.out;
    }

    final ClusterDirectory directory() throws CommandException {
        if (directory == null) {
            throw new CommandException(DIRECTORY_UNAVAILABLE + DirectoryHealth.lastStartFailure()
                .map(reason -> "; it did not start: " + reason).orElse(""));
        }
        return directory;
    }

    final String actor() {
        return actor != null ? actor : SessionActor.current();
    }

    /** Applies {@code change} and prints one line saying what happened. */
    final Applied apply(ModelChange change) throws CommandException {
        Applied applied = directory().apply(actor(), change);
        out().println(applied.record().map(LcmsCommand::changeLine).orElse("nothing to change"));
        return applied;
    }

    /** "cluster web: scheduler wlc -> rr (change 42)"; a detail that already names the object stands alone. */
    static String changeLine(ChangeRecord r) {
        String subject = r.kind().code() + " " + r.objectName();
        String what = r.detail().contains(subject) ? r.detail() : subject + ": " + r.detail();
        return what + " (change " + r.number() + ")";
    }

    /** The revision a change is based on: the one the operator saw (--revision), else the one just read. */
    static long expectedRevision(String revisionOption, Revision read) {
        return revisionOption == null ? read.number() : OperatorInput.revision(revisionOption);
    }

    static long expectedRevisionOrAny(String revisionOption) {
        return revisionOption == null ? Revision.ANY : OperatorInput.revision(revisionOption);
    }

    // Same wording as the change engine, so a missing object reads alike whichever side notices it.
    static Host existingHost(Inventory inventory, String name) {
        return inventory.host(name).orElseThrow(() -> new ModelException(Rule.NOT_FOUND, "there is no host '"
            + name + "'; lcms:host-list shows the inventory"));
    }

    static LoadCluster existingCluster(Inventory inventory, String id) {
        return inventory.cluster(id).orElseThrow(() -> new ModelException(Rule.NOT_FOUND, "there is no cluster '"
            + id + "'; lcms:cluster-list shows the clusters"));
    }

    static Administrator existingAdministrator(Inventory inventory, String login) {
        return inventory.administrator(login).orElseThrow(() -> new ModelException(Rule.NOT_FOUND,
            "there is no administrator '" + login + "'; lcms:admin-list shows them"));
    }

    /** UTC to the second, ISO 8601: 2025-01-31T12:00:05Z. */
    static String utc(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** "4, changed by alice at 2025-01-31T12:00:05Z". */
    static String describe(Revision r) {
        if (r.number() == 0) {
            return "0 (not stored)";
        }
        return r.number() + ", changed by " + r.changedBy() + " at " + utc(r.changedAt());
    }
}
