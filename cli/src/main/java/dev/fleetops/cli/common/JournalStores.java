package dev.fleetops.cli.common;

import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.journal.StoreException;
import dev.fleetops.time.Scheduler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Opens the journal a command's {@code --store} names (default ~/.fleetops, docs/journal.md). A store this version
 * cannot use (not a journal, another application's, a newer schema) is the user's to fix: a usage error naming it.
 */
public final class JournalStores {

    private JournalStores() { }

    /** Callbacks on the command's scheduler: inline on virtual time (the clock does not wait for the disk). */
    public static Journal open(Path dir, Scheduler scheduler) {
        Executor callbacks = scheduler.isVirtual() ? Runnable::run : task -> scheduler.schedule(Duration.ZERO, task);
        return open(dir, scheduler, callbacks);
    }

    /** @param dir the store's directory; null: the default */
    public static Journal open(Path dir, Scheduler scheduler, Executor callbacks) {
        try {
            return Journals.sqlite(dir != null ? dir : Journals.defaultDirectory(), scheduler, callbacks);
        } catch (StoreException e) {
            throw new UsageError(e.getMessage());
        }
    }
}
