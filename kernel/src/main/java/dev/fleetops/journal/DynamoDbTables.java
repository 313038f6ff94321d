package dev.fleetops.journal;

import dev.fleetops.cloud.dynamodb.DynamoDbStoreException;
import dev.fleetops.cloud.dynamodb.DynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** The journal's four DynamoDB tables: their names and keys, checked (or created) when the journal opens. */
record DynamoDbTables(DynamoDbAsyncClient client, String executions, String entries, String leases, String inbox) {

    static final String EXECUTION_ID = "ExecutionId";
    static final String SEQ = "Seq";
    static final String RESOURCE = "Resource";
    static final String EVENT_ID = "EventId";

    /** A key attribute: its name and DynamoDB type (S or N). */
    private record Key(String name, ScalarAttributeType type) {
        @Override
        public String toString() {
            return name + " (" + type + ")";
        }
    }

    static DynamoDbTables open(DynamoDbAsyncClient client, String prefix, boolean create) {
        DynamoDbTables t = new DynamoDbTables(client, prefix + "-executions", prefix + "-entries", prefix + "-leases", prefix + "-inbox");
        List<String> missing = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        t.ensure(t.executions, new Key(EXECUTION_ID, ScalarAttributeType.S), null, create, missing, lines);
        t.ensure(t.entries, new Key(EXECUTION_ID, ScalarAttributeType.S), new Key(SEQ, ScalarAttributeType.N), create, missing, lines);
        t.ensure(t.leases, new Key(RESOURCE, ScalarAttributeType.S), null, create, missing, lines);
        t.ensure(t.inbox, new Key(EVENT_ID, ScalarAttributeType.S), null, create, missing, lines);
        if (!missing.isEmpty()) {
            throw new MissingTableException(missing, String.join("; ", lines) + ". Create "
                    + (missing.size() == 1 ? "it" : "them") + " with:\n  " + String.join("\n  ", missing.stream()
                    .map(DynamoDbTables::createLine).toList()));
        }
        return t;
    }

    /** The AWS CLI line that creates {@code table} as the journal needs it (on-demand billing, as createTables does). */
    private static String createLine(String table) {
        String[] keys = table.endsWith("-entries") ? new String[] {EXECUTION_ID, "S", SEQ, "N"}
                : table.endsWith("-executions") ? new String[] {EXECUTION_ID, "S"}
                : table.endsWith("-leases") ? new String[] {RESOURCE, "S"} : new String[] {EVENT_ID, "S"};
        StringBuilder defs = new StringBuilder();
        StringBuilder schema = new StringBuilder();
        for (int i = 0; i < keys.length; i += 2) {
            defs.append(" AttributeName=").append(keys[i]).append(",AttributeType=").append(keys[i + 1]);
            schema.append(" AttributeName=").append(keys[i]).append(",KeyType=").append(i == 0 ? "HASH" : "RANGE");
        }
        return "aws dynamodb create-table --table-name " + table + " --attribute-definitions" + defs
                + " --key-schema" + schema + " --billing-mode PAY_PER_REQUEST";
    }

    /** Waits for one call on {@code table} (bounded, see DynamoDbTable); store failures become StoreException. */
    <T> T call(String table, String operation, CompletableFuture<T> call) {
        return call(table, operation, call, DynamoDbTable.DEFAULT_TIMEOUT);
    }

    <T> T call(String table, String operation, CompletableFuture<T> call, Duration timeout) {
        try {
            return new DynamoDbTable(client, table, "-", timeout).call(operation, call);
        } catch (DynamoDbStoreException e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    private void ensure(String table, Key hash, Key range, boolean create, List<String> missing, List<String> lines) {
        String expected = hash + " as partition key" + (range == null ? " alone" : " and " + range + " as sort key");
        TableDescription d;
        try {
            d = call(table, "DescribeTable", client.describeTable(b -> b.tableName(table))).table();
        } catch (ResourceNotFoundException absent) {
            if (!create) {
                missing.add(table);
                lines.add("DynamoDB table " + table + " does not exist; the journal needs it with " + expected);
                return;
            }
            create(table, hash, range);
            return;
        }
        Map<String, ScalarAttributeType> types = d.attributeDefinitions().stream()
                .collect(Collectors.toMap(AttributeDefinition::attributeName, AttributeDefinition::attributeType));
        List<String> actual = new ArrayList<>();
        for (KeySchemaElement k : d.keySchema()) {
            actual.add(new Key(k.attributeName(), types.get(k.attributeName())) + " as " + (k.keyType() == KeyType.HASH ? "partition" : "sort") + " key");
        }
        List<String> wanted = new ArrayList<>(List.of(hash + " as partition key"));
        if (range != null) wanted.add(range + " as sort key");
        if (!actual.equals(wanted)) {
            throw new StoreException("DynamoDB table " + table + " has " + String.join(" and ", actual) + "; the journal needs " + expected);
        }
    }

    private void create(String table, Key hash, Key range) {
        List<AttributeDefinition> attributes = new ArrayList<>(List.of(definition(hash)));
        List<KeySchemaElement> keys = new ArrayList<>(List.of(KeySchemaElement.builder().attributeName(hash.name()).keyType(KeyType.HASH).build()));
        if (range != null) {
            attributes.add(definition(range));
            keys.add(KeySchemaElement.builder().attributeName(range.name()).keyType(KeyType.RANGE).build());
        }
        try {
            call(table, "CreateTable", client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attributes).keySchema(keys)));
        } catch (ResourceInUseException raced) {
            // another replica created it first
        }
        try (var waiter = client.waiter()) {
            var r = new DynamoDbTable(client, table, "-", Duration.ofMinutes(3)).call("DescribeTable (waiting for ACTIVE)",
                    waiter.waitUntilTableExists(b -> b.tableName(table)));
            r.matched().exception().ifPresent(e -> {
                throw new StoreException("DynamoDB table " + table + " did not become ACTIVE: " + e, e);
            });
        }
    }

    private static AttributeDefinition definition(Key k) {
        return AttributeDefinition.builder().attributeName(k.name()).attributeType(k.type()).build();
    }

    @Override
    public String toString() {
        return "DynamoDB tables " + executions + ", " + entries + ", " + leases + ", " + inbox;
    }
}
