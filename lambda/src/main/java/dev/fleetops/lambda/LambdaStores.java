package dev.fleetops.lambda;

import dev.fleetops.cloud.dynamodb.DynamoDbStoreException;
import dev.fleetops.cloud.dynamodb.DynamoDbTable;
import dev.fleetops.events.IdempotencyStores;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.handlers.decommission.DynamoDbInventoryStore;
import dev.fleetops.handlers.decommission.Inventory;
import dev.fleetops.lambda.LambdaEnvironment.ConfigurationError;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

import java.util.Optional;

/**
 * The idempotency keys and decommission's inventory of the functions: DynamoDB tables when the environment names
 * them (every execution environment then shares them, as {@code fleetops serve} replicas do), else this
 * environment's memory. The tables are checked at cold start (template.yaml creates them; the functions never
 * do), so a missing table or a wrong key is a configuration error before any event is handled.
 */
record LambdaStores(IdempotencyStore idempotency, Optional<Inventory> inventory, Optional<DynamoDbAsyncClient> client) {

    static LambdaStores open(LambdaEnvironment env, Scheduler scheduler, String region) {
        if (env.idempotencyTable().isEmpty() && env.inventoryTable().isEmpty()) {
            return new LambdaStores(IdempotencyStores.inMemory(scheduler), Optional.empty(), Optional.empty());
        }
        var b = DynamoDbAsyncClient.builder().region(Region.of(region));
        env.endpoint().ifPresent(b::endpointOverride);
        DynamoDbAsyncClient client = b.build();
        try {
            IdempotencyStore idempotency = env.idempotencyTable()
                    .map(t -> IdempotencyStores.dynamoDb(checked(client, t, IdempotencyStores.KEY,
                            LambdaEnvironment.IDEMPOTENCY_TABLE), scheduler))
                    .orElseGet(() -> IdempotencyStores.inMemory(scheduler));
            Optional<Inventory> inventory = env.inventoryTable().map(t -> new DynamoDbInventoryStore(checked(client, t,
                    DynamoDbInventoryStore.KEY, LambdaEnvironment.INVENTORY_TABLE)));
            return new LambdaStores(idempotency, inventory, Optional.of(client));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static DynamoDbTable checked(DynamoDbAsyncClient client, String name, String key, String variable) {
        DynamoDbTable table = new DynamoDbTable(client, name, key);
        try {
            table.requireExists();
            return table;
        } catch (DynamoDbStoreException | SdkException e) {
            throw new ConfigurationError(variable + "=" + name + ": " + e.getMessage());
        }
    }
}
