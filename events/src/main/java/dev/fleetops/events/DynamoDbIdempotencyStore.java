package dev.fleetops.events;

import dev.fleetops.cloud.dynamodb.DynamoDbTable;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link IdempotencyStore} shared by several replicas: one DynamoDB table, partition key {@code Key} (S).
 * An item is {@code Key, Owner (S), Done (BOOL), Token (S), ExpiresAt (N, epoch seconds), Process (S)}: Owner is
 * the event the key was claimed for, Process the claiming process ({@code host:pid:start}); an in-progress claim
 * of a process known to be dead (one of this host that no longer runs) is taken at once, conditional on its token.
 *
 * <ul>
 *   <li>claim = PutItem if {@code attribute_not_exists(Key) OR ExpiresAt <= now}: exactly one replica wins; a
 *       failed condition returns the item that won (DONE or IN_PROGRESS). Expiry is checked here because DynamoDB's
 *       TTL deletes expired items lazily (typically within days), so an expired item may still be there.</li>
 *   <li>complete / release are conditional on the claim's random {@code Token}, kept by the replica that claimed:
 *       a replica whose claim expired and was taken over cannot complete or delete the new owner's claim.</li>
 *   <li>{@code ExpiresAt} is the table's TTL attribute (createTable turns TTL on); {@link #gc()} deletes expired
 *       items at once with a Scan, and {@link #size()} counts with a Scan: both read the whole table.</li>
 * </ul>
 */
final class DynamoDbIdempotencyStore implements IdempotencyStore {

    static final String KEY = "Key";
    static final String TTL_ATTRIBUTE = "ExpiresAt";
    /** The claiming process's owner id, so that a restart on its host can tell a dead holder (absent on older items). */
    static final String PROCESS = "Process";

    private final DynamoDbTable table;
    private final Scheduler scheduler;
    /** key -> token of the claims this replica holds (forgotten on complete/release). */
    private final ConcurrentHashMap<String, String> tokens = new ConcurrentHashMap<>();
    private final String process;
    private final java.util.function.Predicate<String> gone;

    DynamoDbIdempotencyStore(DynamoDbAsyncClient client, String tableName, Scheduler scheduler) {
        this(new DynamoDbTable(client, tableName, KEY), scheduler);
    }

    DynamoDbIdempotencyStore(DynamoDbTable table, Scheduler scheduler) {
        this(table, scheduler, "", process -> false);
    }

    /**
     * @param process this process's owner id ({@code host:pid:start}), written into each claim
     * @param gone    whether a claim's process is known to be dead (a process of this host that no longer runs):
     *                its claims are taken at once instead of one lease later, as the journal's leases are
     */
    DynamoDbIdempotencyStore(DynamoDbTable table, Scheduler scheduler, String process, java.util.function.Predicate<String> gone) {
        if (!table.key().equals(KEY)) throw new IllegalArgumentException("the idempotency table's key must be " + KEY);
        this.table = table;
        this.scheduler = scheduler;
        this.process = process;
        this.gone = gone;
    }

    DynamoDbTable table() {
        return table;
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public Claim claim(String key, String owner, Duration ttl) {
        for (int attempt = 0; ; attempt++) {
            long now = nowSeconds();
            String token = UUID.randomUUID().toString();
            Map<String, AttributeValue> item = Map.of(KEY, s(key), "Owner", s(owner), "Done", bool(false),
                    "Token", s(token), TTL_ATTRIBUTE, n(expiry(ttl)), PROCESS, s(process));
            try {
                table.call("PutItem", table.client().putItem(b -> b.tableName(table.name()).item(item)
                        .conditionExpression("attribute_not_exists(#k) OR #e <= :now")
                        .expressionAttributeNames(Map.of("#k", KEY, "#e", TTL_ATTRIBUTE))
                        .expressionAttributeValues(Map.of(":now", n(now)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
                tokens.put(key, token);
                return Claim.CLAIMED;
            } catch (ConditionalCheckFailedException held) {
                Map<String, AttributeValue> old = held.hasItem() && !held.item().isEmpty() ? held.item() : get(key);
                if (live(old) && !old.get("Done").bool() && deadProcess(old)) {
                    if (takeFromTheDead(item, old)) {
                        tokens.put(key, token);
                        return Claim.CLAIMED;
                    }
                    if (attempt >= 3) return Claim.IN_PROGRESS;
                    continue; // someone else took it first, or it changed: try again
                }
                // the holder released or it expired between our put and our read: try again (bounded)
                if (live(old) || attempt >= 3) return live(old) && old.get("Done").bool() ? Claim.DONE : Claim.IN_PROGRESS;
            }
        }
    }

    private boolean deadProcess(Map<String, AttributeValue> item) {
        AttributeValue p = item.get(PROCESS);
        return p != null && p.s() != null && !p.s().isEmpty() && !p.s().equals(process) && gone.test(p.s());
    }

    /** Replaces a dead process's claim, conditional on its token: exactly one taker wins. */
    private boolean takeFromTheDead(Map<String, AttributeValue> item, Map<String, AttributeValue> old) {
        try {
            table.call("PutItem", table.client().putItem(b -> b.tableName(table.name()).item(item)
                    .conditionExpression("#tok = :tok AND #d = :f")
                    .expressionAttributeNames(Map.of("#tok", "Token", "#d", "Done"))
                    .expressionAttributeValues(Map.of(":tok", old.get("Token"), ":f", bool(false)))));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    @Override
    public boolean renew(String key, Duration lease) {
        String token = tokens.get(key);
        if (token == null) return false;
        try {
            table.call("UpdateItem", table.client().updateItem(b -> b.tableName(table.name()).key(Map.of(KEY, s(key)))
                    .updateExpression("SET #e = :exp")
                    .conditionExpression("#tok = :tok AND #d = :f")
                    .expressionAttributeNames(Map.of("#tok", "Token", "#d", "Done", "#e", TTL_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":exp", n(expiry(lease)), ":tok", s(token), ":f", bool(false)))));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false; // taken over after it expired; the token stays so our complete/release stay conditional
        }
    }

    @Override
    public void complete(String key, Duration ttl) {
        String token = tokens.remove(key);
        try {
            table.call("UpdateItem", table.client().updateItem(b -> b.tableName(table.name()).key(Map.of(KEY, s(key)))
                    .updateExpression("SET #d = :t, #e = :exp")
                    .conditionExpression(token == null ? "attribute_exists(#k)" : "#tok = :tok")
                    .expressionAttributeNames(token == null ? Map.of("#k", KEY, "#d", "Done", "#e", TTL_ATTRIBUTE)
                            : Map.of("#tok", "Token", "#d", "Done", "#e", TTL_ATTRIBUTE))
                    .expressionAttributeValues(token == null ? Map.of(":t", bool(true), ":exp", n(expiry(ttl)))
                            : Map.of(":t", bool(true), ":exp", n(expiry(ttl)), ":tok", s(token)))));
        } catch (ConditionalCheckFailedException gone) {
            // our claim expired and someone else holds the key now, or it is gone: theirs to finish
        }
    }

    @Override
    public void release(String key) {
        String token = tokens.remove(key);
        if (token == null) return; // not ours: never delete another replica's claim
        try {
            table.call("DeleteItem", table.client().deleteItem(b -> b.tableName(table.name()).key(Map.of(KEY, s(key)))
                    .conditionExpression("#tok = :tok AND #d = :f")
                    .expressionAttributeNames(Map.of("#tok", "Token", "#d", "Done"))
                    .expressionAttributeValues(Map.of(":tok", s(token), ":f", bool(false)))));
        } catch (ConditionalCheckFailedException notOurs) {
            // taken over after expiry, or already done: leave it
        }
    }

    @Override
    public Optional<String> owner(String key) {
        Map<String, AttributeValue> item = get(key);
        return live(item) ? Optional.of(item.get("Owner").s()) : Optional.empty();
    }

    @Override
    public int gc() {
        int deleted = 0;
        long now = nowSeconds();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = table.call("Scan", table.client().scan(b -> b.tableName(table.name())
                    .consistentRead(true).projectionExpression("#k")
                    .filterExpression("#e <= :now")
                    .expressionAttributeNames(Map.of("#k", KEY, "#e", TTL_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":now", n(now)))
                    .exclusiveStartKey(from)));
            for (Map<String, AttributeValue> k : page.items()) {
                try {
                    table.call("DeleteItem", table.client().deleteItem(b -> b.tableName(table.name()).key(k)
                            .conditionExpression("#e <= :now") // a replica may have re-claimed it meanwhile
                            .expressionAttributeNames(Map.of("#e", TTL_ATTRIBUTE))
                            .expressionAttributeValues(Map.of(":now", n(now)))));
                    deleted++;
                } catch (ConditionalCheckFailedException reclaimed) {
                    // live again: keep it
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return deleted;
    }

    /** All items, expired ones not yet deleted included (as the in-memory store counts). */
    @Override
    public int size() {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = table.call("Scan", table.client().scan(b -> b.tableName(table.name())
                    .consistentRead(true).select("COUNT").exclusiveStartKey(from)));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    private Map<String, AttributeValue> get(String key) {
        var r = table.call("GetItem", table.client().getItem(b -> b.tableName(table.name())
                .key(Map.of(KEY, s(key))).consistentRead(true)));
        return r.hasItem() ? r.item() : Map.of();
    }

    private boolean live(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty() || !item.containsKey(TTL_ATTRIBUTE)) return false;
        return Long.parseLong(item.get(TTL_ATTRIBUTE).n()) > nowSeconds();
    }

    private long nowSeconds() {
        Instant now = scheduler.now();
        return now.getEpochSecond();
    }

    /** Rounded up to the second, so an entry never expires before its time to live. */
    private long expiry(Duration ttl) {
        Instant t = scheduler.now().plus(ttl);
        return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static AttributeValue bool(boolean v) {
        return AttributeValue.fromBool(v);
    }
}
