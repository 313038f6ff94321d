package dev.fleetops.runbook.document;

import dev.fleetops.source.Suggest;

import dev.fleetops.source.ListNode;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every {@code {{ }}} reference in step inputs and in {@code assumeRole} names something that exists when the step
 * runs (AWS Systems Manager User Guide: "Using variables in runbooks", "Data elements and parameters"): a parameter, an output of an earlier step
 * (user-defined or built into the action), a loop value of an enclosing loop, {@code global:}/{@code automation:}
 * variables, declared {@code variable:}s. Rejected as AWS does: {@code {{ssm:...}}} in Automation step inputs,
 * keys built from references. Warned about, since AWS accepts them: nested references (SSM does not expand them)
 * and a list or map value referenced inside other text, which the SSM agent replaces with the value's JSON text
 * (its parameters package: "a {{ parameter1 }} within a string" gets "a marshaled version of their values") and
 * the engine renders the same way.
 */
final class ReferenceChecks {

    static final Set<String> GLOBALS = Set.of("ACCOUNT_ID", "DATE", "DATE_TIME", "AWS_PARTITION", "REGION");
    static final Set<String> LOOP_VALUES = Set.of("CurrentIteratorValue", "CurrentIteration");

    private final Document doc;
    private final StepIndex index;
    private final Problems problems;

    ReferenceChecks(Document doc, StepIndex index, Problems problems) {
        this.doc = doc;
        this.index = index;
        this.problems = problems;
    }

    void check() {
        doc.node().get("assumeRole").ifPresent(n -> walk(n, null));
        // AWS-owned documents use {{ global:... }}, {{ automation:EXECUTION_ID }} and other parameters in defaults
        for (Parameter p : doc.parameters().values()) p.defaultValue().ifPresent(d -> walk(d, null));
        for (Parameter p : doc.variables().values()) p.defaultValue().ifPresent(d -> walk(d, null));
        for (StepIndex.Placed p : index.all()) {
            MapNode inputs = p.step().inputs();
            for (var e : inputs.entries().entrySet()) {
                if (p.step().isLoop() && e.getKey().equals("Steps")) continue; // nested steps are checked as steps
                keyCheck(inputs, e.getKey(), p);
                walk(e.getValue(), p);
            }
        }
        for (int i = 0; i < doc.outputs().size(); i++) documentOutput(doc.outputs().get(i), i);
    }

    private void keyCheck(MapNode map, String key, StepIndex.Placed p) {
        if (References.hasReference(key)) {
            problems.atKey(map, key, p.step().name(), "a key cannot be built from a reference ('" + key + "'): AWS rejects step definitions built from variables");
        }
    }

    private void walk(Node n, StepIndex.Placed p) {
        if (n instanceof ScalarNode s) {
            if (s.type() == ScalarNode.Type.STRING) text(s, p);
        } else if (n instanceof ListNode l) {
            for (Node item : l.items()) walk(item, p);
        } else if (n instanceof MapNode m) {
            for (var e : m.entries().entrySet()) {
                if (p != null) keyCheck(m, e.getKey(), p);
                walk(e.getValue(), p);
            }
        }
    }

    private void text(ScalarNode s, StepIndex.Placed p) {
        String step = p == null ? "" : p.step().name();
        if (References.nested(s.value())) {
            problems.warn(s, step, "nested references {{ {{...}} }} are not expanded by SSM");
        }
        for (References.Ref r : References.in(s.value())) {
            Optional<ParameterType> type = resolve(r, s, p, step);
            if (type.isPresent() && type.get().composite() && !r.whole()) {
                problems.warn(s, step, "{{ " + r.token() + " }} is a " + type.get() + " inside other text: it is inserted"
                        + " as its JSON text (e.g. [\"a\",\"b\"]); use it as the whole value (\"{{ " + r.token() + " }}\")"
                        + " to pass the " + (type.get() == ParameterType.STRING_MAP ? "map" : "list") + " itself");
            }
        }
    }

