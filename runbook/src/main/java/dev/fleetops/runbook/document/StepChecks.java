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

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Per-step checks: the action is known (and runnable on the target), its inputs are its own, and for the API
 * actions the service, operation and members exist in the SDK's models; then the checks the action's
 * {@link ActionDefinition} names. Sources: "Systems Manager Automation actions reference" (each action's inputs,
 * required or not), "Command document plugin reference" (plugins and their inputs), the SDK's service models
 * (operations and members: SSM checks these only when the step runs, so they are warnings).
 */
final class StepChecks {

    // "AWS Systems Manager API Reference: StepExecution" says ^aws:[a-zA-Z]{3,25}$, yet
    // aws:waitForAwsResourceProperty has 26 letters: the corpus wins
    private static final Pattern ACTION = Pattern.compile("^aws:[a-zA-Z]{3,50}$");
    private static final Set<String> PROPERTY_INPUTS = Set.of("PropertySelector", "DesiredValues");

    private final Document doc;
    private final ApiCatalog catalog;
    private final RunTarget target;
    /** The services the simulated region models; every other service of the catalog runs on AWS only. */
    private static final Set<String> SIMULATED_SERVICES = Set.of("ec2", "elbv2", "autoscaling", "ssm", "sqs", "events", "route53",
            "cloudwatch");
    /** Services the simulator models only some operations of (the others are UnsupportedOperationException there). */
    static final Map<String, Set<String>> SIMULATED_OPERATIONS = Map.of("cloudwatch",
            Set.of("PutMetricAlarm", "DescribeAlarms", "DeleteAlarms", "SetAlarmState", "PutMetricData"));
    private final Problems problems;

    StepChecks(Document doc, ApiCatalog catalog, RunTarget target, Problems problems) {
        this.doc = doc;
        this.catalog = catalog;
        this.target = target;
        this.problems = problems;
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
        Optional<ActionDefinition> found = Actions.automation(s.action());
        if (found.isEmpty()) {
            problems.at(at, s.name(), "unknown action '" + s.action() + "'" + Suggest.didYouMean(s.action(), Actions.automationNames()));
            return;
        }
        ActionDefinition def = found.get();
        def.notRunnable(target).ifPresent(why -> problems.notRunnable("action " + def.name() + " does not run on "
                + target.label() + ": " + why));
        // an unknown or missing input: Automation refuses the document ("Automation actions reference", per action)
        switch (def.inputs()) {
            case FIXED -> fixedInputs(s, def.name(), def.required(), def.all(), false);
            case API -> api(s, def);
            case OPEN -> { }
        }
        StepFindings findings = new StepFindings(doc, s, problems);
        for (InputCheck c : def.checks()) c.check(findings);
    }

    private void plugin(Step s) {
        Optional<Plugins.Plugin> found = Plugins.find(s.action());
        if (found.isEmpty()) {
            problems.notRunnable("plugin " + s.action() + " is not a plugin fleetops knows (known: "
                    + String.join(", ", Plugins.names()) + ")");
            return;
        }
        Plugins.Plugin p = found.get();
        if (!p.onSimulator() && target == RunTarget.SIMULATOR) {
            problems.notRunnable("plugin " + p.name() + " does not run on " + target.label() + ": " + Plugins.NOT_ON_SIMULATOR);
        }
        if (p.inputsChecked()) fixedInputs(s, p.name(), p.required(), p.all(), true);
        if (p.name().equals("aws:runShellScript") || p.name().equals("aws:runPowerShellScript")) shellInputs(s, p.name());
    }

    /**
     * The shell plugins' inputs as the agent decodes them ("Command document plugin reference"): runCommand a
     * string or a list of strings, timeoutSeconds a whole number of seconds (or a {{ parameter }}).
     */
    private void shellInputs(Step s, String plugin) {
        for (var e : s.inputs().entries().entrySet()) {
            Node v = e.getValue();
            if (e.getKey().equalsIgnoreCase("runCommand")) {
                boolean ok = v instanceof ScalarNode sc && sc.type() == ScalarNode.Type.STRING
                        || v instanceof ListNode l && l.items().stream().allMatch(i -> i instanceof ScalarNode);
                if (!ok) problems.at(v, s.name(), "runCommand of " + plugin + ": expected a list of command lines (or one string), got " + v.describe());
            } else if (e.getKey().equalsIgnoreCase("timeoutSeconds")) {
                boolean ok = v instanceof ScalarNode sc && (sc.type() == ScalarNode.Type.INTEGER
                        || sc.value().matches("[0-9]+|\\s*\\{\\{.*}}\\s*"));
                if (!ok) problems.at(v, s.name(), "timeoutSeconds of " + plugin + ": expected a whole number of seconds, got " + v.describe());
            }
        }
    }

    /**
     * Command plugin inputs are matched case-insensitively and unknown ones only warned about: the SSM agent decodes
     * them with Go's encoding/json, which ignores case and unknown keys (AWS-owned documents rely on both).
     */
    private void fixedInputs(Step s, String action, Set<String> required, Set<String> all, boolean plugin) {
        MapNode inputs = s.inputs();
        Set<String> given = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String key : inputs.keys()) {
            String known = plugin ? all.stream().filter(k -> k.equalsIgnoreCase(key)).findFirst().orElse(null)
                    : all.contains(key) ? key : null;
            if (known != null) {
                given.add(known);
                continue;
            }
            String message = "unknown input '" + key + "' of " + action + Suggest.didYouMean(key, all)
                    + (all.isEmpty() ? "; it takes no inputs" : "; it takes: " + String.join(", ", all));
            if (plugin) problems.warn(inputs.entries().get(key), s.name(), message + " (the SSM agent ignores it)");
            else problems.atKey(inputs, key, s.name(), message);
        }
        for (String r : required) {
            boolean present = plugin ? given.contains(r) : inputs.get(r).isPresent();
            if (!present) problems.at(inputs, s.name(), "missing required input '" + r + "' of " + action);
        }
    }

    // ---------------------------------------------------------------- API actions

    private void api(Step s, ActionDefinition spec) {
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
                    + ") is not in fleetops' API catalog (" + String.join(", ", catalog.availableServiceNames()) + ")");
            return;
        }
        if (target == RunTarget.SIMULATOR && !SIMULATED_SERVICES.contains(svc.get().name())) {
            problems.notRunnable("service " + svc.get().name() + " (" + spec.name() + " in step " + s.name()
                    + ") is not modelled by the simulator");
        }
        Optional<Operation> op = svc.get().operation(api.get());
        if (op.isEmpty()) {
            problems.warn(inputs.require("Api"), s.name(), svc.get().name() + " has no operation " + api.get()
                    + Suggest.didYouMean(api.get(), svc.get().operations().keySet()));
            return;
        }
        Set<String> some = SIMULATED_OPERATIONS.get(svc.get().name());
        if (target == RunTarget.SIMULATOR && some != null && !some.contains(op.get().name())) {
            problems.notRunnable("operation " + svc.get().name() + " " + op.get().name() + " (" + spec.name() + " in step "
                    + s.name() + ") is not modelled by the simulator (of " + svc.get().name() + " it models "
                    + String.join(", ", new TreeSet<>(some)) + ")");
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
