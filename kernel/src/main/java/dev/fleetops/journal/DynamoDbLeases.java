package dev.fleetops.journal;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.fleetops.journal.DynamoDbBackend.n;
import static dev.fleetops.journal.DynamoDbBackend.s;

/**
 * Leases in the {@code -leases} table: read, decided by {@link Rules}, written on condition that the item is
 * still what was read (its token), so two replicas racing for an expired lease cannot both win.
 */
final class DynamoDbLeases {

    private final DynamoDbTables t;

    DynamoDbLeases(DynamoDbTables tables) {
        this.t = tables;
    }

    Optional<Lease> acquire(Op.Acquire a) {
        Optional<Rules.Held> current = read(a.resource());
        Optional<Lease> granted = Rules.grant(a, current);
        if (granted.isEmpty()) return granted;
        try {
            write(granted.get(), current.map(Rules.Held::token));
            return granted;
        } catch (ConditionalCheckFailedException lostRace) {
            return Optional.empty();
        }
    }

    Lease renew(Op.Renew r) {
        Lease renewed = Rules.renewal(r, read(r.lease().resource()));
        try {
            t.call(t.leases(), "UpdateItem", t.client().updateItem(b -> b.tableName(t.leases()).key(key(renewed.resource()))
                    .updateExpression("SET ExpiresAt = :e").conditionExpression("#o = :o AND #t = :t")
                    .expressionAttributeNames(Map.of("#o", "Owner", "#t", "Token"))
                    .expressionAttributeValues(Map.of(":e", s(renewed.expiresAt().toString()), ":o", s(renewed.owner()), ":t", n(renewed.token())))));
            return renewed;
        } catch (ConditionalCheckFailedException taken) {
            throw new FencedException(renewed.resource(), renewed.token(), read(renewed.resource()).map(Rules.Held::token).orElse(Journal.UNLEASED));
        }
    }

    Void release(Lease l) {
        try {
            t.call(t.leases(), "UpdateItem", t.client().updateItem(b -> b.tableName(t.leases()).key(key(l.resource()))
                    .updateExpression("REMOVE #o").conditionExpression("#o = :o AND #t = :t")
                    .expressionAttributeNames(Map.of("#o", "Owner", "#t", "Token"))
                    .expressionAttributeValues(Map.of(":o", s(l.owner()), ":t", n(l.token())))));
        } catch (ConditionalCheckFailedException alreadyLost) {
            // releasing a lease one no longer holds changes nothing
        }
        return null;
    }

    /** The unreleased leases {@code which} selects, by resource. */
    List<Lease> leases(java.util.function.Predicate<Rules.Held> which) {
        return DynamoDbBackend.scan(t, t.leases(), "attribute_exists(#o)", Map.of("#o", "Owner")).stream()
                .map(DynamoDbBackend::held).filter(which)
                .map(h -> new Lease(h.resource(), h.owner(), h.token(), h.expiresAt(), h.ttl()))
                .sorted(java.util.Comparator.comparing(Lease::resource)).toList();
    }

    private Optional<Rules.Held> read(String resource) {
        var r = t.call(t.leases(), "GetItem", t.client().getItem(b -> b.tableName(t.leases()).key(key(resource)).consistentRead(true)));
        return r.hasItem() && !r.item().isEmpty() ? Optional.of(DynamoDbBackend.held(r.item())) : Optional.empty();
    }

    private void write(Lease l, Optional<Long> previousToken) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(DynamoDbTables.RESOURCE, s(l.resource()), "Owner", s(l.owner()),
                "Token", n(l.token()), "ExpiresAt", s(l.expiresAt().toString()), "TtlMs", n(l.ttl().toMillis())));
        t.call(t.leases(), "PutItem", t.client().putItem(b -> {
            b.tableName(t.leases()).item(item);
            if (previousToken.isEmpty()) {
                b.conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", DynamoDbTables.RESOURCE));
            } else {
                b.conditionExpression("#t = :t").expressionAttributeNames(Map.of("#t", "Token"))
                        .expressionAttributeValues(Map.of(":t", n(previousToken.get())));
            }
        }));
    }

    private static Map<String, AttributeValue> key(String resource) {
        return Map.of(DynamoDbTables.RESOURCE, s(resource));
    }
}
