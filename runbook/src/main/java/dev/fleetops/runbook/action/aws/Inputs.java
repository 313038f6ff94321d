package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.runbook.action.ActionFailure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An action's interpolated inputs read as the types the UG action pages give them. SSM passes most values as
 * strings ("true", "2"), so those are accepted too; anything else fails the step naming the input.
 */
final class Inputs {

    private final String action;
    private final ObjectNode node;

    Inputs(String action, ObjectNode node) {
        this.action = action;
        this.node = node;
    }

    ObjectNode node() {
        return node;
    }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    String string(String name) {
        return optString(name).orElseThrow(() -> bad(name, "is required"));
    }

    Optional<String> optString(String name) {
        if (!has(name)) return Optional.empty();
        JsonNode v = node.get(name);
        if (v.isArray() && v.size() == 1 && v.get(0).isValueNode()) v = v.get(0);
        if (!v.isValueNode()) throw bad(name, "must be a String, got " + v);
        return Optional.of(v.asText());
    }

    /** A StringList; a single value counts as a one-element list. */
    List<String> stringList(String name) {
        if (!has(name)) throw bad(name, "is required");
        JsonNode v = node.get(name);
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isValueNode()) throw bad(name, "must be a StringList, got an element " + e);
                out.add(e.asText());
            }
        } else if (v.isValueNode()) {
            out.add(v.asText());
        } else {
            throw bad(name, "must be a StringList, got " + v);
        }
        return out;
    }

    boolean bool(String name, boolean otherwise) {
        if (!has(name)) return otherwise;
        JsonNode v = node.get(name);
        if (v.isBoolean()) return v.booleanValue();
        String s = v.asText().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) return true;
        if (s.equals("false")) return false;
        throw bad(name, "must be a Boolean (true or false), got " + v);
    }

    int integer(String name, int otherwise) {
        if (!has(name)) return otherwise;
        JsonNode v = node.get(name);
        if (v.isIntegralNumber() && v.canConvertToInt()) return v.intValue();
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw bad(name, "must be an Integer, got " + v);
    }

    /** Every input but {@code except}, for passing on as API members. */
    ObjectNode without(Set<String> except) {
        ObjectNode out = node.objectNode();
        node.fields().forEachRemaining(e -> {
            if (!except.contains(e.getKey())) out.set(e.getKey(), e.getValue());
        });
        return out;
    }

    /** The step fails: an input the action cannot use. */
    ActionFailure bad(String name, String problem) {
        return new ActionFailure(ActionFailure.Type.Action, action + " input " + name + " " + problem);
    }
}
