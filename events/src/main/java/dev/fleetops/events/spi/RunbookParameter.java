package dev.fleetops.events.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.JsonPath;
import dev.fleetops.source.InputError;
import dev.fleetops.source.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * A runbook parameter taken from an event (a runbook rule's {@code parameters:}, lifecycle-hook's
 * {@code runbook-parameters:}): literal text, or a JSONPath into the event's EventBridge JSON when it starts with
 * {@code $} ({@code $.detail.instance-id}).
 *
 * @param path null for a literal
 */
public record RunbookParameter(String literal, JsonPath path) {

    /** Reads one value as written; a path SSM's JSONPath does not accept is an InputError at {@code node}. */
    public static RunbookParameter read(Node node) {
        String text = node.asScalar().asString();
        if (!text.startsWith("$")) return new RunbookParameter(text, null);
        try {
            return new RunbookParameter(null, JsonPath.compile(text));
        } catch (IllegalArgumentException e) {
            throw InputError.at(node, "JSONPath '" + text + "' is not a JSONPath SSM accepts: " + e.getMessage());
        }
    }

    /** The values for {@code event}: the literal, or what the path selects (arrays flattened, as a StringList). */
    public List<String> values(JsonNode event) {
        if (path == null) return List.of(literal);
        List<String> out = new ArrayList<>();
        for (JsonNode n : path.select(event)) {
            if (n.isArray()) n.forEach(x -> out.add(x.isValueNode() ? x.asText() : x.toString()));
            else out.add(n.isValueNode() ? n.asText() : n.toString());
        }
        return out;
    }

    /**
     * Every parameter's values for {@code event}, into {@code into}, in order; the first parameter whose path selects
     * nothing is the problem returned (the runbook then does not start).
     */
    public static java.util.Optional<String> resolve(java.util.Map<String, RunbookParameter> parameters, JsonNode event,
                                                     java.util.Map<String, List<String>> into) {
        for (java.util.Map.Entry<String, RunbookParameter> p : parameters.entrySet()) {
            List<String> values = p.getValue().values(event);
            if (values.isEmpty()) {
                return java.util.Optional.of("runbook parameter " + p.getKey() + ": " + p.getValue().path()
                        + " selects nothing in the event");
            }
            into.put(p.getKey(), values);
        }
        return java.util.Optional.empty();
    }
}
