package dev.fleetops.events;

import dev.fleetops.cloud.dynamodb.DynamoDbTable;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.time.Scheduler;

/**
 * The {@link IdempotencyStore}s fleetops ships: one process's memory, an SQLite file of one machine (durable), or a
 * DynamoDB table several replicas share.
 */
public final class IdempotencyStores {

    /** The DynamoDB table's partition key (S). */
    public static final String KEY = DynamoDbIdempotencyStore.KEY;
    /** The DynamoDB table's TTL attribute (N, epoch seconds). */
    public static final String TTL_ATTRIBUTE = DynamoDbIdempotencyStore.TTL_ATTRIBUTE;

    private IdempotencyStores() { }

    /** A concurrent map with expiry on the scheduler's clock. */
    public static IdempotencyStore inMemory(Scheduler scheduler) {
        return new InMemoryIdempotencyStore(scheduler);
    }

    /**
     * The durable keys of one machine: {@code directory}/idempotency.db (SQLite, WAL), created when missing. With
     * {@code soleConsumer} (the caller holds the store's lock, so no live process shares it) claims left in progress
     * by a process that died are ended at once, so their events are handled again on the next delivery.
     */
    public static IdempotencyStore sqlite(java.nio.file.Path directory, Scheduler scheduler, boolean soleConsumer) {
        SqliteIdempotencyStore store = new SqliteIdempotencyStore(directory, scheduler);
        if (soleConsumer) store.takeOverClaims();
        return store;
    }

    /** Conditional writes on {@code table} (partition key {@link #KEY}); see the implementation for the item shape. */
    public static IdempotencyStore dynamoDb(DynamoDbTable table, Scheduler scheduler) {
        return new DynamoDbIdempotencyStore(table, scheduler);
    }

    /**
     * The same, each claim marked with {@code process} (this process's {@code host:pid:start}); a claim whose
     * process {@code gone} says is dead is taken at once (a restart on the same host need not wait a lease).
     */
    public static IdempotencyStore dynamoDb(DynamoDbTable table, Scheduler scheduler, String process,
                                            java.util.function.Predicate<String> gone) {
        return new DynamoDbIdempotencyStore(table, scheduler, process, gone);
    }
}
