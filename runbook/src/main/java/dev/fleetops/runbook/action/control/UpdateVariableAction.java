package dev.fleetops.runbook.action.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.Parameter;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * aws:updateVariable: {@code Name: variable:NAME}, {@code Value} of the variable's declared type, no conversion;
 * limits of AWS Systems Manager User Guide: aws:updateVariable (MapList <= 200 items, StringList <= 50, strings 1-512 chars).
 */
public final class UpdateVariableAction implements ControlAction {

    @Override
    public String name() {
        return "aws:updateVariable";
    }

    @Override
    public CompletionStage<ActionResult> execute(ControlContext context) {
        String name = context.inputs().path("Name").asText();
        if (!name.startsWith("variable:")) throw invalid("Name must be variable:NAME, got \"" + name + "\"");
        String variable = name.substring("variable:".length());
        Parameter def = context.variable(variable).orElseThrow(() -> invalid("runbook variable " + variable
                + " is not declared under the document's top-level variables"));
        JsonNode value = context.inputs().get("Value");
        String problem = problem(def, value);
        if (problem != null) throw invalid("Value for variable " + variable + " (" + def.type().ssmName() + "): " + problem);
        JsonNode before = context.variables().put(variable, value);
        return CompletableFuture.completedFuture(new ActionResult(Map.of(), Optional.empty(),
                List.of(variable + ": " + (before == null ? "(unset)" : before.toString()) + " -> " + value)));
    }

    private static String problem(Parameter def, JsonNode v) {
        if (v == null || v.isNull()) return "missing";
        switch (def.type()) {
            case STRING:
                return v.isTextual() ? chars(v.textValue()) : "expected a string, got " + v;
            case INTEGER:
                return v.isIntegralNumber() ? null : "expected an integer (no conversion), got " + v;
            case BOOLEAN:
                return v.isBoolean() ? null : "expected true or false (no conversion), got " + v;
            case STRING_LIST:
                if (!v.isArray()) return "expected a list of strings, got " + v;
                if (v.size() > 50) return "at most 50 items, got " + v.size();
                for (JsonNode i : v) {
                    if (!i.isTextual()) return "expected a list of strings, got an item " + i;
                    String c = chars(i.textValue());
                    if (c != null) return c;
                }
                return null;
            case STRING_MAP:
                return v.isObject() ? null : "expected a map, got " + v;
            case MAP_LIST:
                if (!v.isArray()) return "expected a list of maps, got " + v;
                if (v.size() > 200) return "at most 200 items, got " + v.size();
                for (JsonNode i : v) if (!i.isObject()) return "expected a list of maps, got an item " + i;
                return null;
            default:
                return null;
        }
    }

    private static String chars(String s) {
        return s.isEmpty() || s.length() > 512 ? "strings have 1 to 512 characters, got " + s.length() : null;
    }

    private static ActionFailure invalid(String message) {
        return new ActionFailure(ActionFailure.Type.Verification, message);
    }
}
