package dev.fleetops.events;

import dev.fleetops.cloud.dynamodb.DynamoDbTable;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.time.Scheduler;

/** The {@link IdempotencyStore}s fleetops ships: one process's memory, or a DynamoDB table several replicas share. */
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

    /** Conditional writes on {@code table} (partition key {@link #KEY}); see the implementation for the item shape. */
    public static IdempotencyStore dynamoDb(DynamoDbTable table, Scheduler scheduler) {
        return new DynamoDbIdempotencyStore(table, scheduler);
    }
}
