package dev.fleetops.events.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.HandlerFactory;
import dev.fleetops.events.spi.RunbookParameter;
import dev.fleetops.json.Json;
import dev.fleetops.source.InputError;
import dev.fleetops.source.ListNode;
import dev.fleetops.source.Location;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.NodeJson;
import dev.fleetops.source.ScalarNode;
import dev.fleetops.source.SourceReader;
import software.amazon.event.ruler.GenericMachine;
import software.amazon.event.ruler.JsonRuleCompiler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a rules file, compiled into one event-ruler machine. Loading checks everything a rule can get
 * wrong (pattern syntax via event-ruler's compiler, unknown handler, handler settings, runbook parameters) and
 * reports it with file and line; matching returns the matched rules in file order.
 *
 * <pre>
 * rules:
 *   - name: spot
 *     pattern: {source: [aws.ec2], detail-type: [EC2 Spot Instance Interruption Warning]}
 *     handler: spot-interruption
 *     settings: {min-in-service: 2}
 *   - name: cleanup
 *     pattern: {source: [aws.ec2], detail: {state: [terminated]}}
 *     runbook: Decommission
 *     parameters: {InstanceId: $.detail.instance-id}
 * </pre>
 */
public final class RuleSet {

    private static final List<String> RULE_FIELDS =
            List.of("name", "description", "enabled", "pattern", "handler", "settings", "runbook", "parameters");

    private final List<Rule> rules;
    /** Each rule is named in the machine by its index in the file: matched rules come back ready to sort. */
    private final GenericMachine<Integer> machine = new GenericMachine<>();

    private RuleSet(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            try {
                machine.addRule(i, Json.compact(r.pattern()));
            } catch (Exception e) {
                // checked at load; reaching this means event-ruler's check and compile disagree
                throw new InputError(r.location(), "pattern", "event-ruler rejected the pattern: " + e.getMessage());
            }
        }
    }

    public static RuleSet load(Path file, HandlerRegistry registry) {
        return parse(SourceReader.read(file), registry);
    }

    public static RuleSet load(String name, String text, HandlerRegistry registry) {
        return parse(SourceReader.read(name, text), registry);
    }

    public static RuleSet of(List<Rule> rules) {
        return new RuleSet(rules);
    }

    public static RuleSet parse(Node root, HandlerRegistry registry) {
        MapNode top = root.asMap().allowOnly("rules");
        ListNode list = top.require("rules").asList();
        if (list.size() == 0) throw InputError.at(list, "no rules: a rules file needs at least one rule");
        List<InputError> errors = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        Map<String, Location> names = new LinkedHashMap<>();
        for (Node item : list.items()) {
            try {
                Rule r = rule(item.asMap(), registry);
                Location first = names.putIfAbsent(r.name(), r.location());
                if (first != null) {
                    throw InputError.at(item.asMap().require("name"), "duplicate rule name '" + r.name() + "' (first at line " + first.line() + ")");
                }
                if (item.asMap().get("enabled").map(n -> n.asScalar().asBoolean()).orElse(true)) rules.add(r);
            } catch (InputError e) {
                errors.add(e);
            }
        }
        if (errors.size() == 1) throw errors.get(0);
        if (!errors.isEmpty()) throw new InputError.Many(errors);
        return new RuleSet(rules);
    }

    private static Rule rule(MapNode m, HandlerRegistry registry) {
        m.allowOnly(RULE_FIELDS);
        Node nameNode = m.require("name");
        String name = nameNode.asScalar().asString();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw InputError.at(nameNode, "rule name '" + name + "': letters, digits, '.', '_' and '-', at most 64 characters");
        }
        String description = m.optString("description").orElse("");
        JsonNode pattern = pattern(m.require("pattern"));
        boolean hasHandler = m.has("handler");
        boolean hasRunbook = m.has("runbook");
        if (hasHandler == hasRunbook) {
            throw InputError.at(m, "rule '" + name + "': give exactly one of 'handler' (with 'settings') or 'runbook' (with 'parameters')");
        }
        Rule rule;
        if (hasHandler) {
            if (m.has("parameters")) throw InputError.at(m.require("parameters"), "'parameters' go with 'runbook'; a handler takes 'settings'");
            Node handlerNode = m.require("handler");
            HandlerFactory factory = registry.require(handlerNode.asScalar().asString(), handlerNode);
            MapNode settings = m.get("settings").map(Node::asMap)
                    .orElseGet(() -> new MapNode(Map.of(), Map.of(), m.location(), Node.child(m.path(), "settings")));
            rule = new Rule(name, m.location(), description, pattern, factory.create(settings));
        } else {
            if (m.has("settings")) throw InputError.at(m.require("settings"), "'settings' go with 'handler'; a runbook takes 'parameters'");
            String document = m.string("runbook");
            Map<String, RunbookParameter> params = new LinkedHashMap<>();
            m.get("parameters").ifPresent(p -> p.asMap().entries().forEach((k, v) -> params.put(k, RunbookParameter.read(v))));
            rule = new Rule(name, m.location(), description, pattern, new RunbookRuleHandler(document, params));
        }
        return rule;
    }

    /** The pattern as a mapping or as a JSON string (as written in CloudFormation or Terraform). */
    private static JsonNode pattern(Node node) {
        JsonNode json;
        if (node instanceof ScalarNode s) {
            try {
                json = Json.parse(s.asString());
            } catch (Exception e) {
                throw InputError.at(node, "pattern is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
        } else {
            json = NodeJson.toJson(node);
        }
        if (!json.isObject() || json.isEmpty()) throw InputError.at(node, "pattern: expected a non-empty mapping of event fields");
        String problem = JsonRuleCompiler.check(Json.compact(json));
        if (problem != null) throw InputError.at(node, "invalid event pattern: " + problem);
        return json;
    }

    public List<Rule> rules() {
        return rules;
    }

    public int size() {
        return rules.size();
    }

    /** The rules matching {@code event}, in file order. */
    public List<Rule> match(Event event) {
        return match(event.envelopeJson());
    }

    public List<Rule> match(JsonNode eventJson) {
        List<Integer> matched = machine.rulesForJSONEvent(eventJson);
        switch (matched.size()) {
            case 0:
                return List.of();
            case 1:
                return List.of(rules.get(matched.get(0)));
            default:
                int[] indexes = new int[matched.size()];
                for (int i = 0; i < indexes.length; i++) indexes[i] = matched.get(i);
                java.util.Arrays.sort(indexes);
                Rule[] out = new Rule[indexes.length];
                for (int i = 0; i < indexes.length; i++) out[i] = rules.get(indexes[i]);
                return List.of(out);
        }
    }
}
