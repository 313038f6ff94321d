package dev.fleetops.cli.common;

import dev.fleetops.cli.CliRun;
import dev.fleetops.cloud.dynamodb.DynamoDbTable;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.testing.DynamoDbLocal;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --table NAME}: the DynamoDB journal on the CLI, against DynamoDB Local (--cloud aws --endpoint-url, every client of
 * the session pointed at it): runs journaled there and recover reading them; missing tables are the environment's (exit 3, with
 * the lines that create them); a table with other keys is the user's (exit 2, nothing created); not with --store.
 */
class JournalTableTest {

    @TempDir
    Path dir;

    DynamoDbLocal dynamo;
    String url;
    String prefix;
    Path doc;

    @BeforeEach
    void dynamoDbLocal() throws Exception {
        dynamo = DynamoDbLocal.shared();
        // the SDK's default credentials chain reads these first (as MotoServer does); DynamoDB Local takes any pair
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        url = "http://127.0.0.1:" + dynamo.port();
        prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
        doc = dir.resolve("Nap.yaml");
        Files.writeString(doc, """
                schemaVersion: '0.3'
                mainSteps:
                  - {name: Nap, action: 'aws:sleep', inputs: {Duration: PT1S}}
                """);
    }

    @Test
    void aRunIsJournaledInTheTablesAndRecoverReadsThem() {
        Journals.dynamoDb(dynamo.client(), prefix, true, new VirtualScheduler(), Runnable::run).close();
        CliRun r = CliRun.of("--cloud", "aws", "--region", "us-east-1", "--endpoint-url", url, "run", doc.toString(), "--table", prefix);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(dynamo.client().scan(b -> b.tableName(prefix + "-executions")).join().count()).as("one execution").isEqualTo(1);
        try (Journal journal = Journals.dynamoDb(dynamo.client(), prefix, false, new VirtualScheduler(), Runnable::run)) {
            assertThat(journal.open().toCompletableFuture().join()).as("it ended").isEmpty();
        }
        CliRun rec = CliRun.of("--cloud", "aws", "--region", "us-east-1", "--endpoint-url", url, "recover", "--table", prefix);
        assertThat(rec.exitCode()).as(rec.err()).isZero();
        assertThat(rec.out()).contains("nothing to recover");
    }

    @Test
    void missingTablesExitThreeWithTheLinesThatCreateThem() {
        for (String[] command : new String[][] {{"run", doc.toString()}, {"recover"},
                {"window", "run", Path.of("..", "examples", "windows", "healthcheck-web.yaml").toString()},
                {"wait", "first-ready", "--asg", "web"}}) {
            String[] args = new String[command.length + 8];
            String[] global = {"--cloud", "aws", "--region", "us-east-1", "--endpoint-url", url};
            System.arraycopy(global, 0, args, 0, global.length);
            System.arraycopy(command, 0, args, global.length, command.length);
            args[args.length - 2] = "--table";
            args[args.length - 1] = prefix;
            CliRun r = CliRun.of(args);
            assertThat(r.exitCode()).as(String.join(" ", command) + ": " + r.err()).isEqualTo(3);
            assertThat(r.err()).contains("--table " + prefix + ": DynamoDB table " + prefix + "-executions does not exist")
                    .contains("aws dynamodb create-table --table-name " + prefix + "-entries --attribute-definitions"
                            + " AttributeName=ExecutionId,AttributeType=S AttributeName=Seq,AttributeType=N")
                    .doesNotContain("Exception");
        }
        assertThat(dynamo.client().listTables().join().tableNames()).noneMatch(t -> t.startsWith(prefix));
    }

    @Test
    void aTableWithOtherKeysExitsTwoNamingItAndTheSchemaAndNothingIsCreated() {
        new DynamoDbTable(dynamo.client(), prefix + "-executions", "Id").createIfMissing(Optional.empty());
        CliRun r = CliRun.of("--cloud", "aws", "--region", "us-east-1", "--endpoint-url", url, "run", doc.toString(), "--table", prefix);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("DynamoDB table " + prefix + "-executions has Id (S) as partition key;"
                + " the journal needs ExecutionId (S) as partition key alone").doesNotContain("Exception");
        assertThat(dynamo.client().listTables().join().tableNames()).filteredOn(t -> t.startsWith(prefix))
                .containsExactly(prefix + "-executions");
    }

    @Test
    void storeAndTableTogetherAreAUsageError() {
        CliRun r = CliRun.of("--cloud", "aws", "--region", "us-east-1", "--endpoint-url", url, "run", doc.toString(), "--table", prefix, "--store", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--store and --table name two journals: give one");
    }

    @Test
    void onTheSimulatorTheTableIsRefusedWithWhatToDoInstead() {
        CliRun r = CliRun.of("run", doc.toString(), "--table", prefix);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--table needs --cloud aws: the simulator has no DynamoDB").contains("--store DIR");
    }
}
