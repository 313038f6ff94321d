package dev.fleetops.runbook.rate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;
import dev.fleetops.source.InputError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a rate-controlled run is aimed at (SSM StartAutomationExecution's Targets and TargetMaps): the running
 * instances carrying a tag, or every one of several tags (resolved through EC2 DescribeInstances), the instances of
 * a resource group, explicit values ({@code ParameterValues}, taken as given), or one parameter map per child
 * ({@code TargetMaps}).
 */
public sealed interface Targets {

    /** {@code tag:KEY=VALUE}: running instances whose tag KEY has one of {@code values}. */
    record Tag(String key, List<String> values) implements Targets {
        public Tag {
            values = List.copyOf(values);
        }

        @Override
        public String toString() {
            return "tag:" + key + "=" + String.join(",", values);
        }
    }

    /**
     * Running instances carrying every one of {@code tags} (EC2 ANDs its filters). SSM Automation takes one tag per
     * execution ("Only one resource group or tag can be specified at a time"); SendCommand and maintenance-window
     * targets take several (AWS Systems Manager User Guide, "Targeting managed nodes"): fleetops accepts several
     * for both.
     */
    record Tags(List<Tag> tags) implements Targets {
        public Tags {
            tags = List.copyOf(tags);
        }

        @Override
        public String toString() {
            return String.join(" ", tags.stream().map(Tag::toString).toList());
        }
    }

    /** Explicit target values (instance ids, or any value of the target parameter), in the order given. */
    record Values(List<String> values) implements Targets {
        public Values {
            values = List.copyOf(new LinkedHashSet<>(values));
        }

        @Override
        public String toString() {
            return String.join(",", values);
        }
    }

    /**
     * {@code Key=ResourceGroup,Values=NAME}: the running instances of a tag-based resource group (AWS Resource Groups
     * GetGroupQuery, its TAG_FILTERS_1_0 query then resolved through EC2 DescribeInstances).
     */
    record ResourceGroup(String name) implements Targets {
        @Override
        public String toString() {
            return "ResourceGroup:" + name;
        }
    }

    /** TargetMaps: one child per map, the map holding that child's parameters (with no target parameter). */
    record Maps(List<Map<String, List<String>>> maps) implements Targets {
        public Maps {
            maps = maps.stream().map(m -> java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m))).toList();
        }

        @Override
        public String toString() {
            return "TargetMaps (" + maps.size() + (maps.size() == 1 ? " map)" : " maps)");
        }
    }

    /**
     * These targets as SSM's Target JSON, {@code [{"Key": "tag:Role", "Values": ["web"]}]}, which {@link #parse}
     * reads back (what a journal keeps of a location's targets); TargetMaps have none.
     */
    default String json() {
        List<Map.Entry<String, List<String>>> items = new ArrayList<>();
        if (this instanceof Tag t) items.add(Map.entry("tag:" + t.key(), t.values()));
        else if (this instanceof Tags t) t.tags().forEach(g -> items.add(Map.entry("tag:" + g.key(), g.values())));
        else if (this instanceof Values v) items.add(Map.entry("ParameterValues", v.values()));
        else if (this instanceof ResourceGroup g) items.add(Map.entry("ResourceGroup", List.of(g.name())));
        else throw new IllegalStateException("TargetMaps are not SSM Targets");
        var list = Json.MAPPER.createArrayNode();
        for (var e : items) {
            var item = list.addObject().put("Key", e.getKey());
            e.getValue().forEach(item.putArray("Values")::add);
        }
        return list.toString();
    }

    Pattern TAG_KEY = Pattern.compile("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}$");

    /** StartAutomationExecution: Targets has at most 5 items, TargetMaps at most 300 (SSM API Reference). */
    int MAX_TARGETS = 5;
    int MAX_TARGET_MAPS = 300;

    /**
     * Parses the {@code --targets} flag: {@code tag:KEY=VALUE[,VALUE...]}, a comma-separated list of values, the
     * AWS CLI's shorthand ({@code Key=tag:Env,Values=prod Key=tag:Role,Values=web}, {@code Key=ParameterValues,Values=i-1,i-2})
     * or its JSON ({@code [{"Key": "tag:Env", "Values": ["prod"]}]}).
     *
     * @param field the flag or field named in errors
     */
    static Targets parse(String text, String field) {
        if (text == null || text.isBlank()) throw new InputError(null, field, "expected tag:KEY=VALUE or a list of ids, got nothing");
        String t = text.trim();
        if (t.startsWith("[")) return keyValues(fromJson(t, field), field);
        if (t.startsWith("Key=")) return keyValues(fromShorthand(t, field), field);
        if (t.startsWith("tag:")) return tag(t, field);
        if (t.contains("=")) {
            throw new InputError(null, field, "'" + t + "': expected tag:KEY=VALUE or a list of ids; did you mean tag:" + t + "?");
        }
        List<String> values = split(t);
        if (values.isEmpty()) throw new InputError(null, field, "expected tag:KEY=VALUE or a list of ids, got '" + t + "'");
        return new Values(values);
    }

    /**
     * Parses {@code --target-maps}: a JSON list (1-300) of maps from parameter name to a value or a list of values,
     * e.g. {@code [{"InstanceId": ["i-1"]}, {"InstanceId": ["i-2"], "Delay": ["PT5M"]}]}.
     */
    static Maps parseMaps(String text, String field) {
        JsonNode list = json(text, field);
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_TARGET_MAPS) {
            throw new InputError(null, field, "expected a JSON list of 1 to " + MAX_TARGET_MAPS
                    + " maps, e.g. [{\"InstanceId\": [\"i-1\"]}]");
        }
        List<Map<String, List<String>>> maps = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            if (!m.isObject() || m.isEmpty()) throw new InputError(null, field, "map " + (i + 1) + ": expected a non-empty JSON object");
            Map<String, List<String>> params = new LinkedHashMap<>();
            int n = i + 1;
            m.fields().forEachRemaining(e -> params.put(e.getKey(), strings(e.getValue(), field, "map " + n + ", " + e.getKey())));
            maps.add(params);
        }
        return new Maps(maps);
    }

    private static Targets tag(String t, String field) {
        int eq = t.indexOf('=', 4);
        if (eq < 0) throw new InputError(null, field, "'" + t + "': expected tag:KEY=VALUE, e.g. tag:Role=web");
        return tagOf(t.substring(4, eq), split(t.substring(eq + 1)), t, field);
    }

    private static Tag tagOf(String key, List<String> values, String given, String field) {
        if (key.isEmpty() || !TAG_KEY.matcher(key).matches()) {
            throw new InputError(null, field, "'" + given + "': the tag key must be 1-128 letters, digits, spaces or _.:/=+-@");
        }
        if (values.isEmpty()) {
            throw new InputError(null, field, "'" + given + "': no tag value" + (given.startsWith("tag:") ? " after '='" : ""));
        }
        return new Tag(key, values);
    }

    /** Targets given as SSM Target items: tags (several are ANDed), or ParameterValues alone. */
    private static Targets keyValues(List<Map.Entry<String, List<String>>> items, String field) {
        if (items.isEmpty() || items.size() > MAX_TARGETS) {
            throw new InputError(null, field, "expected 1 to " + MAX_TARGETS + " targets (Key=...,Values=...), got " + items.size());
        }
        List<Tag> tags = new ArrayList<>();
        for (Map.Entry<String, List<String>> item : items) {
            String key = item.getKey();
            if (key.equals("ParameterValues")) {
                if (items.size() > 1) throw new InputError(null, field, "Key=ParameterValues cannot be combined with other targets");
                return new Values(item.getValue());
            }
            if (key.equals("ResourceGroup")) {
                if (items.size() > 1 || item.getValue().size() != 1) {
                    throw new InputError(null, field, "Key=ResourceGroup takes one group and no other target (SSM: only"
                            + " one resource group or tag can be specified at a time)");
                }
                return new ResourceGroup(item.getValue().get(0));
            }
            if (!key.startsWith("tag:")) {
                throw new InputError(null, field, "Key=" + key + ": expected tag:NAME or ParameterValues");
            }
            tags.add(tagOf(key.substring(4), item.getValue(), "Key=" + key, field));
        }
        return tags.size() == 1 ? tags.get(0) : new Tags(tags);
    }

    /** {@code Key=K,Values=a,b Key=K2,Values=c}: items separated by spaces, as the AWS CLI's shorthand. */
    private static List<Map.Entry<String, List<String>>> fromShorthand(String t, String field) {
        List<Map.Entry<String, List<String>>> items = new ArrayList<>();
        for (String item : t.split("\\s+(?=Key=)")) {
            String s = item.trim();
            int values = s.indexOf(",Values=");
            if (!s.startsWith("Key=") || values < 0) {
                throw new InputError(null, field, "'" + s + "': expected Key=NAME,Values=VALUE[,VALUE...]");
            }
            items.add(Map.entry(s.substring(4, values), split(s.substring(values + ",Values=".length()))));
        }
        return items;
    }

    private static List<Map.Entry<String, List<String>>> fromJson(String t, String field) {
        JsonNode list = json(t, field);
        if (!list.isArray()) throw new InputError(null, field, "expected a JSON list of {\"Key\": ..., \"Values\": [...]}");
        List<Map.Entry<String, List<String>>> items = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.path("Key").isTextual() || !item.has("Values")) {
                throw new InputError(null, field, "each target is {\"Key\": \"tag:NAME\", \"Values\": [\"VALUE\"]}, got " + item);
            }
            items.add(Map.entry(item.get("Key").asText(), strings(item.get("Values"), field, item.get("Key").asText())));
        }
        return items;
    }

    private static JsonNode json(String text, String field) {
        try {
            return Json.parse(text.trim());
        } catch (JsonProcessingException e) {
            throw new InputError(null, field, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static List<String> strings(JsonNode v, String field, String where) {
        List<String> out = new ArrayList<>();
        if (v.isValueNode() && !v.isNull()) {
            out.add(v.asText());
        } else if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isValueNode() || e.isNull()) throw new InputError(null, field, where + ": expected strings, got " + e);
                out.add(e.asText());
            }
        }
        if (out.isEmpty()) throw new InputError(null, field, where + ": expected a value or a non-empty list of values");
        return out;
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        for (String p : s.split(",")) {
            if (!p.isBlank()) out.add(p.trim());
        }
        return out;
    }
}
