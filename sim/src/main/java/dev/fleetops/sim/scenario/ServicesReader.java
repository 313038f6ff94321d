package dev.fleetops.sim.scenario;

import dev.fleetops.sim.scenario.Scenario.DeadLetter;
import dev.fleetops.sim.scenario.Scenario.HostedZone;
import dev.fleetops.sim.scenario.Scenario.Queue;
import dev.fleetops.sim.scenario.Scenario.RecordSet;
import dev.fleetops.sim.scenario.Scenario.Rule;
import dev.fleetops.source.InputError;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.NodeJson;
import dev.fleetops.source.ScalarNode;
import software.amazon.event.ruler.RuleCompiler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.fleetops.sim.scenario.ScenarioFields.name;
import static dev.fleetops.sim.scenario.ScenarioFields.reference;
import static dev.fleetops.sim.scenario.ScenarioFields.seconds;

/** Reads the Route 53, SQS and EventBridge sections of a scenario, with AWS's limits. */
final class ServicesReader {

    static final Pattern DOMAIN = Pattern.compile("(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9])?\\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.?");
    static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    static final Pattern RULE_NAME = Pattern.compile("[.\\-_A-Za-z0-9]+");
    static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    static final List<String> RECORD_TYPES = List.of("A", "AAAA", "CAA", "CNAME", "MX", "NAPTR", "NS", "PTR", "SPF",
            "SRV", "TXT");

    List<HostedZone> hostedZones(MapNode root) {
        return ScenarioFields.named(root, "hostedZones", "hosted zone", m -> {
            m.allowOnly("name", "records");
            String zone = domain(m.require("name").asScalar());
            List<RecordSet> records = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (MapNode r : ScenarioFields.maps(m, "records")) {
                r.allowOnly("name", "type", "ttl", "values");
                ScalarNode nameNode = r.require("name").asScalar();
                String name = domain(nameNode);
                if (!name.equals(zone) && !name.endsWith("." + zone)) {
                    throw InputError.at(nameNode, "'" + name + "' is not in the zone '" + zone + "'");
                }
                r.require("type");
                String type = ScenarioFields.oneOf(r, "type", RECORD_TYPES, "A");
                if (!seen.add(name + " " + type)) {
                    throw InputError.at(nameNode, "a second " + type + " record for '" + name + "'");
                }
                long ttl = r.get("ttl").map(n -> n.asScalar().asLong(0, 2_147_483_647L)).orElse(300L);
                List<String> values = ScenarioFields.strings(r, "values");
                if (values.isEmpty()) throw InputError.at(r.get("values").orElse(r), "a record needs at least one value");
                if (type.equals("CNAME") && values.size() > 1) {
                    throw InputError.at(r.require("values"), "a CNAME record has exactly one value");
                }
                if (type.equals("A")) {
                    for (Node v : ScenarioFields.list(r, "values")) {
                        if (!IPV4.matcher(v.asScalar().asString()).matches()) {
                            throw InputError.at(v, "expected an IPv4 address, got " + v.asScalar().describe());
                        }
                    }
                }
                records.add(new RecordSet(name, type, ttl, values));
            }
            return new HostedZone(zone, records);
        });
    }

    /** A domain name, lower-cased and without the final dot. */
    private static String domain(ScalarNode n) {
        String v = n.asString().toLowerCase(Locale.ROOT);
        if (v.length() > 255 || !DOMAIN.matcher(v).matches()) {
            throw InputError.at(n, "expected a domain name such as example.com, got " + n.describe());
        }
        return v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
    }

    List<Queue> queues(MapNode root) {
        Map<String, Node> dlqRefs = new LinkedHashMap<>();
        List<Queue> queues = ScenarioFields.named(root, "queues", "queue", m -> {
            m.allowOnly("name", "visibilityTimeout", "messageRetention", "deadLetter");
            String name = name(m, "name", QUEUE_NAME, 80, "letters, digits, hyphens and underscores");
            Duration visibility = seconds(m, "visibilityTimeout", Duration.ZERO, Duration.ofHours(12),
                    Duration.ofSeconds(30));
            Duration retention = seconds(m, "messageRetention", Duration.ofSeconds(60), Duration.ofDays(14),
                    Duration.ofDays(4));
            Optional<DeadLetter> dlq = m.get("deadLetter").map(n -> {
                MapNode d = n.asMap().allowOnly("queue", "maxReceiveCount");
                dlqRefs.put(name, d.require("queue"));
                return new DeadLetter(d.string("queue"), d.require("maxReceiveCount").asScalar().asInt(1, 1000));
            });
            return new Queue(name, visibility, retention, dlq);
        });
        Set<String> names = new LinkedHashSet<>();
        queues.forEach(q -> names.add(q.name()));
        for (var e : dlqRefs.entrySet()) {
            String target = reference(e.getValue(), names, "queue");
            if (target.equals(e.getKey())) throw InputError.at(e.getValue(), "a queue cannot be its own dead-letter queue");
        }
        checkNoCycle(queues, dlqRefs);
        return queues;
    }

    /** Queues are created dead-letter queue first, which a cycle of redrive policies would make impossible. */
    private static void checkNoCycle(List<Queue> queues, Map<String, Node> refs) {
        Map<String, String> next = new LinkedHashMap<>();
        queues.forEach(q -> q.deadLetter().ifPresent(d -> next.put(q.name(), d.queue())));
        for (String start : next.keySet()) {
            Set<String> path = new LinkedHashSet<>();
            for (String q = start; q != null; q = next.get(q)) {
                if (!path.add(q)) {
                    throw InputError.at(refs.get(start), "dead-letter queues form a cycle: "
                            + String.join(" -> ", path) + " -> " + q);
                }
            }
        }
    }

    List<Rule> rules(MapNode root, Set<String> queues) {
        return ScenarioFields.named(root, "rules", "rule", m -> {
            m.allowOnly("name", "description", "pattern", "queue");
            String name = name(m, "name", RULE_NAME, 64, "letters, digits and . - _");
            Node p = m.require("pattern");
            String json = p instanceof ScalarNode s ? s.asString() : NodeJson.toJson(p.asMap()).toString();
            String problem;
            try {
                problem = RuleCompiler.check(json);
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                // event-ruler appends the JSON parser's position in its own text; the node's location is better
                throw InputError.at(p, "invalid event pattern: " + problem.lines().findFirst().orElse("").trim());
            }
            String queue = reference(m.require("queue"), queues, "queue");
            return new Rule(name, ScenarioFields.string(m, "description", ""), json, queue);
        });
    }
}
