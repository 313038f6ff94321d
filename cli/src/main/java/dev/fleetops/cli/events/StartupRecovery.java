package dev.fleetops.cli.events;

import dev.fleetops.journal.Journal;

/**
 * What {@code serve} does at start-up, before it takes new events, about executions that a dead process left open
 * in the journal (runbooks started by rules): resume those no live owner runs. The runbook engine's recovery plugs
 * in here; until it does, nothing is resumed ({@link #NONE}) and {@code serve} says how many were left open.
 */
interface StartupRecovery {

    /**
     * Resumes (or leaves, saying why) the open executions of {@code journal} no live owner holds; returns a line for
     * the log.
     *
     * @param owner this replica's lease owner id
     */
    String recover(Journal journal, String owner);

    StartupRecovery NONE = (journal, owner) -> {
        int open = journal.open().toCompletableFuture().join().size();
        return open == 0 ? "no open executions" : open + " open execution(s) left as they are (runbook recovery is not wired in yet)";
    };
}
