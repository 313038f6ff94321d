package dev.fleetops.journal;

import java.util.List;

/**
 * How one kind of store carries out a batch of calls, on the writer thread: all appends of a batch in one
 * transaction (group commit) where the store has them. It decides each call (succeed or fail) or throws, which
 * fails every call of the batch (nothing of it is durable).
 */
interface Backend extends AutoCloseable {

    void execute(List<Call> batch);

    /**
     * How many reads the writer may hand over as one batch: 1 for a store that carries out one call at a time (one
     * SQLite file), more for one that has reads of a batch in flight together (DynamoDB).
     */
    default int readsPerBatch() {
        return 1;
    }

    /** What the store is, for messages: the file or the tables. */
    String describe();

    @Override
    void close();
}
