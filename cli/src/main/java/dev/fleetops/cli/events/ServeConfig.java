package dev.fleetops.cli.events;

import dev.fleetops.events.EventDispatcher;
import dev.fleetops.events.sources.SqsSource;
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
 * idempotency: {event-ttl: 24h, action-ttl: 6h}
 * shutdown-grace: 30s
 * </pre>
 */
record ServeConfig(Path rules, Optional<Http> http, List<SqsSource.Settings> sqs, boolean bus,
                   EventDispatcher.Settings idempotency, Duration shutdownGrace) {

    record Http(InetSocketAddress listen, String token) { }

    static ServeConfig read(Path file, Function<String, String> env) {
        MapNode m = SourceReader.read(file).asMap()
                .allowOnly("rules", "http", "sqs", "bus", "idempotency", "shutdown-grace");
        Path base = file.toAbsolutePath().getParent();
        Path rules = base.resolve(m.string("rules"));
        Optional<Http> http = m.get("http").map(n -> http(n.asMap(), env));
        List<SqsSource.Settings> sqs = new ArrayList<>();
        m.get("sqs").ifPresent(n -> n.asList().items().forEach(q -> sqs.add(sqs(q.asMap()))));
        boolean bus = m.get("bus").map(n -> n.asScalar().asBoolean()).orElse(false);
        if (http.isEmpty() && sqs.isEmpty() && !bus) {
            throw InputError.at(m, "no sources: configure at least one of http, sqs, bus");
        }
        EventDispatcher.Settings idem = EventDispatcher.Settings.defaults();
        if (m.get("idempotency").isPresent()) {
            MapNode i = m.require("idempotency").asMap().allowOnly("event-ttl", "action-ttl");
            idem = new EventDispatcher.Settings(
                    i.get("event-ttl").map(n -> positive(n)).orElse(idem.eventTtl()),
                    i.get("action-ttl").map(n -> positive(n)).orElse(idem.actionTtl()));
        }
        Duration grace = m.get("shutdown-grace").map(ServeConfig::positive).orElse(Duration.ofSeconds(30));
        return new ServeConfig(rules, http, sqs, bus, idem, grace);
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
                "retry-delay", "max-receives");
        SqsSource.Settings d = SqsSource.Settings.defaults(q.string("queue-url"));
        int workers = q.get("workers").map(n -> n.asScalar().asInt(1, 1000)).orElse(d.workers());
        Duration wait = q.get("wait").map(ServeConfig::duration).orElse(d.waitTime());
        if (wait.toSeconds() > 20) throw InputError.at(q.require("wait"), "SQS long polls at most 20 s");
        Duration visibility = q.get("visibility").map(ServeConfig::positive).orElse(d.visibility());
        if (visibility.toSeconds() > 43_200) throw InputError.at(q.require("visibility"), "at most 12h (SQS)");
        Duration extend = q.get("extend-every").map(ServeConfig::positive).orElse(visibility.dividedBy(3));
        if (extend.compareTo(visibility) >= 0) {
            throw InputError.at(q.require("extend-every"), "extend-every must be shorter than visibility ("
                    + visibility.toSeconds() + "s), or the message reappears before it is extended");
        }
        Duration retry = q.get("retry-delay").map(ServeConfig::duration).orElse(d.retryDelay());
        int maxReceives = q.get("max-receives").map(n -> n.asScalar().asInt(1, 1000)).orElse(d.maxReceives());
        return new SqsSource.Settings(d.queueUrl(), q.optString("dead-letter-queue-url"), workers, d.batch(), wait,
                visibility, extend, retry, maxReceives);
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
