package dev.fleetops.runbook.document;

import dev.fleetops.source.Suggest;

import dev.fleetops.source.ListNode;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks that only make sense for one action (branch choices, loops, sleeps, variables, literal values), for
 * action definitions to name: {@code .check(InputChecks.branch())}. Sources, by page title of the "Systems Manager
 * Automation actions reference": "aws:branch – Run conditional automation steps" (operators, And/Or/Not, NextStep),
 * "aws:loop – Iterate over steps in a runbook" (Iterators or LoopCondition, MaxIterations 1-100, IteratorDataType),
 * "aws:sleep – Delay an automation" (Duration or Timestamp, at most 604799 seconds), "aws:updateVariable – Updates a
 * value for a runbook variable", "aws:changeInstanceState – Change or assert instance state" (DesiredState).
 */
public final class InputChecks {

    static final Set<String> OPERATORS = Set.of("StringEquals", "EqualsIgnoreCase", "StartsWith", "EndsWith", "Contains",
            "NumericEquals", "NumericGreater", "NumericLesser", "NumericGreaterOrEquals", "NumericLesserOrEquals",
            "BooleanEquals");
    private static final Set<String> COMPOSITES = Set.of("And", "Or", "Not");

    private final Document doc;
    private final Problems problems;
    private final Fields fields;

    private InputChecks(StepFindings f) {
        this.doc = f.document();
        this.problems = f.problems();
        this.fields = new Fields(problems);
    }

    /** aws:branch: each choice is one operator with a Variable, or And/Or/Not; NextStep on top-level choices. */
    public static InputCheck branch() {
        return f -> new InputChecks(f).branch(f.step());
    }

    /** aws:loop: Iterators xor LoopCondition, MaxIterations 1-100, IteratorDataType, a non-empty body. */
    public static InputCheck loop() {
        return f -> new InputChecks(f).loop(f.step());
    }

    /** aws:sleep: exactly one of Duration (ISO-8601, at most 604799 s) or Timestamp. */
    public static InputCheck sleep() {
        return f -> new InputChecks(f).sleep(f.step());
    }

    /** aws:updateVariable: Name is variable:NAME of a declared variable. */
    public static InputCheck updateVariable() {
        return f -> new InputChecks(f).updateVariable(f.step());
    }

    /** A literal (not interpolated) {@code input} is one of {@code allowed}. */
    public static InputCheck oneOf(String input, Set<String> allowed) {
        return f -> new InputChecks(f).literalIn(f.step(), input, allowed);
    }

    private void branch(Step s) {
        fields.list(s.inputs(), "Choices", s.name()).ifPresent(choices -> {
            if (choices.size() == 0) problems.at(choices, s.name(), "Choices is empty");
            for (Node c : choices.items()) choice(s, c, true);
        });
    }

    /** One choice: {@code Variable} + one operator, or one of And/Or/Not; {@code NextStep} only at the top. */
    private void choice(Step s, Node node, boolean top) {
        if (!(node instanceof MapNode c)) {
            problems.at(node, s.name(), "expected a choice (a mapping), got " + node.describe());
            return;
        }
        Set<String> allowed = new TreeSet<>(OPERATORS);
        allowed.addAll(COMPOSITES);
        allowed.add("Variable");
        if (top) allowed.add("NextStep");
        fields.allowOnly(c, allowed, s.name(), top ? "a choice" : "a nested condition");
        if (!allowed.containsAll(c.keys())) return; // a misspelt operator is reported once, with its suggestion
        if (top && c.get("NextStep").isEmpty()) problems.at(c, s.name(), "missing required field 'NextStep'");
        List<String> ops = new ArrayList<>();
        for (String k : c.keys()) if (OPERATORS.contains(k) || COMPOSITES.contains(k)) ops.add(k);
        if (ops.size() != 1) {
            problems.at(c, s.name(), ops.isEmpty() ? "a choice needs one operator (" + String.join(", ", new TreeSet<>(OPERATORS))
                    + ") with a Variable, or And/Or/Not" : "a choice takes exactly one operator, got " + String.join(", ", ops));
            return;
        }
        String op = ops.get(0);
        Node operand = c.require(op);
        if (OPERATORS.contains(op)) {
            if (c.get("Variable").isEmpty()) problems.at(c, s.name(), "missing required field 'Variable' for " + op);
        } else if (op.equals("Not")) {
            choice(s, operand, false);
        } else if (operand instanceof ListNode l) {
            for (Node inner : l.items()) choice(s, inner, false);
        } else {
            problems.at(operand, s.name(), op + " takes a list of conditions, got " + operand.describe());
        }
    }

