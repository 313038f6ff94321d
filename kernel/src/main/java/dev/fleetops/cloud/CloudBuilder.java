package dev.fleetops.cloud;

import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.core.SdkClient;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds a {@link Cloud}. Clients are given as values or as suppliers; a supplied client is built on first use,
 * so a command that calls two services does not pay for building ten (start-up time on AWS).
 */
public final class CloudBuilder {

    private String region = "us-east-1";
    private String accountId = "123456789012";
    private String description;
    private Scheduler scheduler;
    private final Map<Class<?>, Supplier<? extends SdkClient>> clients = new LinkedHashMap<>();
    private Function<Class<? extends SdkClient>, ? extends SdkClient> anyClient = type -> null;
    private AutoCloseable onClose = () -> { };
    private Locations locations;
    private WireAccess wire;

    CloudBuilder() { }

    public CloudBuilder region(String region) {
        this.region = Objects.requireNonNull(region);
        return this;
    }

    public CloudBuilder accountId(String accountId) {
        this.accountId = Objects.requireNonNull(accountId);
        return this;
    }

    /** How messages name this cloud ("the simulated region", "AWS (eu-west-1)"). */
    public CloudBuilder description(String description) {
        this.description = description;
        return this;
    }

    public CloudBuilder scheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
        return this;
    }

    /** The client of {@code type}'s service; null means this cloud has none (the call is then a no-op). */
    public <C extends SdkClient> CloudBuilder client(Class<C> type, C client) {
        if (client != null) clients.put(type, () -> client);
        return this;
    }

    /** A client built on first use (and closed with the cloud, if it was built). */
    public <C extends SdkClient> CloudBuilder lazyClient(Class<C> type, Supplier<? extends C> client) {
        clients.put(type, Objects.requireNonNull(client));
        return this;
    }

    /**
     * Builds, on first use, the client of any other service interface asked for (AWS: every SDK module on the
     * classpath, {@code ApiCatalog}'s optional services); answers null for an interface it cannot build.
     */
    public CloudBuilder anyClient(Function<Class<? extends SdkClient>, ? extends SdkClient> factory) {
        this.anyClient = Objects.requireNonNull(factory);
        return this;
    }

    /** Run when the cloud closes, after its clients (shared HTTP clients, schedulers). */
    public CloudBuilder onClose(AutoCloseable onClose) {
        this.onClose = Objects.requireNonNull(onClose);
        return this;
    }

    /** How this cloud reaches other accounts and regions ({@link Cloud#locations()}). */
    public CloudBuilder locations(Locations locations) {
        this.locations = Objects.requireNonNull(locations);
        return this;
    }

    /** How processes outside this one reach this cloud ({@link Cloud#wire()}); closed with the cloud. */
    public CloudBuilder wire(WireAccess wire) {
        this.wire = Objects.requireNonNull(wire);
        return this;
    }

    public Cloud build() {
        return new ClientSet(region, accountId, description == null ? "AWS (" + region + ")" : description, scheduler,
                Map.copyOf(clients), anyClient, onClose, Optional.ofNullable(locations), Optional.ofNullable(wire));
    }

    /** {@code base} with its clients, reachable from outside through {@code wire} (closed with the result, not with base). */
    public static Cloud served(Cloud base, WireAccess wire) {
        Objects.requireNonNull(wire);
        return new ClientSet(base.region(), base.accountId(), base.describe(), base.scheduler(), Map.of(),
                t -> base.find(t).orElse(null), wire, base.locations(), Optional.of(wire)) {
            @Override
            public void close() {
                super.close();
                base.close();
            }
        };
    }

    /** The one implementation: clients by interface, each built at most once. */
    private static class ClientSet implements Cloud {
        private final String region;
        private final String accountId;
        private final String description;
        private final Scheduler scheduler;
        private final Map<Class<?>, Supplier<? extends SdkClient>> suppliers;
        private final Map<Class<?>, SdkClient> built = new ConcurrentHashMap<>();
        private final Function<Class<? extends SdkClient>, ? extends SdkClient> anyClient;
        private final AutoCloseable onClose;
        private final Optional<Locations> locations;
        private final Optional<WireAccess> wire;

        ClientSet(String region, String accountId, String description, Scheduler scheduler,
                  Map<Class<?>, Supplier<? extends SdkClient>> suppliers,
                  Function<Class<? extends SdkClient>, ? extends SdkClient> anyClient, AutoCloseable onClose,
                  Optional<Locations> locations, Optional<WireAccess> wire) {
            this.region = region;
            this.accountId = accountId;
            this.description = description;
            this.scheduler = scheduler;
            this.suppliers = suppliers;
            this.anyClient = anyClient;
            this.onClose = onClose;
            this.locations = locations;
            this.wire = wire;
        }

        @Override public Optional<Locations> locations() { return locations; }
        @Override public Optional<WireAccess> wire() { return wire; }

        @Override public String region() { return region; }
        @Override public String accountId() { return accountId; }
        @Override public Scheduler scheduler() { return scheduler; }
        @Override public String describe() { return description; }

        @Override
        public <C extends SdkClient> Optional<C> find(Class<C> type) {
            Supplier<? extends SdkClient> s = suppliers.get(type);
            if (s == null) return Optional.ofNullable(built.computeIfAbsent(type, t -> anyClient.apply(type))).map(type::cast);
            return Optional.of(type.cast(built.computeIfAbsent(type, t -> s.get())));
        }

        @Override
        public <C extends SdkClient> Cloud withClient(Class<C> type, C client) {
            Map<Class<?>, Supplier<? extends SdkClient>> copy = new LinkedHashMap<>();
            for (Class<?> t : suppliers.keySet()) {
                copy.put(t, () -> find(t.asSubclass(SdkClient.class)).orElseThrow());
            }
            copy.put(type, () -> client);
            return new ClientSet(region, accountId, description, scheduler, Map.copyOf(copy),
                    t -> find(t).orElse(null), () -> { }, locations, wire) {
                @Override
                public void close() {
                    // the original owns the clients
                }
            };
        }

        @Override
        public void close() {
            for (SdkClient c : built.values()) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    // closing is best effort at shutdown
                }
            }
            try {
                onClose.close();
            } catch (Exception e) {
                // closing is best effort at shutdown
            }
        }

        @Override
        public String toString() {
            return "Cloud[" + description + ", " + String.join(", ", suppliers.keySet().stream()
                    .map(MissingClientException::serviceName).toList()) + "]";
        }
    }
}
