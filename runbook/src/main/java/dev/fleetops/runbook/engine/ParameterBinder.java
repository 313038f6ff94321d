package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.document.Parameter;
import dev.fleetops.runbook.document.PickerType;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;
import dev.fleetops.source.Suggest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks runtime parameters against the document's definitions and converts them to typed values (AWS Systems Manager User Guide: Data elements and parameters):
 * unknown and missing parameters, Integer without decimals or quotes, Boolean only true/false, StringMap and
 * MapList as JSON, allowedValues, allowedPattern, picker-type patterns, min/max items and chars. A value outside
 * the definition refuses the start; every problem names its parameter. Defaults {@code {{ssm:NAME}}} are left
 * to be resolved from Parameter Store.
 */
final class ParameterBinder {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern SSM_DEFAULT = Pattern.compile("\\s*\\{\\{\\s*ssm:([^}\\s]+)\\s*}}\\s*");

    /** @param ssmDefaults parameter -> Parameter Store name, for defaults still to fetch */
    record Bound(Map<String, JsonNode> values, Map<String, String> ssmDefaults) { }

    private ParameterBinder() { }

    /** @throws StartRefused (PARAMETERS) with every problem found */
    static Bound bind(String document, Map<String, Parameter> definitions, Map<String, List<String>> given) {
        List<String> problems = new ArrayList<>();
        for (String name : given.keySet()) {
            if (!definitions.containsKey(name)) {
                String hint = Optional.ofNullable(Suggest.closest(name, definitions.keySet()))
                        .map(c -> " (did you mean '" + c + "'?)").orElse("");
                problems.add("parameter '" + name + "' is not defined by the document" + hint
                        + (definitions.isEmpty() ? "; it takes no parameters" : "; it takes: " + String.join(", ", definitions.keySet())));
            }
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Map<String, String> ssm = new LinkedHashMap<>();
        for (Parameter p : definitions.values()) {
            List<String> raw = given.get(p.name());
            if (raw == null) {
                if (p.defaultValue().isEmpty()) {
                    problems.add("parameter '" + p.name() + "' (" + p.declaredType() + ") is required and has no default");
                    continue;
                }
                Node d = p.defaultValue().get();
                if (d instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
                    Matcher m = SSM_DEFAULT.matcher(s.value());
                    if (m.matches()) {
                        ssm.put(p.name(), m.group(1));
                        continue;
                    }
                }
                JsonNode v = Interpolator.plain(d);
                values.put(p.name(), v);
                check(p, v, true, problems);
                continue;
            }
            JsonNode v = convert(p, raw, problems);
            if (v == null) continue;
            values.put(p.name(), v);
            check(p, v, false, problems);
        }
        if (!problems.isEmpty()) throw new StartRefused(StartRefused.Reason.PARAMETERS, document, problems);
        return new Bound(values, ssm);
    }

    /** A value fetched for a {@code {{ssm:...}}} default: a StringList parameter's value is comma-separated. */
    static JsonNode fromParameterStore(Parameter p, String value) {
        if (p.type() == dev.fleetops.runbook.document.ParameterType.STRING_LIST) {
            ArrayNode a = F.arrayNode();
            for (String item : value.split(",")) a.add(item.trim());
            return a;
        }
        return F.textNode(value);
    }

    private static JsonNode convert(Parameter p, List<String> raw, List<String> problems) {
        String name = "parameter '" + p.name() + "' (" + p.declaredType() + ")";
        boolean single = !p.type().composite() || p.type() == dev.fleetops.runbook.document.ParameterType.STRING_MAP;
        if (single && raw.size() != 1) {
            problems.add(name + " takes one value, got " + raw.size());
            return null;
        }
        switch (p.type()) {
            case STRING:
                return F.textNode(raw.get(0));
            case INTEGER: {
                String v = raw.get(0).trim();
                if (!v.matches("-?\\d+")) {
                    problems.add(name + " must be a whole number, got \"" + raw.get(0) + "\"");
                    return null;
                }
                try {
                    return F.numberNode(Long.parseLong(v));
                } catch (NumberFormatException e) {
                    problems.add(name + " is out of range: " + v);
                    return null;
                }
            }
            case BOOLEAN: {
                String v = raw.get(0).trim();
                if (!v.equals("true") && !v.equals("false")) {
                    problems.add(name + " must be true or false, got \"" + raw.get(0) + "\"");
                    return null;
                }
                return F.booleanNode(v.equals("true"));
            }
            case STRING_LIST: {
                ArrayNode a = F.arrayNode();
                raw.forEach(a::add);
                return a;
            }
            case STRING_MAP: {
                JsonNode v = json(raw.get(0));
                if (v == null || !v.isObject()) {
                    problems.add(name + " must be a JSON object such as {\"Key\":\"Value\"}, got " + raw.get(0));
                    return null;
                }
                return v;
            }
            case MAP_LIST: {
                ArrayNode a = F.arrayNode();
                for (String item : raw) {
                    JsonNode v = json(item);
                    if (v != null && v.isArray()) {
                        v.forEach(a::add);
                    } else if (v != null && v.isObject()) {
                        a.add(v);
                    } else {
                        problems.add(name + " items must be JSON objects, got " + item);
                        return null;
                    }
                }
                if (a.size() > 0 && !allObjects(a)) {
                    problems.add(name + " items must be JSON objects");
                    return null;
                }
                return a;
            }
            default:
                throw new IllegalStateException(p.type().toString());
        }
    }

    private static boolean allObjects(ArrayNode a) {
        for (JsonNode n : a) if (!n.isObject()) return false;
        return true;
    }

    private static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static void check(Parameter p, JsonNode v, boolean fromDefault, List<String> problems) {
        String name = "parameter '" + p.name() + "'";
        if (v.isArray()) {
            p.minItems().filter(min -> v.size() < min).ifPresent(min ->
                    problems.add(name + " has " + v.size() + " items, fewer than minItems " + min));
            p.maxItems().filter(max -> v.size() > max).ifPresent(max ->
                    problems.add(name + " has " + v.size() + " items, more than maxItems " + max));
        }
        List<JsonNode> items = new ArrayList<>();
        if (v.isArray()) v.forEach(items::add);
        else items.add(v);
        Optional<Pattern> pattern = p.allowedPattern().map(Pattern::compile);
        Optional<PickerType> picker = PickerType.of(p.declaredType());
        for (JsonNode item : items) {
            if (!item.isTextual()) continue;
            String s = item.textValue();
            // "" is the usual "not given" default of an optional parameter: not held against its own pattern
            if (fromDefault && s.isEmpty()) continue;
            if (!p.allowedValues().isEmpty() && !p.allowedValues().contains(s)) {
                problems.add(name + ": \"" + s + "\" is not one of the allowed values: " + String.join(", ", p.allowedValues()));
            }
            pattern.filter(re -> !re.matcher(s).matches()).ifPresent(re ->
                    problems.add(name + ": \"" + s + "\" does not match the allowed pattern " + re.pattern()));
            picker.filter(pt -> !pt.pattern().matcher(s).matches()).ifPresent(pt ->
                    problems.add(name + ": \"" + s + "\" is not a valid " + pt.typeName() + " (" + pt.pattern().pattern() + ")"));
            p.minChars().filter(min -> s.length() < min).ifPresent(min ->
                    problems.add(name + ": \"" + s + "\" is shorter than minChars " + min));
            p.maxChars().filter(max -> s.length() > max).ifPresent(max ->
                    problems.add(name + ": the value is " + s.length() + " characters, more than maxChars " + max));
        }
    }
}
