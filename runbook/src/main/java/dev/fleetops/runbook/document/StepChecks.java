package dev.fleetops.runbook.document;

import dev.fleetops.source.Suggest;

import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.cloud.api.ApiModelException;
import dev.fleetops.cloud.api.Member;
import dev.fleetops.cloud.api.MemberKind;
import dev.fleetops.cloud.api.Operation;
import dev.fleetops.cloud.api.RequestMapper;
import dev.fleetops.cloud.api.ServiceApi;
import dev.fleetops.cloud.api.Shape;
import dev.fleetops.source.ListNode;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.NodeJson;
import dev.fleetops.source.ScalarNode;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Per-step checks: the action is known (and runnable on the target), its inputs are its own, and for the API
 * actions the service, operation and members exist in the SDK's models. Branch, loop, sleep, variable and
 * instance-state inputs get their specific checks in {@link ActionInputChecks}.
 */
final class StepChecks {

    // API StepExecution says ^aws:[a-zA-Z]{3,25}$, yet aws:waitForAwsResourceProperty has 26 letters
    private static final Pattern ACTION = Pattern.compile("^aws:[a-zA-Z]{3,50}$");
    private static final Set<String> PROPERTY_INPUTS = Set.of("PropertySelector", "DesiredValues");

    private final Document doc;
    private final ApiCatalog catalog;
    private final RunTarget target;
    /** Catalogued services the simulated region has no client for (called on AWS only). */
    private static final java.util.Set<String> AWS_ONLY_SERVICES = java.util.Set.of("cloudformation", "lambda");
    private final Problems problems;
    private final ActionInputChecks specific;

    StepChecks(Document doc, ApiCatalog catalog, RunTarget target, Problems problems) {
        this.doc = doc;
        this.catalog = catalog;
        this.target = target;
        this.problems = problems;
        this.specific = new ActionInputChecks(doc, problems);
    }

    void check() {
        for (Step s : doc.allSteps()) {
            if (s.action().isEmpty()) continue;
            if (doc.isAutomation()) automation(s);
            else plugin(s);
        }
    }

    private void automation(Step s) {
        Node at = s.node().require("action");
        if (!ACTION.matcher(s.action()).matches()) {
            problems.at(at, s.name(), "action '" + s.action() + "' is not an action name (aws: followed by letters)"
                    + Suggest.didYouMean(s.action(), Actions.automationNames()));
            return;
        }
        Optional<ActionSpec> spec = Actions.automation(s.action());
        if (spec.isEmpty()) {
            problems.at(at, s.name(), "unknown action '" + s.action() + "'" + Suggest.didYouMean(s.action(), Actions.automationNames()));
            return;
        }
        runnable(spec.get());
        switch (spec.get().inputs()) {
            case FIXED -> fixedInputs(s, spec.get(), false);
            case API -> api(s, spec.get());
            case OPEN -> { }
        }
        specific.check(s);
    }

    private void plugin(Step s) {
        Optional<ActionSpec> spec = Actions.plugin(s.action());
        if (spec.isEmpty()) {
            problems.notRunnable("plugin " + s.action() + " is not a plugin fleetops knows (known: "
                    + String.join(", ", Actions.pluginNames()) + ")");
            return;
        }
        runnable(spec.get());
        if (spec.get().inputs() == ActionSpec.Inputs.FIXED) fixedInputs(s, spec.get(), true);
    }

    private void runnable(ActionSpec spec) {
        if (!spec.runsOn().contains(target)) {
            problems.notRunnable((doc.isAutomation() ? "action " : "plugin ") + spec.name() + " does not run on "
                    + target.label() + ": " + spec.whyNot());
        }
    }

