package dev.fleetops.handlers.decommission;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fleetops.cloud.dynamodb.DynamoDbStoreException;
import dev.fleetops.cloud.dynamodb.DynamoDbTable;
import dev.fleetops.json.Json;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The decommission {@link Inventory} shared by several replicas (a terminated instance has lost its addresses, so
 * they are kept from its lifetime; awslabs/aws-lambda-ddns-function keeps a DynamoDB table for the same reason): one table, partition key {@code InstanceId} (S). An item is
 * {@code InstanceId, Entry (S: the capture as JSON), CapturedAt (N: epoch millis), Cleaned (SS)}.
 *
 * <p>Every change is one UpdateItem, so replicas never overwrite each other: a capture SETs Entry and CapturedAt and
 * leaves Cleaned alone (a replayed running event must not undo a cleanup), a cleanup ADDs to the Cleaned set.
 * {@link #all()} and {@link #prune} Scan the table.
 */
public final class DynamoDbInventoryStore implements Inventory {

    public static final String KEY = "InstanceId";

    private final DynamoDbTable table;

    public DynamoDbInventoryStore(DynamoDbAsyncClient client, String tableName) {
        this(new DynamoDbTable(client, tableName, KEY));
    }

    public DynamoDbInventoryStore(DynamoDbTable table) {
        if (!table.key().equals(KEY)) throw new IllegalArgumentException("the inventory table's key must be " + KEY);
        this.table = table;
    }

    public DynamoDbTable table() {
        return table;
    }

    @Override
    public Optional<InventoryEntry> get(String instanceId) {
        var r = table.call("GetItem", table.client().getItem(b -> b.tableName(table.name())
                .key(key(instanceId)).consistentRead(true)));
        return r.hasItem() && !r.item().isEmpty() ? Optional.of(decode(r.item())) : Optional.empty();
    }

    @Override
    public void put(InventoryEntry entry) {
        InventoryEntry bare = new InventoryEntry(entry.instanceId(), entry.name(), entry.privateIp(), entry.privateDns(),
                entry.publicDns(), entry.chefNode(), entry.consulNode(), entry.tags(), entry.capturedAt(), Set.of());
        Map<String, String> names = new LinkedHashMap<>(Map.of("#en", "Entry", "#c", "CapturedAt"));
        Map<String, AttributeValue> values = new LinkedHashMap<>(Map.of(":en", AttributeValue.fromS(json(bare)),
                ":c", AttributeValue.fromN(Long.toString(entry.capturedAt().toEpochMilli()))));
        String update = "SET #en = :en, #c = :c";
        if (!entry.cleaned().isEmpty()) {
            names.put("#cl", "Cleaned");
            values.put(":cl", AttributeValue.fromSs(new ArrayList<>(entry.cleaned())));
            update += " ADD #cl :cl";
        }
        String expression = update;
        table.call("UpdateItem", table.client().updateItem(b -> b.tableName(table.name()).key(key(entry.instanceId()))
                .updateExpression(expression).expressionAttributeNames(names).expressionAttributeValues(values)));
    }

    @Override
    public void markCleaned(String instanceId, String cleanup) {
        try {
            table.call("UpdateItem", table.client().updateItem(b -> b.tableName(table.name()).key(key(instanceId))
                    .updateExpression("ADD #cl :cl").conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#cl", "Cleaned", "#k", KEY))
                    .expressionAttributeValues(Map.of(":cl", AttributeValue.fromSs(List.of(cleanup))))));
        } catch (ConditionalCheckFailedException unknown) {
            // never captured (or pruned): nothing to mark, as in the other inventories
        }
    }

    /** Every entry, oldest capture first. */
    @Override
    public List<InventoryEntry> all() {
        List<InventoryEntry> out = new ArrayList<>();
        scan(Optional.empty(), out::add);
        out.sort(Comparator.comparing(InventoryEntry::capturedAt).thenComparing(InventoryEntry::instanceId));
        return out;
    }

    @Override
    public int prune(Instant before, List<String> cleanups) {
        List<InventoryEntry> old = new ArrayList<>();
        scan(Optional.of(before), old::add);
        int pruned = 0;
        for (InventoryEntry e : old) {
            if (!e.cleaned().containsAll(cleanups)) continue;
            try {
                // only if no replica captured it again meanwhile
                table.call("DeleteItem", table.client().deleteItem(b -> b.tableName(table.name()).key(key(e.instanceId()))
                        .conditionExpression("#c = :c")
                        .expressionAttributeNames(Map.of("#c", "CapturedAt"))
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromN(Long.toString(e.capturedAt().toEpochMilli()))))));
                pruned++;
            } catch (ConditionalCheckFailedException recaptured) {
                // keep it
            }
        }
        return pruned;
    }

    private void scan(Optional<Instant> capturedBefore, java.util.function.Consumer<InventoryEntry> sink) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = table.call("Scan", table.client().scan(b -> {
                b.tableName(table.name()).consistentRead(true).exclusiveStartKey(from);
                capturedBefore.ifPresent(t -> b.filterExpression("#c < :b")
                        .expressionAttributeNames(Map.of("#c", "CapturedAt"))
                        .expressionAttributeValues(Map.of(":b", AttributeValue.fromN(Long.toString(t.toEpochMilli())))));
            }));
            page.items().forEach(i -> sink.accept(decode(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private static Map<String, AttributeValue> key(String instanceId) {
        return Map.of(KEY, AttributeValue.fromS(instanceId));
    }

    private String json(InventoryEntry e) {
        try {
            return Json.MAPPER.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new DynamoDbStoreException("cannot encode the inventory entry of " + e.instanceId() + ": " + ex.getMessage(), ex);
        }
    }

    private InventoryEntry decode(Map<String, AttributeValue> item) {
        String id = item.get(KEY).s();
        try {
            InventoryEntry e = Json.MAPPER.readValue(item.get("Entry").s(), InventoryEntry.class);
            AttributeValue cleaned = item.get("Cleaned");
            return cleaned == null || !cleaned.hasSs() ? e
                    : new InventoryEntry(e.instanceId(), e.name(), e.privateIp(), e.privateDns(), e.publicDns(),
                    e.chefNode(), e.consulNode(), e.tags(), e.capturedAt(), Set.copyOf(cleaned.ss()));
        } catch (JsonProcessingException | NullPointerException ex) {
            throw new DynamoDbStoreException("table " + table.name() + ": the item of " + id
                    + " is not an inventory entry: " + ex.getMessage(), ex);
        }
    }
}
