package dev.fleetops.cli.events;

import dev.fleetops.events.IdempotencyTtls;
import dev.fleetops.events.sources.SqsSource;
import dev.fleetops.events.spi.Scope;
import dev.fleetops.source.InputError;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.SourceReader;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The daemon's configuration file ({@code fleetops serve --config FILE}); every mistake is an InputError with
 * file and line.
 *
 * <pre>
 * rules: rules.yaml                 # relative to this file
 * http: {listen: 127.0.0.1:8787, token-env: FLEETOPS_EVENTS_TOKEN}
 * sqs:
 *   - queue-url: https://sqs.us-east-1.amazonaws.com/123456789012/fleet-events
 *     dead-letter-queue-url: https://sqs.us-east-1.amazonaws.com/123456789012/fleet-events-dlq
 *     workers: 10
 *     visibility: 60s
 * bus: true                         # the simulator's own EventBridge bus
 * idempotency: {event-ttl: 24h, action-ttl: 6h, claim-lease: 30s}
 *   # with several replicas: keys in a shared DynamoDB table (created PAY_PER_REQUEST with TTL when asked)
 *   #   idempotency: {dynamodb-table: fleetops-idempotency, create-table: true}
 * inventory: {dynamodb-table: fleetops-inventory, create-table: true}   # decommission's inventory, shared
 * shutdown-grace: 30s
 * scope: {managed-tag: fleetops/managed, groups: [web, api]}   # managed-tag: none acts on untagged groups too
 * </pre>
 */
