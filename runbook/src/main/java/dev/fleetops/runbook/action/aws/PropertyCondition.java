package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.json.JsonPath;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code PropertySelector} + {@code DesiredValues} (AWS Systems Manager User Guide: aws:assertAwsResourceProperty; with several values selected, at least one and every one in DesiredValues: a project decision): values compare as strings
 * (booleans {@code True}/{@code False}, integers in decimal); the condition holds when the selector matches at
 * least one value and every matched value is desired, so {@code $.TargetHealthDescriptions..TargetHealth.State}
 * = [healthy] means "all targets healthy" and an empty target group does not pass.
 */
record PropertyCondition(JsonPath selector, List<String> desired) {

    /** What one response showed. */
    record Check(boolean holds, List<String> values) { }

    static PropertyCondition from(Inputs in) {
        JsonPath path;
        try {
            path = JsonPath.compile(in.string("PropertySelector"));
        } catch (IllegalArgumentException e) {
            throw in.bad("PropertySelector", "is not a valid selector: " + e.getMessage());
        }
        if (!in.has("DesiredValues")) throw in.bad("DesiredValues", "is required");
        List<String> desired = new ArrayList<>();
        JsonNode d = in.node().get("DesiredValues");
        for (JsonNode v : d.isArray() ? d : List.of(d)) {
            if (!v.isValueNode()) throw in.bad("DesiredValues", "must be a StringList, got an element " + v);
            desired.add(text(v)); // an unquoted YAML true is the documented True
        }
        return new PropertyCondition(path, List.copyOf(desired));
    }

    Check check(JsonNode response) {
        List<String> values = new ArrayList<>();
        for (JsonNode m : selector.select(response)) {
            for (JsonNode v : m.isArray() ? m : List.of(m)) {
                if (!v.isValueNode()) {
                    throw new ActionFailure(ActionFailure.Type.Action, "PropertySelector " + selector + " selected "
                            + show(v) + ", not a value to compare: point it at a string, number or boolean");
                }
                values.add(text(v));
            }
        }
        return new Check(!values.isEmpty() && desired.containsAll(values), values);
    }

    String describe(Check c) {
        return c.values().isEmpty()
                ? "PropertySelector " + selector + " matched nothing (DesiredValues " + desired + ")"
                : "PropertySelector " + selector + " selected " + c.values() + " (DesiredValues " + desired + ")";
    }

    /** A scalar as compared: text as is, numbers in decimal, booleans {@code True}/{@code False}. */
    static String text(JsonNode v) {
        if (v.isBoolean()) return v.booleanValue() ? "True" : "False";
        if (v.isNumber()) return v.isIntegralNumber() ? v.bigIntegerValue().toString() : v.decimalValue().toPlainString();
        return v.asText();
    }

    private static String show(JsonNode v) {
        String s = v.toString();
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