    /** The type of what {@code r} names (empty when unknown or untyped); reports what does not exist. */
    private Optional<ParameterType> resolve(References.Ref r, ScalarNode s, StepIndex.Placed p, String step) {
        switch (r.prefix()) {
            case "ssm", "ssm-secure" -> {
                if (doc.isAutomation() && p != null) {
                    problems.at(s, step, "{{" + r.token() + "}} is not allowed in step inputs"
                            + " (AWS: InvalidDocumentContent); use it as a parameter default instead");
                }
                return Optional.empty();
            }
            case "global" -> {
                if (!doc.isAutomation() || !GLOBALS.contains(r.afterPrefix())) {
                    problems.at(s, step, "unknown variable {{ " + r.token() + " }}" + (doc.isAutomation()
                            ? "; global variables are " + String.join(", ", new java.util.TreeSet<>(GLOBALS)).replaceAll("([A-Z_]+)", "global:$1")
                            : "; Command documents have no global variables"));
                }
                return Optional.of(ParameterType.STRING);
            }
            case "automation" -> {
                if (!doc.isAutomation() || !r.afterPrefix().equals("EXECUTION_ID")) {
                    problems.at(s, step, "unknown variable {{ " + r.token() + " }}; the only automation variable is automation:EXECUTION_ID");
                }
                return Optional.of(ParameterType.STRING);
            }
            case "variable" -> {
                Parameter v = doc.variables().get(r.afterPrefix());
                if (v == null) {
                    problems.at(s, step, "runbook variable '" + r.afterPrefix() + "' is not declared in variables"
                            + Suggest.didYouMean(r.afterPrefix(), doc.variables().keySet()));
                    return Optional.empty();
                }
                return Optional.of(v.type());
            }
            case "" -> { }
            default -> {
                problems.at(s, step, "unknown reference {{ " + r.token() + " }}: '" + r.prefix() + ":' is not a variable prefix"
                        + " (global:, automation:, variable:, ssm:)");
                return Optional.empty();
            }
        }
        String token = r.token();
        int dot = token.indexOf('.');
        if (dot < 0) {
            Parameter param = doc.parameters().get(token);
            if (param == null) {
                problems.at(s, step, "{{ " + token + " }} names no parameter" + (doc.isAutomation() ? " or step output" : "")
                        + Suggest.didYouMean(token, doc.parameters().keySet()));
                return Optional.empty();
            }
            return Optional.of(param.type());
        }
        if (!doc.isAutomation()) {
            problems.at(s, step, "{{ " + token + " }} names no parameter (Command documents have no step outputs)");
            return Optional.empty();
        }
        return stepOutput(token.substring(0, dot), token.substring(dot + 1), s, p, step);
    }

    private Optional<ParameterType> stepOutput(String stepName, String output, ScalarNode s, StepIndex.Placed p, String step) {
        Optional<StepIndex.Placed> target = index.get(stepName);
        if (target.isEmpty()) {
            problems.at(s, step, "{{ " + stepName + "." + output + " }} names step '" + stepName + "', which does not exist"
                    + Suggest.didYouMean(stepName, index.names()));
            return Optional.empty();
        }
        Step t = target.get().step();
        // a loop's values are read inside it and, AWS-owned documents show, after it
        if (t.isLoop() && LOOP_VALUES.contains(output)) return Optional.of(ParameterType.STRING);
        // order in the list is no guide (jumps, and a LoopCondition reads its body's outputs); only itself is wrong
        if (p != null && t == p.step() && !t.isLoop()) {
            problems.at(s, step, "{{ " + stepName + "." + output + " }} refers to the outputs of this very step, which do not exist yet");
            return Optional.empty();
        }
        return outputType(t, output, s, step);
    }

    private Optional<ParameterType> outputType(Step t, String output, Node at, String step) {
        for (StepOutput o : t.outputs()) if (o.name().equals(output)) return Optional.of(o.type());
        Optional<ActionDefinition> def = Actions.automation(t.action());
        if (def.isEmpty() || def.get().inputs() == ActionDefinition.Inputs.OPEN) return Optional.empty(); // outputs unknown
        Map<String, ParameterType> builtIn = def.get().outputs();
        if (builtIn.containsKey(output)) return Optional.of(builtIn.get(output));
        java.util.Set<String> known = new java.util.TreeSet<>(builtIn.keySet());
        t.outputs().forEach(o -> known.add(o.name()));
        problems.warn(at, step, "step " + t.name() + " has no output '" + output + "'" + Suggest.didYouMean(output, known)
                + (known.isEmpty() ? "; it declares no outputs" : "; its outputs are: " + String.join(", ", known)));
        return Optional.empty();
    }

    /** Document {@code outputs}: {@code "stepName.OutputName"}, no braces. */
    private void documentOutput(String text, int i) {
        Node at = doc.node().require("outputs").asList().get(i);
        int dot = text.indexOf('.');
        if (dot <= 0) {
            problems.at(at, "", "a document output is \"StepName.OutputName\", got \"" + text + "\"");
            return;
        }
        String stepName = text.substring(0, dot);
        Optional<StepIndex.Placed> t = index.get(stepName);
        if (t.isEmpty()) {
            problems.at(at, "", "output " + text + " names step '" + stepName + "', which does not exist" + Suggest.didYouMean(stepName, index.names()));
            return;
        }
        outputType(t.get().step(), text.substring(dot + 1), at, "");
    }
}
