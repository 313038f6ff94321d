package dev.fleetops.cli.events;

import dev.fleetops.cli.CliRun;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.events.Intake;
import dev.fleetops.events.MessageFate;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.source.InputError;
import dev.fleetops.testing.DynamoDbLocal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code fleetops serve} with its idempotency keys and decommission inventory in DynamoDB (DynamoDB Local). */
class ServeSharedStoresTest {

    @TempDir
    Path dir;

    private static DynamoDbLocal dynamo;

    /** Starts (or skips the test, saying why) DynamoDB Local only for the tests that talk to it. */
    private String endpoint() {
        dynamo = DynamoDbLocal.shared();
        return "http://127.0.0.1:" + dynamo.port();
    }

    @Test
    void tablesAreReadFromTheConfig() throws Exception {
        ServeConfig c = read("""
                rules: rules.yaml
                bus: true
                idempotency: {event-ttl: 1h, dynamodb-table: fleetops-idempotency, create-table: true}
                inventory: {dynamodb-table: fleetops-inventory, endpoint: 'http://127.0.0.1:8000'}
                """);
        assertThat(c.idempotencyTable().orElseThrow().table()).isEqualTo("fleetops-idempotency");
        assertThat(c.idempotencyTable().orElseThrow().createTable()).isTrue();
        assertThat(c.inventoryTable().orElseThrow().endpoint().orElseThrow()).hasToString("http://127.0.0.1:8000");
        assertThat(c.inventoryTable().orElseThrow().createTable()).isFalse();
        assertThat(read("rules: r.yaml\nbus: true\n").idempotencyTable()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "idempotency: {create-table: true}|serve.yaml:3:29: idempotency.create-table: create-table needs dynamodb-table",
            "inventory: {}|serve.yaml:3:12: inventory: inventory: dynamodb-table is required",
            "inventory: {dynamodb-table: 'a b'}|serve.yaml:3:29: inventory.dynamodb-table: 'a b' is not a DynamoDB table name",
            "inventory: {dynamodb-table: ab}|is not a DynamoDB table name (3-255 of a-z, A-Z, 0-9, _ - .)",
            "inventory: {dynamodb-table: inv, endpoint: localhost:8000}|inventory.endpoint: endpoint: expected an http(s) URL",
            "inventory: {dynamodb-table: inv, createTable: true}|unknown field 'createTable'",
            "idempotency: {dynamodb-table: idem, create-table: maybe}|idempotency.create-table"})
    void badTableSettingsNameFileAndLine(String yaml, String message) {
        assertThatThrownBy(() -> read("rules: r.yaml\nbus: true\n" + yaml + "\n"))
                .isInstanceOf(InputError.class).hasMessageContaining(message);
    }

    @Test
    void aMissingTableWithoutCreateTableIsExit2AtItsLine() throws Exception {
        rules("handler: log");
        Path cfg = config("idempotency: {dynamodb-table: not-there, endpoint: '" + endpoint() + "'}");
        CliRun r = CliRun.of("serve", "--store", dir.resolve("store").toString(), "--config", cfg.toString(), "--for", "1m", "--scenario-param", "size=1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(cfg + ":3:31: idempotency.dynamodb-table: DynamoDB table not-there does not exist "
                + "(create it with partition key Key (S), or set create-table: true)").doesNotContain("Exception");
    }

    @Test
    void onTheSimulatorATableNeedsAnEndpoint() throws Exception {
        rules("handler: log");
        Path cfg = config("inventory: {dynamodb-table: inv-x}");
        CliRun r = CliRun.of("serve", "--store", dir.resolve("store").toString(), "--config", cfg.toString(), "--for", "1m");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(cfg + ":3:29: inventory.dynamodb-table: the simulator has no DynamoDB");
    }

    @Test
    void aRuleWithItsOwnInventoryFileConflictsWithTheSharedInventory() throws Exception {
        rules("""
                handler: decommission
                    settings: {inventory-file: inv.json, route53: {zone-id: Z1}}""");
        Path cfg = config("inventory: {dynamodb-table: inv-conflict, create-table: true, endpoint: '" + endpoint() + "'}");
        CliRun r = CliRun.of("serve", "--store", dir.resolve("store").toString(), "--config", cfg.toString(), "--for", "1m");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("rules.yaml:5:32: rules[0].settings.inventory-file: the inventory is a shared DynamoDB table "
                + "(serve config): remove inventory-file");
    }