    /**
     * Command plugin inputs are matched case-insensitively and unknown ones only warned about: the SSM agent decodes
     * them with Go's encoding/json, which ignores case and unknown keys (AWS-owned documents rely on both).
     */
    private void fixedInputs(Step s, ActionSpec spec, boolean plugin) {
        MapNode inputs = s.inputs();
        Set<String> given = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String key : inputs.keys()) {
            String known = plugin ? spec.all().stream().filter(k -> k.equalsIgnoreCase(key)).findFirst().orElse(null)
                    : spec.accepts(key) ? key : null;
            if (known != null) {
                given.add(known);
                continue;
            }
            String message = "unknown input '" + key + "' of " + spec.name() + Suggest.didYouMean(key, spec.all())
                    + (spec.all().isEmpty() ? "; it takes no inputs" : "; it takes: " + String.join(", ", spec.all()));
            if (plugin) problems.warn(inputs.entries().get(key), s.name(), message + " (the SSM agent ignores it)");
            else problems.atKey(inputs, key, s.name(), message);
        }
        for (String required : spec.required()) {
            boolean present = plugin ? given.contains(required) : inputs.get(required).isPresent();
            if (!present) problems.at(inputs, s.name(), "missing required input '" + required + "' of " + spec.name());
        }
    }

    // ---------------------------------------------------------------- API actions

    private void api(Step s, ActionSpec spec) {
        MapNode inputs = s.inputs();
        for (String required : spec.required()) {
            if (inputs.get(required).isEmpty()) problems.at(inputs, s.name(), "missing required input '" + required + "' of " + spec.name());
        }
        Optional<String> service = literal(inputs, "Service");
        Optional<String> api = literal(inputs, "Api");
        if (service.isEmpty() || api.isEmpty()) return;
        Optional<ServiceApi> svc = catalog.service(service.get());
        if (svc.isEmpty()) {
            problems.notRunnable("service " + service.get() + " (" + spec.name() + " in step " + s.name()
                    + ") is not in fleetops' API catalog (" + String.join(", ", catalog.serviceNames()) + ")");
            return;
        }
        if (target == RunTarget.SIMULATOR && AWS_ONLY_SERVICES.contains(svc.get().name())) {
            problems.notRunnable("service " + svc.get().name() + " (" + spec.name() + " in step " + s.name()
                    + ") is not modelled by the simulator");
        }
        Optional<Operation> op = svc.get().operation(api.get());
        if (op.isEmpty()) {
            problems.warn(inputs.require("Api"), s.name(), svc.get().name() + " has no operation " + api.get()
                    + Suggest.didYouMean(api.get(), svc.get().operations().keySet()));
            return;
        }
        String where = svc.get().name() + " " + op.get().name();
        for (var e : inputs.entries().entrySet()) {
            String key = e.getKey();
            if (key.equals("Service") || key.equals("Api")) continue;
            if (!spec.name().equals("aws:executeAwsApi") && PROPERTY_INPUTS.contains(key)) continue;
            if (References.hasReference(key)) continue; // reported by ReferenceChecks
            Shape input = op.get().input();
            Optional<Member> m = input.member(key);
            if (m.isEmpty()) {
                problems.warnAtKey(inputs, key, s.name(), where + " has no input member " + key + input.suggest(key));
                continue;
            }
            member(s, where, m.get(), e.getValue());
        }
    }

    /** Checks a literal value against a member, recursing into structures and lists; interpolated values wait. */
    private void member(Step s, String where, Member m, Node value) {
        if (value instanceof ScalarNode sc) {
            if (sc.isNull() || References.hasReference(sc.value())) return;
            if (m.kind() == MemberKind.STRUCTURE || m.kind() == MemberKind.MAP) {
                problems.warn(sc, s.name(), where + " member " + m.name() + " takes " + m.describe() + ", got " + sc.describe());
                return;
            }
            Member scalar = m.kind() == MemberKind.LIST ? m.element() : m;
            if (!scalar.kind().scalar()) return;
            try {
                RequestMapper.check(where, scalar, NodeJson.toJson(sc), "");
            } catch (ApiModelException e) {
                problems.warn(sc, s.name(), where + " member " + m.name() + ": " + e.getMessage());
            }
        } else if (value instanceof ListNode l) {
            if (m.kind() != MemberKind.LIST) {
                if (m.kind() != MemberKind.DOCUMENT) problems.warn(l, s.name(), where + " member " + m.name() + " takes " + m.describe() + ", got a list");
                return;
            }
            for (Node item : l.items()) member(s, where, m.element(), item);
        } else if (value instanceof MapNode map) {
            if (m.kind() == MemberKind.STRUCTURE) {
                Shape shape = m.structure();
                for (var e : map.entries().entrySet()) {
                    Optional<Member> inner = shape.member(e.getKey());
                    if (inner.isEmpty()) {
                        problems.warnAtKey(map, e.getKey(), s.name(), where + " " + shape.name() + " has no member "
                                + e.getKey() + shape.suggest(e.getKey()));
                    } else {
                        member(s, where, inner.get(), e.getValue());
                    }
                }
            } else if (m.kind() == MemberKind.LIST) {
                member(s, where, m.element(), map);
            } else if (m.kind() == MemberKind.MAP) {
                for (Node v : map.entries().values()) member(s, where, m.mapValue(), v);
            } else if (m.kind() != MemberKind.DOCUMENT) {
                problems.warn(map, s.name(), where + " member " + m.name() + " takes " + m.describe() + ", got a mapping");
            }
        }
    }

    /** A plain (not interpolated) string input, or empty. */
    private Optional<String> literal(MapNode inputs, String key) {
        return inputs.get(key).filter(n -> n instanceof ScalarNode s && !References.hasReference(s.value()))
                .map(n -> ((ScalarNode) n).value());
    }
}
