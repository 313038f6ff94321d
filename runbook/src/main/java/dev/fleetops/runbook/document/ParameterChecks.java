package dev.fleetops.runbook.document;

import dev.fleetops.source.ListNode;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parameter and variable definitions (AWS Systems Manager User Guide: "Data elements and parameters"): allowedPattern
 * compiles as a Java regex (the service's dialect), limits are consistent, a default has the type's shape
 * (errors: CreateDocument refuses them); a default outside allowedValues, allowedPattern or the limits is a
 * warning (accepted when created, refused when a run relies on it). A default may reference {@code {{ssm:name}}},
 * other parameters and global/automation variables, as AWS-owned documents do (docs/validate.md, "Where the corpus
 * corrected the documentation").
 */
final class ParameterChecks {

    private final Problems problems;

    ParameterChecks(Problems problems) {
        this.problems = problems;
    }

    void check(Map<String, Parameter> definitions) {
        for (Parameter p : definitions.values()) check(p);
    }

    private void check(Parameter p) {
        MapNode def = p.node();
        Pattern pattern = null;
        if (p.allowedPattern().isPresent()) {
            try {
                pattern = Pattern.compile(p.allowedPattern().get());
            } catch (PatternSyntaxException e) {
                problems.at(def.require("allowedPattern"), "", "allowedPattern is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }
        limits(def, p.minItems(), p.maxItems(), "minItems", "maxItems");
        limits(def, p.minChars(), p.maxChars(), "minChars", "maxChars");
        if (p.defaultValue().isEmpty()) return;
        Node value = p.defaultValue().get();
        // references in defaults are checked with all others (ReferenceChecks); their value is known only at run time
        if (value instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING && References.hasReference(s.value())) return;
        if (!fitsType(p, value)) return;
        List<Node> items = value instanceof ListNode l ? l.items() : List.of(value);
        if (p.type().composite() && value instanceof ListNode l) {
            p.minItems().filter(min -> l.size() < min).ifPresent(min ->
                    problems.warn(value, "", "the default has " + l.size() + " items, fewer than minItems " + min));
            p.maxItems().filter(max -> l.size() > max).ifPresent(max ->
                    problems.warn(value, "", "the default has " + l.size() + " items, more than maxItems " + max));
        }
        if (p.type() != ParameterType.STRING && p.type() != ParameterType.STRING_LIST) return;
        for (Node item : items) {
            if (!(item instanceof ScalarNode s)) continue;
            String v = s.value();
            if (v.isEmpty()) continue; // "" is the usual "not given" default of optional parameters
            if (!p.allowedValues().isEmpty() && !p.allowedValues().contains(v)) {
                problems.warn(s, "", "the default \"" + v + "\" is not one of allowedValues: " + String.join(", ", p.allowedValues()));
            }
            if (pattern != null && !pattern.matcher(v).matches()) {
                problems.warn(s, "", "the default \"" + v + "\" does not match allowedPattern " + pattern.pattern());
            }
            p.minChars().filter(min -> v.length() < min).ifPresent(min ->
                    problems.warn(s, "", "the default \"" + v + "\" is shorter than minChars " + min));
            p.maxChars().filter(max -> v.length() > max).ifPresent(max ->
                    problems.warn(s, "", "the default is " + v.length() + " characters, more than maxChars " + max));
        }
    }

    private boolean fitsType(Parameter p, Node value) {
        boolean fits = switch (p.type()) {
            case STRING -> value instanceof ScalarNode;
            case STRING_LIST -> value instanceof ListNode l && l.items().stream().allMatch(i -> i instanceof ScalarNode);
            case INTEGER -> value instanceof ScalarNode s && s.type() == ScalarNode.Type.INTEGER;
            case BOOLEAN -> value instanceof ScalarNode s && s.type() == ScalarNode.Type.BOOLEAN;
            case MAP_LIST -> value instanceof ListNode l && l.items().stream().allMatch(i -> i instanceof MapNode);
            case STRING_MAP -> value instanceof MapNode;
        };
        if (!fits) {
            String expected = switch (p.type()) {
                case STRING -> "a string";
                case STRING_LIST -> "a list of strings";
                case INTEGER -> "an integer (not quoted)";
                case BOOLEAN -> "true or false (not quoted)";
                case MAP_LIST -> "a list of mappings";
                case STRING_MAP -> "a mapping";
            };
            problems.at(value, "", "the default of a parameter of type " + p.declaredType() + " must be " + expected + ", got " + value.describe());
        }
        return fits;
    }

    private void limits(MapNode def, Optional<Integer> min, Optional<Integer> max, String minKey, String maxKey) {
        if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
            problems.at(def.require(minKey), "", minKey + " " + min.get() + " is greater than " + maxKey + " " + max.get());
        }
    }
}
