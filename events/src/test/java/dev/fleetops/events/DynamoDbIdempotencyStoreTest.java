package dev.fleetops.events;

import dev.fleetops.cloud.dynamodb.DynamoDbStoreException;
import dev.fleetops.cloud.dynamodb.DynamoDbTable;
import dev.fleetops.events.spi.IdempotencyStore.Claim;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.testing.DynamoDbLocal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.fleetops.events.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared store against DynamoDB Local (in-process, in memory): the store contract, then what only a shared
 * store can show: two replicas (two clients, two store instances, one table).
 */
class DynamoDbIdempotencyStoreTest extends IdempotencyStoreContract {

    private static DynamoDbLocal dynamo;
    private static DynamoDbAsyncClient otherClient;
    private static int tables;

    private String table;
    private DynamoDbIdempotencyStore replicaA;
    private DynamoDbIdempotencyStore replicaB;

    @BeforeEach
    void freshTable() {
        if (dynamo == null) {
            dynamo = DynamoDbLocal.shared();
            otherClient = dynamo.newClient(); // the second replica's own connection; lives as long as the JVM
        }
        table = "fleetops-idempotency-" + (++tables);
        DynamoDbTable t = new DynamoDbTable(dynamo.client(), table, DynamoDbIdempotencyStore.KEY);
        assertThat(t.createIfMissing(Optional.of(DynamoDbIdempotencyStore.TTL_ATTRIBUTE))).isTrue();
        assertThat(t.createIfMissing(Optional.of(DynamoDbIdempotencyStore.TTL_ATTRIBUTE))).as("already there").isFalse();
        assertThat(dynamo.client().describeTimeToLive(b -> b.tableName(table)).join().timeToLiveDescription().attributeName())
                .isEqualTo("ExpiresAt");
        replicaA = new DynamoDbIdempotencyStore(dynamo.client(), table, scheduler);
        replicaB = new DynamoDbIdempotencyStore(otherClient, table, scheduler);
    }

