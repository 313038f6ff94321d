package dev.fleetops.handlers.decommission;

import dev.fleetops.files.SecretFiles;
import dev.fleetops.handlers.Settings;
import dev.fleetops.source.InputError;
import dev.fleetops.source.ListNode;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import software.amazon.awssdk.services.route53.model.RRType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Settings of the {@code decommission} handler (docs/handlers.md): when to clean, where the inventory lives, how
 * Chef and Consul nodes are named, and the cleanups in the order written. Secrets and keys are read at load, so
 * a missing key file is a load error at its line, not a failure at the first termination.
 *
 * @param states            states that trigger the cleanups (default shutting-down and terminated)
 * @param inventoryFile     where the inventory is kept; empty: in memory
 * @param inventoryInterval how often the periodic inventory runs; zero: never
 */
record DecommissionSettings(List<String> states, Optional<Path> inventoryFile, Duration inventoryInterval,
                                   Optional<String> chefNodeTag, NameTemplate chefNode, Optional<String> consulNodeTag,
                                   NameTemplate consulNode, List<Cleanup> cleanups) {

    static final List<String> STATES = List.of("pending", "running", "stopping", "stopped", "shutting-down", "terminated");

    public static DecommissionSettings read(MapNode m) {
        return read(m, dev.fleetops.time.RealScheduler.systemClock(), System::getenv);
    }

    /**
     * @param clock real time for Chef signatures
     * @param env   environment lookup for {@code secret-env}
     */
    public static DecommissionSettings read(MapNode m, Clock clock, Function<String, String> env) {
        m.allowOnly("states", "inventory-file", "inventory-interval", "chef-node-tag", "chef-node", "consul-node-tag",
                "consul-node", "route53", "chef", "consul", "webhook");
        List<String> states = new ArrayList<>();
        if (m.get("states").isPresent()) {
            ListNode l = m.require("states").asList();
            for (Node n : l.items()) {
                String s = n.asScalar().asString();
                if (!STATES.contains(s)) throw InputError.at(n, "not an EC2 instance state: '" + s + "'; states: " + STATES);
                if (s.equals("pending") || s.equals("running")) {
                    throw InputError.at(n, "'" + s + "' is when the inventory is captured, not when cleanups run");
                }
                states.add(s);
            }
        } else {
            states.addAll(List.of("shutting-down", "terminated"));
        }
        List<Cleanup> cleanups = new ArrayList<>();
        for (Map.Entry<String, Node> e : m.list()) {
            switch (e.getKey()) {
                case "route53" -> cleanups.add(route53(e.getValue().asMap()));
                case "chef" -> cleanups.add(chef(e.getValue().asMap(), clock));
                case "consul" -> cleanups.add(consul(e.getValue().asMap(), env));
                case "webhook" -> cleanups.add(webhook(e.getValue().asMap(), env));
                default -> { }
            }
        }
        if (cleanups.isEmpty()) throw InputError.at(m, "no cleanup configured: give route53, chef, consul and/or webhook");
        return new DecommissionSettings(states, Settings.string(m, "inventory-file").map(Path::of),
                Settings.duration(m, "inventory-interval", Duration.ZERO, Duration.ofDays(1), Duration.ofMinutes(5)),
                Settings.string(m, "chef-node-tag"), template(m, "chef-node", "{private-dns}"),
                Settings.string(m, "consul-node-tag"), template(m, "consul-node", "{hostname}"), cleanups);
    }

    private static NameTemplate template(MapNode m, String key, String dflt) {
        return m.get(key).map(n -> NameTemplate.parse(n.asScalar().asString(), n)).orElse(new NameTemplate(dflt));
    }

    private static Route53Cleanup route53(MapNode m) {
        m.allowOnly("zone-id", "record", "type");
        String zone = Settings.requiredString(m, "zone-id").replaceFirst("^/hostedzone/", "");
        Optional<NameTemplate> record = m.get("record").map(n -> NameTemplate.parse(n.asScalar().asString(), n));
        RRType type = RRType.fromValue(Settings.oneOf(m, "type", "A", "A", "CNAME"));
        return new Route53Cleanup(zone, record, type);
    }

    private static ChefCleanup chef(MapNode m, Clock clock) {
        m.allowOnly("url", "client", "key-file", "sign-version", "delete-client");
        String url = url(m);
        String client = Settings.requiredString(m, "client");
        Node keyNode = m.require("key-file");
        Optional<String> keyWarning;
        try {
            keyWarning = SecretFiles.check(Path.of(keyNode.asScalar().asString()));
        } catch (IllegalArgumentException e) {
            throw InputError.at(keyNode, e.getMessage());
        } catch (IOException e) {
            throw InputError.at(keyNode, "cannot read " + keyNode.asScalar().asString() + ": " + e.getClass().getSimpleName());
        }
        String pem = readFile(keyNode);
        ChefSigner.Version version = Settings.oneOf(m, "sign-version", "1.3", "1.3", "1.0").equals("1.3")
                ? ChefSigner.Version.V1_3 : ChefSigner.Version.V1_0;
        try {
            return new ChefCleanup(url, new ChefSigner(client, ChefSigner.readKey(pem), version),
                    Settings.bool(m, "delete-client", true), clock, keyWarning);
        } catch (IllegalArgumentException e) {
            throw InputError.at(keyNode, e.getMessage());
        }
    }

    private static ConsulCleanup consul(MapNode m, Function<String, String> env) {
        m.allowOnly("url", "token-file", "token-env", "datacenter");
        Optional<String> token = secret(m, "token-file", "token-env", env, false).map(b -> new String(b, StandardCharsets.UTF_8).trim());
        return new ConsulCleanup(url(m), token, Settings.string(m, "datacenter"));
    }

    private static WebhookCleanup webhook(MapNode m, Function<String, String> env) {
        m.allowOnly("url", "secret-file", "secret-env");
        return new WebhookCleanup(url(m), secret(m, "secret-file", "secret-env", env, true).orElseThrow());
    }

    private static Optional<byte[]> secret(MapNode m, String fileKey, String envKey, Function<String, String> env,
                                           boolean required) {
        if (m.has(fileKey) && m.has(envKey)) throw InputError.at(m, "give " + fileKey + " or " + envKey + ", not both");
        if (m.has(fileKey)) return Optional.of(readFile(m.require(fileKey)).trim().getBytes(StandardCharsets.UTF_8));
        if (m.has(envKey)) {
            Node n = m.require(envKey);
            String v = env.apply(n.asScalar().asString());
            if (v == null || v.isEmpty()) throw InputError.at(n, "environment variable " + n.asScalar().asString() + " is not set");
            return Optional.of(v.getBytes(StandardCharsets.UTF_8));
        }
        if (required) throw InputError.at(m, "missing " + fileKey + " or " + envKey + " (the signing secret)");
        return Optional.empty();
    }

    private static String url(MapNode m) {
        String url = Settings.requiredString(m, "url");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw InputError.at(m.require("url"), "expected an http:// or https:// URL, got '" + url + "'");
        }
        return url;
    }

    private static String readFile(Node n) {
        Path p = Path.of(n.asScalar().asString());
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw InputError.at(n, "cannot read " + p + ": " + e.getClass().getSimpleName());
        }
    }

    public List<String> cleanupNames() {
        return cleanups.stream().map(Cleanup::name).toList();
    }
}