record ServeConfig(Path rules, Optional<Http> http, List<SqsSource.Settings> sqs, boolean bus,
                   IdempotencyTtls idempotency, Optional<DynamoDbRef> idempotencyTable,
                   Optional<DynamoDbRef> inventoryTable, Duration shutdownGrace, ScopeConfig scope) {

    /**
     * The {@code scope:} block: which groups the handlers act on (docs/handlers.md, "Scope").
     *
     * @param managedTag absent: the cloud's default (the tag on AWS, none on the simulator); present and empty:
     *                   {@code none}, no tag needed
     * @param groups     the allow-list of group names; empty: every group
     */
    record ScopeConfig(Optional<Optional<String>> managedTag, List<String> groups) {

        static final ScopeConfig DEFAULT = new ScopeConfig(Optional.empty(), List.of());

        /** With the command line's {@code --managed-tag} and {@code --group} over the file's values. */
        Scope resolve(boolean simulated, Optional<String> flagTag, List<String> flagGroups) {
            Optional<String> tag = flagTag.map(ScopeConfig::tagOrNone)
                    .or(() -> managedTag)
                    .orElse(simulated ? Optional.empty() : Optional.of(Scope.DEFAULT_TAG));
            return new Scope(tag, new java.util.LinkedHashSet<>(flagGroups.isEmpty() ? groups : flagGroups));
        }

        static Optional<String> tagOrNone(String value) {
            return value.equals("none") ? Optional.empty() : Optional.of(value);
        }
    }

    record Http(InetSocketAddress listen, String token) { }

    /**
     * A DynamoDB table for a shared store.
     *
     * @param endpoint another endpoint than the region's (DynamoDB Local); needed on the simulator
     * @param at       where it was configured, for errors found when the table is opened
     */
    record DynamoDbRef(String table, boolean createTable, Optional<java.net.URI> endpoint, Node at) { }

    static ServeConfig read(Path file, Function<String, String> env) {
        MapNode m = SourceReader.read(file).asMap()
                .allowOnly("rules", "http", "sqs", "bus", "idempotency", "inventory", "shutdown-grace", "scope");
        Path base = file.toAbsolutePath().getParent();
        Path rules = base.resolve(m.string("rules"));
        Optional<Http> http = m.get("http").map(n -> http(n.asMap(), env));
        List<SqsSource.Settings> sqs = new ArrayList<>();
        m.get("sqs").ifPresent(n -> n.asList().items().forEach(q -> sqs.add(sqs(q.asMap()))));
        boolean bus = m.get("bus").map(n -> n.asScalar().asBoolean()).orElse(false);
        if (http.isEmpty() && sqs.isEmpty() && !bus) {
            throw InputError.at(m, "no sources: configure at least one of http, sqs, bus");
        }
        IdempotencyTtls idem = IdempotencyTtls.defaults();
        Optional<DynamoDbRef> idemTable = Optional.empty();
        if (m.get("idempotency").isPresent()) {
            MapNode i = m.require("idempotency").asMap().allowOnly("event-ttl", "action-ttl", "dynamodb-table",
                    "create-table", "endpoint", "claim-lease");
            idem = new IdempotencyTtls(
                    i.get("event-ttl").map(n -> positive(n)).orElse(idem.eventTtl()),
                    i.get("action-ttl").map(n -> positive(n)).orElse(idem.actionTtl()),
                    i.get("claim-lease").map(n -> positive(n)).orElse(idem.claimLease()));
            idemTable = table(i);
        }
        Optional<DynamoDbRef> inventory = Optional.empty();
        if (m.get("inventory").isPresent()) {
            MapNode i = m.require("inventory").asMap().allowOnly("dynamodb-table", "create-table", "endpoint");
            inventory = table(i);
            if (inventory.isEmpty()) throw InputError.at(i, "inventory: dynamodb-table is required");
        }
        Duration grace = m.get("shutdown-grace").map(ServeConfig::positive).orElse(Duration.ofSeconds(30));
        ScopeConfig scope = m.get("scope").map(n -> scope(n.asMap())).orElse(ScopeConfig.DEFAULT);
        return new ServeConfig(rules, http, sqs, bus, idem, idemTable, inventory, grace, scope);
    }

    private static ScopeConfig scope(MapNode s) {
        s.allowOnly("managed-tag", "groups");
        Optional<Optional<String>> tag = s.get("managed-tag").map(n -> {
            String v = n.asScalar().asString();
            if (v.isBlank()) throw InputError.at(n, "managed-tag: expected a tag key, or none to act on untagged groups too");
            return ScopeConfig.tagOrNone(v);
        });
        List<String> groups = new ArrayList<>();
        s.get("groups").ifPresent(n -> n.asList().items().forEach(g -> {
            String v = g.asScalar().asString();
            if (v.isBlank()) throw InputError.at(g, "groups: an Auto Scaling group name must not be empty");
            groups.add(v);
        }));
        return new ScopeConfig(tag, List.copyOf(groups));
    }

    /** {dynamodb-table, create-table, endpoint}: empty when no table is named. */
    private static Optional<DynamoDbRef> table(MapNode i) {
        Optional<Node> name = i.get("dynamodb-table");
        if (name.isEmpty()) {
            for (String k : new String[] {"create-table", "endpoint"}) {
                if (i.get(k).isPresent()) throw InputError.at(i.require(k), k + " needs dynamodb-table");
            }
            return Optional.empty();
        }
        String table = name.get().asScalar().asString();
        // DynamoDB's rule for table names: 3-255 of a-z A-Z 0-9 _ - .
        if (!table.matches("[A-Za-z0-9_.-]{3,255}")) {
            throw InputError.at(name.get(), "'" + table + "' is not a DynamoDB table name (3-255 of a-z, A-Z, 0-9, _ - .)");
        }
        boolean create = i.get("create-table").map(n -> n.asScalar().asBoolean()).orElse(false);
        Optional<java.net.URI> endpoint = i.get("endpoint").map(n -> {
            String v = n.asScalar().asString();
            try {
                java.net.URI u = java.net.URI.create(v);
                if (u.getScheme() == null || !u.getScheme().matches("https?") || u.getHost() == null) throw new IllegalArgumentException();
                return u;
            } catch (IllegalArgumentException e) {
                throw InputError.at(n, "endpoint: expected an http(s) URL such as http://127.0.0.1:8000, got '" + v + "'");
            }
        });
        return Optional.of(new DynamoDbRef(table, create, endpoint, name.get()));
    }

    private static Http http(MapNode h, Function<String, String> env) {
        h.allowOnly("listen", "token-env");
        Node listenNode = h.get("listen").orElse(null);
        String listen = listenNode == null ? "127.0.0.1:8787" : listenNode.asScalar().asString();
        int colon = listen.lastIndexOf(':');
        if (colon < 0) throw InputError.at(listenNode, "listen: expected HOST:PORT, got '" + listen + "'");
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw InputError.at(listenNode, "listen: port '" + listen.substring(colon + 1) + "' is not a number");
        }
        if (port < 0 || port > 65535) throw InputError.at(listenNode, "listen: port " + port + " is out of range 0-65535");
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(listen.substring(0, colon)), port);
        } catch (UnknownHostException e) {
            throw InputError.at(listenNode, "listen: unknown host '" + listen.substring(0, colon) + "'");
        }
        Node tokenEnv = h.require("token-env");
        String var = tokenEnv.asScalar().asString();
        String token = env.apply(var);
        if (token == null || token.isBlank()) {
            throw InputError.at(tokenEnv, "environment variable " + var + " is not set: POST /events needs a bearer token");
        }
        if (token.length() < 16) throw InputError.at(tokenEnv, "the token in " + var + " is shorter than 16 characters");
        return new Http(address, token.trim());
    }

    private static SqsSource.Settings sqs(MapNode q) {
        q.allowOnly("queue-url", "dead-letter-queue-url", "workers", "wait", "visibility", "extend-every",
                "retry-delay", "max-receives", "receive-hold");
        SqsSource.Settings d = SqsSource.Settings.defaults(q.string("queue-url"));
        int workers = q.get("workers").map(n -> n.asScalar().asInt(1, 1000)).orElse(d.workers());
        Duration wait = q.get("wait").map(ServeConfig::duration).orElse(d.waitTime());
        if (wait.toSeconds() > 20) throw InputError.at(q.require("wait"), "SQS long polls at most 20 s");
        Duration visibility = q.get("visibility").map(ServeConfig::positive).orElse(d.visibility());
        if (visibility.toSeconds() > 43_200) throw InputError.at(q.require("visibility"), "at most 12h (SQS)");
        if (visibility.toMillis() % 1000 != 0) throw InputError.at(q.require("visibility"), "SQS takes whole seconds");
        Duration extend = q.get("extend-every").map(ServeConfig::positive).orElse(visibility.dividedBy(3));
        if (extend.compareTo(visibility) >= 0) {
            throw InputError.at(q.require("extend-every"), "extend-every must be shorter than visibility ("
                    + visibility.toSeconds() + "s), or the message reappears before it is extended");
        }
        Duration retry = q.get("retry-delay").map(ServeConfig::duration).orElse(d.retryDelay());
        int maxReceives = q.get("max-receives").map(n -> n.asScalar().asInt(1, 1000)).orElse(d.maxReceives());
        Duration hold = q.get("receive-hold").map(ServeConfig::positive).orElse(d.receiveHold());
        if (hold.toMillis() % 1000 != 0) throw InputError.at(q.require("receive-hold"), "SQS takes whole seconds");
        SqsSource.Settings settings = new SqsSource.Settings(d.queueUrl(), q.optString("dead-letter-queue-url"), workers,
                d.batch(), wait, visibility, extend, retry, maxReceives, hold);
        if (settings.hold().toSeconds() < 2) {
            throw InputError.at(q.get("receive-hold").orElseGet(() -> q.require("visibility")),
                    "receive-hold (or visibility, when shorter) must be at least 2s: a receive is renewed at half of it");
        }
        return settings;
    }

    private static Duration duration(Node n) {
        return n.asScalar().asDuration();
    }

    private static Duration positive(Node n) {
        Duration d = duration(n);
        if (d.isZero() || d.isNegative()) throw InputError.at(n, "expected a positive duration");
        return d;
    }

}
