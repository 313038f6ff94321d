package dev.fleetops.journal;

import dev.fleetops.cloud.dynamodb.DynamoDbTable;
import dev.fleetops.testing.DynamoDbLocal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

import java.util.Optional;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract on DynamoDB Local (in-process, in memory; skipped with a message when it cannot run here, failed
 * in CI with FLEETOPS_REQUIRE_DYNAMODB_LOCAL=1), each test on its own tables, plus what only shared tables show:
 * two replicas (two clients, two journals) on one set of tables.
 */
class DynamoDbJournalTest extends JournalContract {

    private static DynamoDbLocal dynamo;
    private static DynamoDbAsyncClient otherClient;
    private static int prefixes;

    private String prefix;

    @BeforeEach
    void freshTables() {
        if (dynamo == null) {
            dynamo = DynamoDbLocal.shared();
            otherClient = dynamo.newClient(); // the second replica's own connection; lives as long as the JVM
        }
        prefix = "journal-" + (++prefixes);
    }

    /** 1,000 rather than 10,000: DynamoDB Local takes most of a second per 100-item transaction on a shared machine. */
    @Override
    protected int queuedAppends() {
        return 1_000;
    }

    @Override
    protected int readsAtOnce() {
        return DynamoDbBackend.IN_FLIGHT;
    }

    @Override
    protected Journal openStore(Executor callbacks) {
        return Journals.dynamoDb(dynamo.client(), prefix, true, scheduler, callbacks);
    }

    @Test
    void aReplicaThatLostItsLeaseCannotAppendThroughItsOwnConnection() {
        Journal a = journal();
        Journal b = Journals.dynamoDb(otherClient, prefix, false, scheduler, Runnable::run);
        try {
            Lease la = join(a.leases().acquire("exec-1", "replica-a")).orElseThrow();
            join(a.append("exec-1", la.token(), started("Doc")));
            assertThat(join(b.leases().acquire("exec-1", "replica-b"))).isEmpty();
            scheduler.runFor(Leases.DEFAULT_TTL);
            assertThat(join(b.leases().takeable())).extracting(Lease::resource).containsExactly("exec-1");
            Lease lb = join(b.leases().acquire("exec-1", "replica-b")).orElseThrow();

            assertThat(failure(a.append("exec-1", la.token(), intent("s", 1))))
                    .hasMessage("fenced: exec-1 is leased with token 2; a write with token 1 is stale");
            assertThat(join(b.append("exec-1", lb.token(), intent("s", 1)))).isEqualTo(2);
            assertThat(join(a.history("exec-1"))).extracting(Recorded::sequence).containsExactly(1L, 2L);
            assertThat(join(a.open())).extracting(OpenExecution::executionId).containsExactly("exec-1");
        } finally {
            b.close();
        }
    }

    @Test
    void missingTablesAreNamedWithTheKeysTheyNeedAndTheLinesThatCreateThem() {
        assertThatThrownBy(() -> Journals.dynamoDb(dynamo.client(), "absent", false, scheduler, Runnable::run))
                .isInstanceOfSatisfying(MissingTableException.class, e -> assertThat(e.tables())
                        .containsExactly("absent-executions", "absent-entries", "absent-leases", "absent-inbox"))
                .hasMessageStartingWith("DynamoDB table absent-executions does not exist; the journal needs it with ExecutionId (S) as partition key alone; "
                        + "DynamoDB table absent-entries does not exist; the journal needs it with ExecutionId (S) as partition key and Seq (N) as sort key; ")
                .hasMessageContaining("Create them with:\n  aws dynamodb create-table --table-name absent-executions"
                        + " --attribute-definitions AttributeName=ExecutionId,AttributeType=S --key-schema AttributeName=ExecutionId,KeyType=HASH"
                        + " --billing-mode PAY_PER_REQUEST\n")
                .hasMessageContaining("aws dynamodb create-table --table-name absent-entries --attribute-definitions"
                        + " AttributeName=ExecutionId,AttributeType=S AttributeName=Seq,AttributeType=N --key-schema"
                        + " AttributeName=ExecutionId,KeyType=HASH AttributeName=Seq,KeyType=RANGE --billing-mode PAY_PER_REQUEST");
    }

    @Test
    void aTableWithOtherKeysIsNamedWithTheKeysItNeeds() {
        new DynamoDbTable(dynamo.client(), prefix + "-entries", "Id").createIfMissing(Optional.empty());
        assertThatThrownBy(() -> Journals.dynamoDb(dynamo.client(), prefix, true, scheduler, Runnable::run))
                .isInstanceOf(StoreException.class)
                .hasMessage("DynamoDB table " + prefix + "-entries has Id (S) as partition key; the journal needs ExecutionId (S) as "
                        + "partition key and Seq (N) as sort key");
    }
}
