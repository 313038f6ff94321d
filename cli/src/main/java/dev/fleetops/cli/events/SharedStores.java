package dev.fleetops.cli.events;

import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cloud.dynamodb.DynamoDbStoreException;
import dev.fleetops.cloud.dynamodb.DynamoDbTable;
import dev.fleetops.events.IdempotencyStores;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.handlers.decommission.DynamoDbInventoryStore;
import dev.fleetops.handlers.decommission.Inventory;
import dev.fleetops.source.InputError;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The daemon's stores: the idempotency keys in the local store ({@code --store DIR}/idempotency.db, one consumer)
 * by default, in DynamoDB tables when the serve config names them (several replicas). Opening checks each table (or
 * creates it with {@code create-table: true}); a problem is an InputError at the config line that named the table.
 */
final class SharedStores implements AutoCloseable {

    private final IdempotencyStore idempotency;
    private final Optional<Inventory> inventory;
    private final List<DynamoDbAsyncClient> clients;
    private final List<DynamoDbTable> tables;
    private final boolean shared;

    private SharedStores(IdempotencyStore idempotency, boolean shared, Optional<Inventory> inventory,
                         List<DynamoDbAsyncClient> clients, List<DynamoDbTable> tables) {
        this.idempotency = idempotency;
        this.shared = shared;
        this.inventory = inventory;
        this.clients = clients;
        this.tables = List.copyOf(tables);
    }

    /**
     * @param simulated on the simulator there is no DynamoDB: a table needs {@code endpoint:} (DynamoDB Local), and
     *                  TTL is not turned on (virtual time is not DynamoDB's clock: it would delete entries early)
     */
    static SharedStores open(ServeConfig cfg, GlobalOptions g, String region, boolean simulated, Scheduler scheduler) {
        return open(cfg, g, region, simulated, scheduler, Optional.empty());
    }

    /**
     * @param localStore the directory of the local store, whose lock the caller holds (so claims a dead process
     *                   left there are taken over at once); empty: keys in memory unless a table is configured
     */
    static SharedStores open(ServeConfig cfg, GlobalOptions g, String region, boolean simulated, Scheduler scheduler,
                             Optional<java.nio.file.Path> localStore) {
        List<DynamoDbAsyncClient> clients = new ArrayList<>();
        List<DynamoDbTable> tables = new ArrayList<>();
        try {
            IdempotencyStore idem = null;
            if (cfg.idempotencyTable().isPresent()) {
                ServeConfig.DynamoDbRef ref = cfg.idempotencyTable().get();
                DynamoDbTable t = table(ref, IdempotencyStores.KEY, g, region, simulated, clients);
                open(ref, t, simulated ? Optional.empty() : Optional.of(IdempotencyStores.TTL_ATTRIBUTE));
                tables.add(t);
                // a restart on this host takes its dead predecessor's claims at once, as it does the journal's leases
                idem = IdempotencyStores.dynamoDb(t, scheduler, dev.fleetops.runbook.engine.Owners.thisProcess(),
                        dev.fleetops.runbook.engine.Owners::deadOnThisHost);
            } else {
                idem = localStore.map(dir -> IdempotencyStores.sqlite(dir, scheduler, true))
                        .orElseGet(() -> IdempotencyStores.inMemory(scheduler));
            }
            Optional<Inventory> inv = Optional.empty();
            if (cfg.inventoryTable().isPresent()) {
                ServeConfig.DynamoDbRef ref = cfg.inventoryTable().get();
                DynamoDbTable t = table(ref, DynamoDbInventoryStore.KEY, g, region, simulated, clients);
                open(ref, t, Optional.empty());
                tables.add(t);
                inv = Optional.of(new DynamoDbInventoryStore(t));
            }
            return new SharedStores(idem, cfg.idempotencyTable().isPresent(), inv, clients, tables);
        } catch (RuntimeException e) {
            clients.forEach(DynamoDbAsyncClient::close);
            throw e;
        }
    }

    IdempotencyStore idempotency() {
        return idempotency;
    }

    /** True when the keys are in a table several replicas can share; false for the local store (one consumer). */
    boolean shared() {
        return shared;
    }

    Optional<Inventory> inventory() {
        return inventory;
    }

    /** The DynamoDB tables opened (keys, inventory): what /healthz checks are reachable. */
    List<DynamoDbTable> tables() {
        return tables;
    }

    private static DynamoDbTable table(ServeConfig.DynamoDbRef ref, String key, GlobalOptions g, String region,
                                       boolean simulated, List<DynamoDbAsyncClient> clients) {
        Optional<URI> endpoint = ref.endpoint().or(() -> Optional.ofNullable(g.endpointUrl));
        if (simulated && endpoint.isEmpty()) {
            throw InputError.at(ref.at(), "the simulator has no DynamoDB: add endpoint: (e.g. DynamoDB Local at "
                    + "http://127.0.0.1:8000) or run with --cloud aws");
        }
        AwsCredentialsProvider credentials = simulated
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : g.profile != null ? ProfileCredentialsProvider.builder().profileName(g.profile).build()
                : DefaultCredentialsProvider.builder().build();
        var b = DynamoDbAsyncClient.builder().region(Region.of(region)).credentialsProvider(credentials);
        endpoint.ifPresent(b::endpointOverride);
        DynamoDbAsyncClient client = b.build();
        clients.add(client);
        return new DynamoDbTable(client, ref.table(), key);
    }

    private static void open(ServeConfig.DynamoDbRef ref, DynamoDbTable t, Optional<String> ttl) {
        try {
            if (ref.createTable()) t.createIfMissing(ttl);
            else t.requireExists();
        } catch (DynamoDbStoreException e) {
            throw InputError.at(ref.at(), e.getMessage());
        } catch (SdkException e) {
            throw InputError.at(ref.at(), "DynamoDB table " + ref.table() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (idempotency instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a file that is going away with the process
            }
        }
        clients.forEach(DynamoDbAsyncClient::close);
    }
}
