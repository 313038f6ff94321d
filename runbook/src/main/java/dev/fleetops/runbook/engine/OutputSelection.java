package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ParameterType;
import dev.fleetops.runbook.document.StepOutput;
import dev.fleetops.json.JsonPath;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A step's outputs: the action's built-in outputs plus the user's {@code outputs: [{Name, Selector, Type}]},
 * selected with SSM's JSONPath from the API response (or, for actions without one, from the built-in outputs)
 * and converted to the declared type. A value that cannot have that type fails the attempt, as on AWS.
 */
final class OutputSelection {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OutputSelection() { }

    static Map<String, JsonNode> outputs(List<StepOutput> declared, ActionResult result, List<String> notes) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        result.outputs().forEach((k, v) -> {
            if (!k.equals(ActionResult.RESPONSE)) out.put(k, v);
        });
        if (declared.isEmpty()) return out;
        JsonNode source = result.outputs().get(ActionResult.RESPONSE);
        if (source == null) {
            ObjectNode o = F.objectNode();
            out.forEach(o::set);
            source = o;
        }
        for (StepOutput o : declared) {
            JsonPath path;
            try {
                path = JsonPath.compile(o.selector());
            } catch (IllegalArgumentException e) {
                throw new ActionFailure(ActionFailure.Type.Verification, "output " + o.name() + ": " + e.getMessage());
            }
            List<JsonNode> selected = path.select(source);
            if (selected.isEmpty()) {
                notes.add("output " + o.name() + ": selector " + o.selector() + " matched nothing in the response");
                continue;
            }
            out.put(o.name(), convert(o, path.definite() ? selected.get(0) : flatten(selected)));
        }
        return out;
    }

    private static ArrayNode flatten(List<JsonNode> values) {
        ArrayNode a = F.arrayNode();
        for (JsonNode v : values) {
            if (v.isArray()) a.addAll((ArrayNode) v);
            else a.add(v);
        }
        return a;
    }

    static JsonNode convert(StepOutput o, JsonNode v) {
        ParameterType t = o.type();
        switch (t) {
            case STRING:
                if (v.isValueNode()) return F.textNode(v.isTextual() ? v.textValue() : v.asText());
                break;
            case INTEGER:
                if (v.isIntegralNumber()) return v;
                if (v.isTextual() && v.textValue().trim().matches("-?\\d+")) return F.numberNode(Long.parseLong(v.textValue().trim()));
                break;
            case BOOLEAN:
                if (v.isBoolean()) return v;
                if (v.isTextual() && (v.textValue().equalsIgnoreCase("true") || v.textValue().equalsIgnoreCase("false"))) {
                    return F.booleanNode(Boolean.parseBoolean(v.textValue()));
                }
                break;
            case STRING_LIST: {
                List<JsonNode> items = new ArrayList<>();
                if (v.isArray()) v.forEach(items::add);
                else items.add(v);
                ArrayNode a = F.arrayNode();
                for (JsonNode i : items) {
                    if (!i.isValueNode()) return mismatch(o, v);
                    a.add(i.asText());
                }
                return a;
            }
            case STRING_MAP:
                if (v.isObject()) return v;
                break;
            case MAP_LIST: {
                ArrayNode a = F.arrayNode();
                if (v.isObject()) return a.add(v);
                if (v.isArray()) {
                    for (JsonNode i : v) if (!i.isObject()) return mismatch(o, v);
                    return v;
                }
                break;
            }
            default:
                break;
        }
        return mismatch(o, v);
    }

    private static JsonNode mismatch(StepOutput o, JsonNode v) {
        String what = v.isArray() ? "a list" : v.isObject() ? "a map" : v.isTextual() ? "the string \"" + v.textValue() + "\"" : v.toString();
        throw new ActionFailure(ActionFailure.Type.Verification, "output " + o.name() + ": selector " + o.selector()
                + " selected " + what + ", which is not a " + o.type().ssmName()
                + (v.isArray() && !o.type().composite() ? " (a deep scan .. always yields a list: use StringList or MapList)" : ""));
    }
}
