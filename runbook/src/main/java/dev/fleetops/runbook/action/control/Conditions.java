package dev.fleetops.runbook.action.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.runbook.action.ActionFailure;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The choice grammar of aws:branch and aws:loop's LoopCondition (AWS Systems Manager User Guide: aws:branch): {@code And}, {@code Or},
 * {@code Not} around {@code Variable} + one operator. Contains on a list is membership, on a string substring;
 * numeric operators parse decimals, and an operand that does not parse makes the choice false with a warning.
 */
final class Conditions {

    static final Set<String> OPERATORS = Set.of("StringEquals", "EqualsIgnoreCase", "StartsWith", "EndsWith", "Contains",
            "NumericEquals", "NumericGreater", "NumericLesser", "NumericGreaterOrEquals", "NumericLesserOrEquals",
            "BooleanEquals");

    private Conditions() { }

    static boolean test(JsonNode choice, ControlContext context) {
        if (choice == null || !choice.isObject()) throw invalid("a choice must be a mapping, got " + choice);
        if (choice.has("And")) {
            for (JsonNode c : choice.get("And")) if (!test(c, context)) return false;
            return true;
        }
        if (choice.has("Or")) {
            for (JsonNode c : choice.get("Or")) if (test(c, context)) return true;
            return false;
        }
        if (choice.has("Not")) return !test(choice.get("Not"), context);
        if (!choice.has("Variable")) throw invalid("a choice needs Variable and an operator, or And, Or, Not: " + choice);
        JsonNode variable = choice.get("Variable");
        for (Iterator<String> it = choice.fieldNames(); it.hasNext(); ) {
            String op = it.next();
            if (OPERATORS.contains(op)) return apply(op, variable, choice.get(op), context);
        }
        throw invalid("a choice needs one of " + String.join(", ", new java.util.TreeSet<>(OPERATORS)) + ": " + choice);
    }

    private static boolean apply(String op, JsonNode variable, JsonNode operand, ControlContext context) {
        String v = text(variable);
        String o = text(operand);
        switch (op) {
            case "StringEquals":
                return v.equals(o);
            case "EqualsIgnoreCase":
                return v.equalsIgnoreCase(o);
            case "StartsWith":
                return v.startsWith(o);
            case "EndsWith":
                return v.endsWith(o);
            case "Contains":
                if (variable.isArray()) {
                    for (JsonNode item : variable) if (text(item).equals(o)) return true;
                    return false;
                }
                return v.contains(o);
            case "BooleanEquals": {
                Boolean a = bool(variable);
                Boolean b = bool(operand);
                if (a == null || b == null) {
                    context.warn("BooleanEquals: " + variable + " or " + operand + " is not true/false; the choice is false");
                    return false;
                }
                return a.equals(b);
            }
            default: {
                BigDecimal a = number(variable);
                BigDecimal b = number(operand);
                if (a == null || b == null) {
                    context.warn(op + ": " + (a == null ? variable : operand) + " is not a number; the choice is false");
                    return false;
                }
                int c = a.compareTo(b);
                return switch (op) {
                    case "NumericEquals" -> c == 0;
                    case "NumericGreater" -> c > 0;
                    case "NumericLesser" -> c < 0;
                    case "NumericGreaterOrEquals" -> c >= 0;
                    default -> c <= 0;
                };
            }
        }
    }

    static String text(JsonNode n) {
        if (n == null || n.isNull()) return "";
        return n.isValueNode() ? n.asText() : n.toString();
    }

    private static Boolean bool(JsonNode n) {
        if (n != null && n.isBoolean()) return n.booleanValue();
        String t = text(n).trim().toLowerCase(Locale.ROOT);
        return t.equals("true") ? Boolean.TRUE : t.equals("false") ? Boolean.FALSE : null;
    }

    private static BigDecimal number(JsonNode n) {
        if (n != null && n.isNumber()) return n.decimalValue();
        try {
            return new BigDecimal(text(n).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ActionFailure invalid(String message) {
        return new ActionFailure(ActionFailure.Type.Verification, message);
    }
}
