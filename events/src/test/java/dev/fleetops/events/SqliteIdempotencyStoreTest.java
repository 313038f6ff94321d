package dev.fleetops.events;

import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.events.spi.IdempotencyStore.Claim;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract on the durable SQLite keys, plus what only a durable store does: keys outlive the process. */
class SqliteIdempotencyStoreTest extends IdempotencyStoreContract {

    @TempDir
    Path dir;

    private SqliteIdempotencyStore store;

    @Override
    protected IdempotencyStore store() {
        if (store == null) store = new SqliteIdempotencyStore(dir, scheduler);
        return store;
    }

    @Override
    protected IdempotencyStore secondReplica() {
        return store();
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    @Test
    void aCompletedKeyIsStillDoneWhenTheStoreIsOpenedAgain() {
        store().claim("event:e1#spot", "e1", Duration.ofSeconds(30));
        store().complete("event:e1#spot", Duration.ofDays(1));
        store.close();
        store = new SqliteIdempotencyStore(dir, scheduler);
        assertThat(store.claim("event:e1#spot", "e1", Duration.ofSeconds(30))).isEqualTo(Claim.DONE);
    }

    @Test
    void aDeadProcesssClaimIsTakenOverAtOnceByTheNextSoleConsumerAndItsLateWritesAreFenced() {
        SqliteIdempotencyStore dead = new SqliteIdempotencyStore(dir, scheduler);
        assertThat(dead.claim("action:i-1:drain", "e1", Duration.ofSeconds(30))).isEqualTo(Claim.CLAIMED);
        SqliteIdempotencyStore next = (SqliteIdempotencyStore) IdempotencyStores.sqlite(dir, scheduler, true);
        assertThat(next.claim("action:i-1:drain", "e2", Duration.ofSeconds(30))).isEqualTo(Claim.CLAIMED);
        assertThat(dead.renew("action:i-1:drain", Duration.ofSeconds(30))).as("the old claim's heartbeat is fenced").isFalse();
        dead.complete("action:i-1:drain", Duration.ofHours(6));
        assertThat(next.owner("action:i-1:drain")).contains("e2");
        assertThat(next.claim("action:i-1:drain", "e3", Duration.ofSeconds(30))).as("the stale complete changed nothing")
                .isEqualTo(Claim.IN_PROGRESS);
        dead.close();
        next.close();
    }

}