    @Test
    void serveStartsWithTablesItCreates() throws Exception {
        rules("""
                handler: decommission
                    settings: {route53: {zone-id: Z0000000000000000001}}""");
        Path cfg = config("idempotency: {dynamodb-table: serve-keys, create-table: true, endpoint: '" + endpoint() + "'}\n"
                + "inventory: {dynamodb-table: serve-inventory, create-table: true, endpoint: '" + endpoint() + "'}");
        CliRun r = CliRun.of("serve", "--store", dir.resolve("store").toString(), "--config", cfg.toString(), "--for", "1m", "--scenario-param", "size=1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(dynamo.client().listTables().join().tableNames()).contains("serve-keys", "serve-inventory");
        assertThat(dynamo.client().describeTable(b -> b.tableName("serve-keys")).join().table().billingModeSummary()
                .billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    }

    /**
     * Two daemons as {@code serve} wires them (stores from the config, the intake over them) on one region: the
     * first captures an instance into the shared inventory; the redelivery to the second does nothing new; the
     * second sees the capture.
     */
    @Test
    void twoReplicasShareTheirKeysAndTheirInventory() throws Exception {
        rules("""
                handler: decommission
                    settings: {route53: {zone-id: Z0000000000000000001}}""");
        ServeConfig cfg = ServeConfig.read(config(
                "idempotency: {dynamodb-table: replica-keys, create-table: true, endpoint: '" + endpoint() + "'}\n"
                + "inventory: {dynamodb-table: replica-inventory, create-table: true, endpoint: '" + endpoint() + "'}"),
                Map.<String, String>of()::get);
        SimRegion region = Scenarios.start(Scenarios.load("web", Map.of("size", "2")));
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        String id = region.scheduler().await(region.cloud().ec2().describeInstances(b -> { }), Duration.ofMinutes(1))
                .reservations().get(0).instances().get(0).instanceId();
        String running = Files.readString(Path.of("../examples/events/seed002-terminated.json"))
                .replace("i-abcd1111", id).replace("\"terminated\"", "\"running\"");
        GlobalOptions g = new GlobalOptions();
        try (SharedStores a = SharedStores.open(cfg, g, "us-east-1", true, region.scheduler());
             SharedStores b = SharedStores.open(cfg, g, "us-east-1", true, region.scheduler())) {
            Intake replicaA = SimIntake.build(cfg.rules(), region.cloud(), null,
                    cfg.idempotency(), a.idempotency(), a.inventory());
            Intake replicaB = SimIntake.build(cfg.rules(), region.cloud(), null,
                    cfg.idempotency(), b.idempotency(), b.inventory());
            MessageFate first = region.scheduler().await(replicaA.submit("sqs", running), Duration.ofMinutes(1));
            MessageFate again = region.scheduler().await(replicaB.submit("sqs", running), Duration.ofMinutes(1));
            assertThat(((MessageFate.Handled) first).records().get(0).notes()).anyMatch(n -> n.startsWith("captured " + id));
            assertThat(((MessageFate.Handled) again).records().get(0).notes()).contains("duplicate: event 7bf73129-1428-4cd3-a780-95db273d1602 was already handled by rule states; nothing new done");
            assertThat(b.inventory().orElseThrow().get(id)).isPresent();
        }
        Map<String, AttributeValue> key = dynamo.client().getItem(r -> r.tableName("replica-keys")
                .key(Map.of("Key", AttributeValue.fromS("event:7bf73129-1428-4cd3-a780-95db273d1602#states")))).join().item();
        assertThat(key.get("Done").bool()).isTrue();
        assertThat(dynamo.client().describeTimeToLive(r -> r.tableName("replica-keys")).join().timeToLiveDescription()
                .timeToLiveStatusAsString()).as("no TTL on the simulator: virtual time is not DynamoDB's clock").isIn("DISABLED", null);
    }

    /**
     * Replicas on one SQS queue that cannot coordinate are warned about loudly (issue 10: "refuse to start as
     * competing consumers, or warn loudly"; a second serve on one --store is refused by its lock, ServeKillTest):
     * local keys, or shared keys with a local journal (a redelivery to another replica would not find the run).
     */
    @Test
    void replicasOnAQueueWithoutASharedJournalOrSharedKeysAreWarnedAbout() throws Exception {
        ServeConfig queue = read("""
                rules: rules.yaml
                sqs:
                  - queue-url: https://sqs.us-east-1.amazonaws.com/123456789012/events
                """);
        Path store = dir.resolve("store");
        assertThat(ServeCommand.singleConsumerWarning(queue, false, false, store)).hasValueSatisfying(w -> assertThat(w)
                .startsWith("the idempotency keys are in the local store " + store + ", which supports one consumer")
                .contains("--table NAME"));
        assertThat(ServeCommand.singleConsumerWarning(queue, false, true, store)).hasValueSatisfying(w -> assertThat(w)
                .startsWith("the idempotency keys are in the local store"));
        assertThat(ServeCommand.singleConsumerWarning(queue, true, false, store)).hasValueSatisfying(w -> assertThat(w)
                .startsWith("the journal is in the local store " + store + " while the idempotency keys are shared")
                .contains("could act twice").contains("share the journal too (--table NAME"));
        assertThat(ServeCommand.singleConsumerWarning(queue, true, true, store)).as("keys and journal shared").isEmpty();
        assertThat(ServeCommand.singleConsumerWarning(read("rules: rules.yaml\nbus: true\n"), false, false, store))
                .as("no queue, no competing consumer").isEmpty();
    }

    private ServeConfig read(String yaml) throws Exception {
        Path f = dir.resolve("serve.yaml");
        Files.writeString(f, yaml);
        return ServeConfig.read(f, Map.<String, String>of()::get);
    }

    private void rules(String handler) throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - name: states
                    pattern: {source: [aws.ec2], detail-type: [EC2 Instance State-change Notification]}
                    %s
                """.formatted(handler));
    }

    private Path config(String stores) throws Exception {
        Path cfg = dir.resolve("serve.yaml");
        Files.writeString(cfg, "rules: rules.yaml\nbus: true\n" + stores + "\n");
        return cfg;
    }
}
