package org.lcms.model.internal.shell;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lcms.model.api.Administrator;
import org.lcms.model.api.Applied;
import org.lcms.model.api.ChangeRecord;
import org.lcms.model.api.ClusterDirectory;
import org.lcms.model.api.DirectoryInfo;
import org.lcms.model.api.HistoryQuery;
import org.lcms.model.api.Inventory;
import org.lcms.model.api.ModelChange;
import org.lcms.model.api.PasswordHash;
import org.lcms.model.core.ChangeEngine;

/**
 * Test double of the directory: the model in memory, changes decided by the real {@link ChangeEngine}, the
 * history in a list. A clock that ticks one second per change keeps outputs predictable.
 */
final class InMemoryClusterDirectory implements ClusterDirectory {
    static final Instant START = Instant.parse("2025-03-01T08:00:00Z");

    private Inventory inventory = Inventory.empty();
    private final List<ChangeRecord> history = new ArrayList<>();
    private Instant clock = START;

    @Override
    public synchronized Inventory inventory() {
        return inventory;
    }

    @Override
    public synchronized Applied apply(String actor, ModelChange change) {
        clock = clock.plusSeconds(1);
        ChangeEngine.Outcome outcome = ChangeEngine.decide(inventory, actor, clock, change);
        inventory = outcome.next();
        outcome.record().ifPresent(history::add);
        return new Applied(outcome.next(), outcome.record());
    }

    @Override
    public synchronized List<org.lcms.model.api.ModelException> check(String actor, ModelChange change) {
        return ChangeEngine.check(inventory, actor, clock.plusSeconds(1), change);
    }

    @Override
    public synchronized List<ChangeRecord> history(HistoryQuery query) {
        List<ChangeRecord> out = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0 && out.size() < query.limit(); i--) {
            if (query.accepts(history.get(i))) {
                out.add(history.get(i));
            }
        }
        return out;
    }

    @Override
    public synchronized Optional<Administrator> authenticate(String login, char[] password) {
        try {
            return inventory.administrator(login).filter(a -> a.passwordHash().matches(password));
        } finally {
            PasswordHash.wipe(password);
        }
    }

    @Override
    public synchronized DirectoryInfo info() {
        return new DirectoryInfo("in-memory", "test double", "dc=lcms,dc=test", inventory.modelRevision());
    }
}
