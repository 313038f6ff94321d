package dev.fleetops.cloud.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One DynamoDB table with a single string partition key, as the shared stores use it: blocking calls with a bound
 * (the store interfaces are synchronous), and creation on demand (PAY_PER_REQUEST, TTL on an attribute).
 *
 * @param client   the SDK client (real AWS or DynamoDB Local via endpointOverride)
 * @param name     the table name
 * @param key      the partition key attribute (type S)
 * @param timeout  how long one call may take before the store gives up with {@link DynamoDbStoreException}
 */
public record DynamoDbTable(DynamoDbAsyncClient client, String name, String key, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    public DynamoDbTable(DynamoDbAsyncClient client, String name, String key) {
        this(client, name, key, DEFAULT_TIMEOUT);
    }

    /** Waits for {@code call}; SDK errors come back unwrapped (so callers can catch ConditionalCheckFailed). */
    public <T> T call(String operation, CompletableFuture<T> call) {
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            throw new DynamoDbStoreException(operation + " on table " + name + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new DynamoDbStoreException(operation + " on table " + name + " took longer than " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DynamoDbStoreException(operation + " on table " + name + " was interrupted", e);
        }
    }

    /**
     * Creates the table when it is missing (PAY_PER_REQUEST), waits until it is ACTIVE and, when {@code ttlAttribute}
     * is given, turns on TTL deletion on it. An existing table is left as it is but must have {@link #key} as its
     * partition key. Returns true when it was created.
     */
    public boolean createIfMissing(Optional<String> ttlAttribute) {
        Optional<DescribeTableResponse> existing = describe();
        if (existing.isPresent()) {
            checkKey(existing.get());
            return false;
        }
        try {
            call("CreateTable", client.createTable(b -> b.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(key).attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(key).keyType(KeyType.HASH).build())));
        } catch (ResourceInUseException raced) {
            // another replica created it first: fine
        }
        awaitActive();
        ttlAttribute.ifPresent(a -> call("UpdateTimeToLive", client.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(t -> t.attributeName(a).enabled(true)))));
        return true;
    }

    /** Fails with a message naming the table when it does not exist or has another key. */
    public void requireExists() {
        DescribeTableResponse d = describe().orElseThrow(() -> new DynamoDbStoreException("DynamoDB table " + name
                + " does not exist (create it with partition key " + key + " (S), or set create-table: true)", null));
        checkKey(d);
    }

    private Optional<DescribeTableResponse> describe() {
        try {
            return Optional.of(call("DescribeTable", client.describeTable(b -> b.tableName(name))));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private void checkKey(DescribeTableResponse d) {
        String actual = d.table().keySchema().stream().filter(k -> k.keyType() == KeyType.HASH)
                .map(KeySchemaElement::attributeName).findFirst().orElse("?");
        if (!actual.equals(key) || d.table().keySchema().size() != 1) {
            throw new DynamoDbStoreException("DynamoDB table " + name + " has partition key " + actual
                    + (d.table().keySchema().size() > 1 ? " and a sort key" : "") + "; this store needs " + key
                    + " (S) alone", null);
        }
    }

    private void awaitActive() {
        // the SDK's own waiter (DescribeTable until ACTIVE); a table is usually ACTIVE within seconds
        try (var waiter = client.waiter()) {
            var r = new DynamoDbTable(client, name, key, Duration.ofMinutes(3)).call("DescribeTable (waiting for ACTIVE)", waiter.waitUntilTableExists(b -> b.tableName(name)));
            r.matched().exception().ifPresent(e -> {
                throw new DynamoDbStoreException("DynamoDB table " + name + " did not become ACTIVE: " + e, e);
            });
        }
    }
}
