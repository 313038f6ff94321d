package dev.fleetops.events;

import dev.fleetops.events.spi.IdempotencyStore;

/** The contract on the single-process store: its "second replica" is itself (one process, one map). */
class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {

    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(scheduler);

    @Override
    protected IdempotencyStore store() {
        return store;
    }

    @Override
    protected IdempotencyStore secondReplica() {
        return store;
    }
}