    private void loop(Step s) {
        MapNode in = s.inputs();
        boolean iterators = in.get("Iterators").isPresent();
        boolean condition = in.get("LoopCondition").isPresent();
        if (iterators && condition) problems.at(in, s.name(), "a loop takes Iterators or LoopCondition, not both");
        if (!iterators && !condition && in.get("MaxIterations").isEmpty()) {
            problems.at(in, s.name(), "a loop needs Iterators (for each) or LoopCondition (do while)");
        }
        if (!(in.get("MaxIterations").orElse(null) instanceof ScalarNode mi && References.hasReference(mi.value()))) {
            fields.integer(in, "MaxIterations", 1, 100, s.name());
        }
        in.get("Iterators").ifPresent(it -> {
            if (it instanceof ListNode l && l.size() > 100) problems.at(l, s.name(), "at most 100 Iterators, got " + l.size());
        });
        literalIn(s, "IteratorDataType", Set.of("Boolean", "Integer", "String", "StringMap"));
        in.get("LoopCondition").ifPresent(c -> choice(s, c, false));
        fields.list(in, "Steps", s.name()).ifPresent(l -> {
            if (l.size() == 0) problems.at(l, s.name(), "Steps is empty: a loop needs at least one step");
        });
    }

    private void sleep(Step s) {
        MapNode in = s.inputs();
        boolean duration = in.get("Duration").isPresent();
        boolean timestamp = in.get("Timestamp").isPresent();
        if (duration == timestamp) {
            problems.at(in, s.name(), "aws:sleep takes exactly one of Duration (e.g. PT10M) or Timestamp");
            return;
        }
        if (duration && in.require("Duration") instanceof ScalarNode d && !References.hasReference(d.value())) {
            try {
                Duration parsed = Duration.parse(d.value().trim());
                if (parsed.isNegative() || parsed.getSeconds() > 604799) {
                    problems.at(d, s.name(), "Duration must be from PT0S to 604799 seconds (about 7 days), got " + d.value());
                }
            } catch (DateTimeParseException e) {
                problems.at(d, s.name(), "Duration must be an ISO-8601 duration such as PT10M, got \"" + d.value() + "\"");
            }
        }
    }

    private void updateVariable(Step s) {
        s.inputs().get("Name").ifPresent(n -> {
            if (!(n instanceof ScalarNode sc)) return;
            String name = sc.value().trim();
            if (!name.startsWith("variable:")) {
                problems.at(sc, s.name(), "Name must be variable:<name>, got \"" + name + "\"");
            } else if (!doc.variables().containsKey(name.substring(9))) {
                problems.at(sc, s.name(), "runbook variable '" + name.substring(9) + "' is not declared in variables"
                        + Suggest.didYouMean(name.substring(9), doc.variables().keySet()));
            }
        });
    }

    private void literalIn(Step s, String key, Set<String> allowed) {
        s.inputs().get(key).ifPresent(n -> {
            if (n instanceof ScalarNode sc && !References.hasReference(sc.value()) && !allowed.contains(sc.value())) {
                problems.at(sc, s.name(), key + " must be one of " + String.join(", ", new TreeSet<>(allowed))
                        + ", got \"" + sc.value() + "\"");
            }
        });
    }
}
