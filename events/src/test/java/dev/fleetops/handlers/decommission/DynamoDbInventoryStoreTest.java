package dev.fleetops.handlers.decommission;

import dev.fleetops.cloud.dynamodb.DynamoDbTable;
import dev.fleetops.testing.DynamoDbLocal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The inventory contract against DynamoDB Local, with two replicas (two clients, one table). */
class DynamoDbInventoryStoreTest extends InventoryContract {

    private static DynamoDbLocal dynamo;
    private static DynamoDbAsyncClient otherClient;
    private static int tables;

    private String table;
    private DynamoDbInventoryStore replicaA;
    private DynamoDbInventoryStore replicaB;

    @BeforeEach
    void freshTable() {
        if (dynamo == null) {
            dynamo = DynamoDbLocal.shared();
            otherClient = dynamo.newClient(); // the second replica's own connection; lives as long as the JVM
        }
        table = "fleetops-inventory-" + (++tables);
        new DynamoDbTable(dynamo.client(), table, DynamoDbInventoryStore.KEY).createIfMissing(Optional.empty());
        replicaA = new DynamoDbInventoryStore(dynamo.client(), table);
        replicaB = new DynamoDbInventoryStore(otherClient, table);
    }

    @Override
    protected Inventory inventory() {
        return replicaA;
    }

    @Override
    protected Inventory secondReplica() {
        return replicaB;
    }

    @Test
    void cleanupsByTwoReplicasAtOnceAreBothKept() {
        replicaA.put(entry("i-9", T0));
        replicaA.markCleaned("i-9", "route53");
        replicaB.markCleaned("i-9", "consul");
        replicaB.put(entry("i-9", T0.plusSeconds(5), "chef")); // B's capture carries a cleanup A has not seen
        assertThat(replicaA.get("i-9").orElseThrow().cleaned()).containsExactlyInAnyOrder("route53", "consul", "chef");
    }

    @Test
    void theItemIsReadableInTheConsole() {
        replicaA.put(entry("i-5", T0));
        replicaA.markCleaned("i-5", "route53");
        Map<String, AttributeValue> item = dynamo.client().getItem(b -> b.tableName(table)
                .key(Map.of("InstanceId", AttributeValue.fromS("i-5")))).join().item();
        assertThat(item.get("CapturedAt").n()).isEqualTo(Long.toString(T0.toEpochMilli()));
        assertThat(item.get("Cleaned").ss()).containsExactly("route53");
        assertThat(item.get("Entry").s()).contains("\"InstanceId\":\"i-5\"").contains("\"ChefNodeName\":\"web-i-5.example.com\"");
    }
}
