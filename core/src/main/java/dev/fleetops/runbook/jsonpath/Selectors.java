package dev.fleetops.runbook.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.fleetops.runbook.document.ParameterType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Step outputs {@code {Name, Selector, Type}} and property selectors over an API response: the selected JSON
 * converted to the declared type (UG automation-action-outputs-inputs), with an error that names the selector, the
 * type and what was found when they do not fit.
 */
public final class Selectors {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Selectors() { }

    /**
     * The output value of {@code selector} over {@code response} as {@code type}.
     *
     * @return empty when a definite selector matched nothing (an indefinite one gives an empty list)
     * @throws JsonPathException on a bad selector or a value that does not convert
     */
    public static Optional<JsonNode> output(JsonNode response, String selector, ParameterType type) {
        JsonPath path = JsonPath.compile(selector);
        List<JsonNode> matches = path.select(response);
        if (matches.isEmpty() && path.definite()) return Optional.empty();
        return Optional.of(convert(path, matches, type));
    }

    /** Converts the matches of {@code path} to {@code type}. */
    public static JsonNode convert(JsonPath path, List<JsonNode> matches, ParameterType type) {
        if (!path.definite() && !(type == ParameterType.STRING_LIST || type == ParameterType.MAP_LIST)) {
            throw new JsonPathException("selector " + path + " uses '..' or '[*]', which always yields a list: "
                    + "declare Type StringList or MapList, not " + type);
        }
        return switch (type) {
            case STRING -> F.textNode(scalar(path, single(path, matches), type));
            case INTEGER -> F.numberNode(integer(path, single(path, matches)));
            case BOOLEAN -> F.booleanNode(bool(path, single(path, matches)));
            case STRING_MAP -> {
                JsonNode v = single(path, matches);
                if (!v.isObject()) throw mismatch(path, type, v);
                yield v.deepCopy();
            }
            case STRING_LIST -> {
                ArrayNode out = F.arrayNode();
                for (JsonNode v : elements(path, matches)) out.add(scalar(path, v, type));
                yield out;
            }
            case MAP_LIST -> {
                ArrayNode out = F.arrayNode();
                for (JsonNode v : elements(path, matches)) {
                    if (!v.isObject()) throw mismatch(path, type, v);
                    out.add(v.deepCopy());
                }
                yield out;
            }
        };
    }

    /**
     * A scalar as SSM compares and prints it (reference D3): text as is, numbers in decimal, booleans
     * {@code True}/{@code False}.
     */
    public static String text(JsonNode v) {
        if (v.isBoolean()) return v.booleanValue() ? "True" : "False";
        if (v.isNumber()) return v.isIntegralNumber() ? v.bigIntegerValue().toString() : v.decimalValue().toPlainString();
        return v.asText();
    }

    /** A short rendering of a value for messages. */
    public static String show(JsonNode v) {
        if (v.isValueNode()) return v.isTextual() ? "\"" + v.asText() + "\"" : text(v);
        String s = v.toString();
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    private static JsonNode single(JsonPath path, List<JsonNode> matches) {
        if (matches.size() != 1) {
            throw new JsonPathException("selector " + path + " matched " + matches.size() + " values, expected one");
        }
        return matches.get(0);
    }

    /** For list types: the matches, with a definite path's single array (or an array match) taken element-wise. */
    private static List<JsonNode> elements(JsonPath path, List<JsonNode> matches) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : matches) {
            if (m.isArray()) m.elements().forEachRemaining(out::add);
            else out.add(m);
        }
        return out;
    }

    private static String scalar(JsonPath path, JsonNode v, ParameterType type) {
        if (!v.isValueNode()) throw mismatch(path, type, v);
        return text(v);
    }

    private static long integer(JsonPath path, JsonNode v) {
        if (v.isIntegralNumber() && v.canConvertToLong()) return v.longValue();
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw mismatch(path, ParameterType.INTEGER, v);
    }

    private static boolean bool(JsonPath path, JsonNode v) {
        if (v.isBoolean()) return v.booleanValue();
        if (v.isTextual()) {
            String s = v.asText().trim().toLowerCase(Locale.ROOT);
            if (s.equals("true")) return true;
            if (s.equals("false")) return false;
        }
        throw mismatch(path, ParameterType.BOOLEAN, v);
    }

    private static JsonPathException mismatch(JsonPath path, ParameterType type, JsonNode v) {
        String hint = v.isObject() ? (type == ParameterType.MAP_LIST ? "" : "; a map fits Type StringMap")
                : v.isArray() ? "; a list fits Type StringList or MapList" : "";
        return new JsonPathException("selector " + path + " selected " + kind(v) + " " + show(v)
                + ", which is not " + article(type) + hint);
    }

    private static String article(ParameterType type) {
        return switch (type) {
            case INTEGER -> "an Integer";
            case STRING_LIST, MAP_LIST -> "an element of a " + type;
            default -> "a " + type;
        };
    }

    private static String kind(JsonNode v) {
        if (v.isObject()) return "a map";
        if (v.isArray()) return "a list";
        if (v.isBoolean()) return "a boolean";
        if (v.isNumber()) return "a number";
        return "a string";
    }
}
