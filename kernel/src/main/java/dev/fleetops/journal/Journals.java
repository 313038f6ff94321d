package dev.fleetops.journal;

import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * Opens a journal (with its leases and inbox). {@code scheduler} is where "now" comes from for leases and the
 * inbox, and where heartbeats run. {@code callbacks} is where every returned stage completes, on no account the
 * caller's thread; in virtual time give an executor the test or driver drains itself (or {@code Runnable::run}
 * and join the stages), so that the scheduler never advances while an acknowledgement is in flight: see
 * docs/journal.md, "Threads and virtual time".
 */
public final class Journals {

    private Journals() { }

    /** {@code ~/.fleetops}, where the CLI keeps journal.db unless given {@code --store DIR}. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".fleetops");
    }

    /**
     * The embedded journal: {@code directory}/journal.db (SQLite, WAL), created with the directory when missing.
     * Fails with {@link StoreException} naming the file when it is not a fleetops journal this version reads.
     */
    public static Journal sqlite(Path directory, Scheduler scheduler, Executor callbacks) {
        return new StoreJournal(new SqliteBackend(directory), scheduler, callbacks);
    }

    /**
     * The shared journal of several replicas, in the DynamoDB tables {@code prefix}-executions, -entries, -leases
     * and -inbox. With {@code createTables} missing tables are created (on-demand billing); existing ones must
     * have the journal's keys, or this fails with {@link StoreException} naming the table and the keys expected.
     */
    public static Journal dynamoDb(DynamoDbAsyncClient client, String prefix, boolean createTables, Scheduler scheduler,
                                   Executor callbacks) {
        return new StoreJournal(new DynamoDbBackend(DynamoDbTables.open(client, prefix, createTables)), scheduler, callbacks);
    }

    /** {@code journal}, its lease acquisitions and losses also told to {@code listener} (serve's /metrics). */
    public static Journal observed(Journal journal, LeaseListener listener) {
        return new ObservedJournal(journal, listener);
    }
}