    /**
     * DynamoDB Local runs TTL deletion on the real clock: with virtual time in the past it would delete every item
     * at once. A day ahead of real time, only the store's own expiry check (virtual time) decides.
     */
    @Override
    protected Instant start() {
        return Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    protected IdempotencyStore store() {
        return replicaA;
    }

    @Override
    protected IdempotencyStore secondReplica() {
        return replicaB;
    }

    @Test
    void manyWorkersOnTwoReplicasRaceForOneKeyAndExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Claim>> claims = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                IdempotencyStore s = i % 2 == 0 ? replicaA : replicaB;
                String owner = "event-" + i;
                claims.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return s.claim("action:i-race:drain", owner, Duration.ofMinutes(5));
                }, pool));
            }
            go.countDown();
            List<Claim> results = claims.stream().map(CompletableFuture::join).toList();
            assertThat(results).filteredOn(c -> c == Claim.CLAIMED).hasSize(1);
            assertThat(results).filteredOn(c -> c == Claim.IN_PROGRESS).hasSize(15);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A restart on the same host takes the claims its dead predecessor held at once, not one lease later; a live
     * process's claims, a done key, and claims of an older version without a process stay as they are.
     */
    @Test
    void aDeadProcessesClaimsAreTakenAtOnceByItsRestart() {
        java.util.Set<String> dead = new java.util.HashSet<>();
        DynamoDbTable t = new DynamoDbTable(dynamo.client(), table, DynamoDbIdempotencyStore.KEY);
        IdempotencyStore first = new DynamoDbIdempotencyStore(t, scheduler, "host:100:1", dead::contains);
        IdempotencyStore other = new DynamoDbIdempotencyStore(t, scheduler, "host:200:1", dead::contains);
        IdempotencyStore restart = new DynamoDbIdempotencyStore(t, scheduler, "host:300:1", dead::contains);
        assertThat(first.claim("event:spot-1#spot", "spot-1", Duration.ofSeconds(30))).isEqualTo(Claim.CLAIMED);
        assertThat(first.claim("event:spot-2#spot", "spot-2", Duration.ofSeconds(30))).isEqualTo(Claim.CLAIMED);
        first.complete("event:spot-2#spot", Duration.ofHours(1));
        assertThat(other.claim("event:spot-3#spot", "spot-3", Duration.ofSeconds(30))).isEqualTo(Claim.CLAIMED);
        assertThat(replicaA.claim("event:spot-4#spot", "spot-4", Duration.ofSeconds(30))).isEqualTo(Claim.CLAIMED);

        assertThat(restart.claim("event:spot-1#spot", "spot-1", Duration.ofSeconds(30))).as("alive: waits")
                .isEqualTo(Claim.IN_PROGRESS);
        dead.add("host:100:1"); // killed -9
        assertThat(restart.claim("event:spot-1#spot", "spot-1", Duration.ofSeconds(30))).as("dead: taken at once")
                .isEqualTo(Claim.CLAIMED);
        assertThat(restart.claim("event:spot-2#spot", "spot-2", Duration.ofSeconds(30))).as("done stays done")
                .isEqualTo(Claim.DONE);
        assertThat(restart.claim("event:spot-3#spot", "spot-3", Duration.ofSeconds(30))).as("another, live process's")
                .isEqualTo(Claim.IN_PROGRESS);
        assertThat(restart.claim("event:spot-4#spot", "spot-4", Duration.ofSeconds(30))).as("no process recorded")
                .isEqualTo(Claim.IN_PROGRESS);
        assertThat(first.renew("event:spot-1#spot", Duration.ofSeconds(30))).as("the dead one's token is fenced off").isFalse();
        restart.complete("event:spot-1#spot", Duration.ofHours(1));
        assertThat(other.claim("event:spot-1#spot", "spot-1", Duration.ofSeconds(30))).isEqualTo(Claim.DONE);
    }

    @Test
    void aReplicaWhoseClaimExpiredCannotReleaseOrCompleteTheNewOwnersClaim() {
        assertThat(replicaA.claim("action:i-3:drain", "spot-1", Duration.ofMinutes(2))).isEqualTo(Claim.CLAIMED);
        scheduler.runFor(Duration.ofMinutes(3)); // A stalled past its time to live
        assertThat(replicaB.claim("action:i-3:drain", "spot-1", Duration.ofMinutes(5))).isEqualTo(Claim.CLAIMED);
        replicaA.release("action:i-3:drain");
        assertThat(replicaA.owner("action:i-3:drain")).as("B's claim survives A's late release").contains("spot-1");
        assertThat(replicaA.claim("action:i-3:drain", "x", Duration.ofMinutes(5))).isEqualTo(Claim.IN_PROGRESS);
        replicaB.release("action:i-3:drain");
        assertThat(replicaA.claim("action:i-3:drain", "x", Duration.ofMinutes(5))).isEqualTo(Claim.CLAIMED);
    }

    @Test
    void aRedeliveryToTheOtherReplicaCausesNothingNew() {
        DrainCounter counter = new DrainCounter();
        PrometheusMetrics metrics = new PrometheusMetrics();
        List<String> log = new ArrayList<>();
        Intake a = Fixtures.intake(scheduler, counter, metrics, log, replicaA);
        Intake b = Fixtures.intake(scheduler, counter, metrics, log, replicaB);
        MessageFate first = scheduler.await(a.submit("sqs", SPOT), Duration.ofMinutes(1));
        MessageFate again = scheduler.await(b.submit("sqs", SPOT), Duration.ofMinutes(1));
        MessageFate rebalance = scheduler.await(b.submit("sqs", REBALANCE), Duration.ofMinutes(1));
        assertThat(counter.drained).containsExactly("i-1234567890abcdef0");
        assertThat(List.of(first, again, rebalance)).allSatisfy(o -> assertThat(o.disposition()).isEqualTo(MessageFate.Disposition.DELETE));
        assertThat(((MessageFate.Handled) again).records().get(0).notes())
                .containsExactly("duplicate: event spot-1 was already handled by rule interruption; nothing new done");
        assertThat(((MessageFate.Handled) rebalance).records().get(0).notes())
                .containsExactly("duplicate action (i-1234567890abcdef0, drain): done for event spot-1; nothing new done");
    }

    @Test
    void aFailureOnOneReplicaIsReleasedSoTheOtherRetries() {
        DrainCounter counter = new DrainCounter();
        PrometheusMetrics metrics = new PrometheusMetrics();
        List<String> log = new ArrayList<>();
        counter.failuresLeft.set(1);
        MessageFate failed = scheduler.await(Fixtures.intake(scheduler, counter, metrics, log, replicaA).submit("sqs", SPOT), Duration.ofMinutes(1));
        MessageFate retried = scheduler.await(Fixtures.intake(scheduler, counter, metrics, log, replicaB).submit("sqs", SPOT), Duration.ofMinutes(1));
        assertThat(failed.disposition()).isEqualTo(MessageFate.Disposition.RETRY);
        assertThat(retried.disposition()).isEqualTo(MessageFate.Disposition.DELETE);
        assertThat(counter.drained).containsExactly("i-1234567890abcdef0");
    }

    @Test
    void aMissingTableOrOneWithAnotherKeyIsNamedInTheError() {
        assertThatThrownBy(() -> new DynamoDbTable(dynamo.client(), "no-such-table", DynamoDbIdempotencyStore.KEY).requireExists())
                .isInstanceOf(DynamoDbStoreException.class)
                .hasMessage("DynamoDB table no-such-table does not exist (create it with partition key Key (S), or set create-table: true)");
        new DynamoDbTable(dynamo.client(), "other-key-" + table, "Id").createIfMissing(Optional.empty());
        assertThatThrownBy(() -> new DynamoDbTable(dynamo.client(), "other-key-" + table, DynamoDbIdempotencyStore.KEY).requireExists())
                .hasMessage("DynamoDB table other-key-" + table + " has partition key Id; this store needs Key (S) alone");
    }
}
