package dev.fleetops.runbook.document;

import dev.fleetops.source.Suggest;

import dev.fleetops.source.ListNode;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the located tree of an Automation 0.3 or Command 2.2 document into a {@link Document}, recording
 * structural problems (unknown or mistyped fields) and carrying on, so validation can report them all.
 * Sources: AWS Systems Manager User Guide, "Data elements and parameters" (top-level elements, parameters, the
 * Command step), "Systems Manager Automation actions reference" (the properties every Automation step has),
 * "Schemas, features, and examples" (1.2 runtimeConfig). An unknown key of an Automation document is an error
 * (Automation parses the document itself); of a Command document a warning, because the SSM agent decodes it
 * with Go's encoding/json, which ignores keys it does not know.
 */
final class DocumentReader {

    static final Set<String> AUTOMATION_KEYS =
            Set.of("schemaVersion", "description", "assumeRole", "parameters", "mainSteps", "outputs", "files", "variables");
    static final Set<String> COMMAND_KEYS = Set.of("schemaVersion", "description", "parameters", "mainSteps");
    static final Set<String> COMMAND_1_2_KEYS = Set.of("schemaVersion", "description", "parameters", "runtimeConfig");
    static final Set<String> PARAMETER_KEYS = Set.of("type", "description", "default", "allowedValues", "allowedPattern",
            "displayType", "minItems", "maxItems", "minChars", "maxChars");
    static final Set<String> AUTOMATION_STEP_KEYS = Set.of("name", "action", "description", "inputs", "maxAttempts",
            "timeoutSeconds", "onFailure", "onCancel", "isEnd", "nextStep", "isCritical", "outputs");
    /**
     * The SSM agent's step (its document contract, InstancePluginConfig): action, name, inputs, precondition,
     * maxAttempts, onFailure, settings, timeoutSeconds; and description, which "Data elements and parameters"
     * shows. {@code maxAttempts} and {@code settings} appear on AWS-owned Command steps (AWSFIS-*, the CloudWatch
     * migration).
     */
    static final Set<String> COMMAND_STEP_KEYS = Set.of("name", "action", "description", "inputs", "precondition",
            "maxAttempts", "onFailure", "settings", "timeoutSeconds");
    static final Pattern STEP_NAME = Pattern.compile("[a-zA-Z0-9_]+");

    private final String name;
    private final Schema schema;
    private final Problems problems;
    private final Fields fields;

    DocumentReader(String name, Schema schema, Problems problems) {
        this.name = name;
        this.schema = schema;
        this.problems = problems;
        this.fields = new Fields(problems);
    }

    Document read(MapNode root) {
        boolean automation = schema == Schema.AUTOMATION_0_3;
        fields.allowOnly(root, automation ? AUTOMATION_KEYS : schema == Schema.V1_2 ? COMMAND_1_2_KEYS : COMMAND_KEYS, "",
                "a schema " + schema.version() + " document", !automation);
        if (schema == Schema.V1_2) root = withMainSteps(root);
        Optional<String> description = fields.string(root, "description", "");
        Optional<String> assumeRole = automation ? fields.string(root, "assumeRole", "") : Optional.empty();
        Map<String, Parameter> parameters = definitions(root, "parameters");
        Map<String, Parameter> variables = automation ? definitions(root, "variables") : Map.of();
        List<Step> steps = List.of();
        Optional<ListNode> mainSteps = fields.list(root, "mainSteps", "");
        if (root.get("mainSteps").isEmpty()) problems.at(root, "", "missing required field 'mainSteps'");
        else if (mainSteps.isPresent() && mainSteps.get().size() == 0) {
            problems.at(mainSteps.get(), "", schema == Schema.V1_2
                    ? "runtimeConfig has no plugin: a schemaVersion 1.2 document needs at least one"
                    : "mainSteps is empty: a document needs at least one step");
        }
        if (mainSteps.isPresent()) steps = steps(mainSteps.get());
        List<String> outputs = fields.list(root, "outputs", "").map(l -> fields.strings(l, "")).orElse(List.of());
        Map<String, Node> files = new LinkedHashMap<>();
        fields.map(root, "files", "").ifPresent(m -> files.putAll(m.entries()));
        return new Document(name, schema, description, assumeRole, parameters, steps, outputs, files, variables, root);
    }

    /**
     * A schema 1.2 document with its plugins as 2.2 steps: {@code runtimeConfig: {PLUGIN: {properties: [ITEM...]}}}
     * becomes one step per ITEM (action PLUGIN, named by the item's {@code id} or {@code PLUGIN_N}, the item's other
     * members its inputs), each keeping the item's location so that errors name the line in runtimeConfig.
     */
    private MapNode withMainSteps(MapNode root) {
        Optional<MapNode> config = fields.map(root, "runtimeConfig", "");
        if (root.get("runtimeConfig").isEmpty()) problems.at(root, "", "missing required field 'runtimeConfig'");
        List<Node> steps = new ArrayList<>();
        if (config.isPresent()) {
            for (var plugin : config.get().entries().entrySet()) {
                if (!(plugin.getValue() instanceof MapNode pm)) {
                    problems.at(plugin.getValue(), "", "expected a plugin {properties: [...]}, got " + plugin.getValue().describe());
                    continue;
                }
                Optional<Node> properties = pm.get("properties");
                List<Node> items = properties.orElse(null) instanceof ListNode l ? l.items()
                        : properties.orElse(null) instanceof MapNode one ? List.of(one) : List.of();
                if (items.isEmpty()) problems.at(pm, "", "plugin " + plugin.getKey() + " has no properties");
                int n = 0;
                for (Node item : items) {
                    n++;
                    if (!(item instanceof MapNode im)) {
                        problems.at(item, "", "expected the plugin's properties (a mapping), got " + item.describe());
                        continue;
                    }
                    String id = im.get("id").filter(x -> x instanceof ScalarNode).map(x -> ((ScalarNode) x).value()).orElse(plugin.getKey() + "_" + n);
                    Map<String, Node> inputs = new LinkedHashMap<>(im.entries());
                    inputs.remove("id");
                    Map<String, Node> step = new LinkedHashMap<>();
                    step.put("action", new ScalarNode(plugin.getKey(), ScalarNode.Type.STRING, im.location(), Node.child(im.path(), "action")));
                    step.put("name", new ScalarNode(stepName(id), ScalarNode.Type.STRING, im.location(), Node.child(im.path(), "name")));
                    step.put("inputs", new MapNode(inputs, im.keyLocations(), im.location(), im.path()));
                    steps.add(new MapNode(step, Map.of(), im.location(), im.path()));
                }
            }
        }
        Map<String, Node> entries = new LinkedHashMap<>(root.entries());
        entries.remove("runtimeConfig");
        entries.put("mainSteps", new ListNode(steps, root.location(), "runtimeConfig"));
        return new MapNode(entries, root.keyLocations(), root.location(), root.path());
    }

    /** A 1.2 plugin id ({@code 0.aws:runShellScript}) as a step name: letters, digits and _ only. */
    private static String stepName(String id) {
        String s = id.replaceAll("[^A-Za-z0-9_]", "_");
        return s.isEmpty() ? "plugin" : s;
    }

    // ---------------------------------------------------------------- parameters and variables

    private Map<String, Parameter> definitions(MapNode root, String key) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Optional<MapNode> defs = fields.map(root, key, "");
        if (defs.isEmpty()) return out;
        for (var e : defs.get().entries().entrySet()) {
            if (!(e.getValue() instanceof MapNode def)) {
                problems.at(e.getValue(), "", "expected a mapping with at least 'type', got " + e.getValue().describe());
                continue;
            }
            Parameter p = parameter(e.getKey(), def);
            if (p != null) out.put(e.getKey(), p);
        }
        return out;
    }

    private Parameter parameter(String paramName, MapNode def) {
        Set<String> allowed = new java.util.HashSet<>(PARAMETER_KEYS);
        if (schema == Schema.COMMAND_2_2) allowed.add("interpolationType");
        fields.allowOnly(def, allowed, "", "a parameter definition");
        Optional<String> declared = fields.requiredString(def, "type", "");
        ParameterType type = ParameterType.STRING;
        if (declared.isPresent()) {
            Optional<ParameterType> t = ParameterType.ofDeclared(declared.get());
            if (t.isEmpty()) {
                problems.at(def.require("type"), "", "unknown parameter type '" + declared.get() + "'"
                        + Suggest.didYouMean(declared.get(), List.of("String", "StringList", "Integer", "Boolean", "MapList", "StringMap"))
                        + "; expected String, StringList, Integer, Boolean, MapList, StringMap or a picker type such as AWS::EC2::Instance::Id");
            } else {
                type = t.get();
            }
        }
        List<String> allowedValues = fields.list(def, "allowedValues", "").map(l -> fields.strings(l, "")).orElse(List.of());
        Optional<String> interpolation = fields.string(def, "interpolationType", "");
        interpolation.ifPresent(v -> {
            if (!v.equals("ENV_VAR")) problems.at(def.require("interpolationType"), "", "interpolationType must be ENV_VAR, got \"" + v + "\"");
        });
        return new Parameter(paramName, declared.orElse("String"), type,
                fields.string(def, "description", ""), def.get("default"), allowedValues,
                fields.string(def, "allowedPattern", ""), fields.string(def, "displayType", ""),
                fields.integer(def, "minItems", 0, Integer.MAX_VALUE, ""), fields.integer(def, "maxItems", 0, Integer.MAX_VALUE, ""),
                fields.integer(def, "minChars", 0, Integer.MAX_VALUE, ""), fields.integer(def, "maxChars", 0, Integer.MAX_VALUE, ""),
                interpolation, def);
    }

    // ---------------------------------------------------------------- steps

    private List<Step> steps(ListNode list) {
        List<Step> out = new ArrayList<>();
        for (Node n : list.items()) {
            if (n instanceof MapNode m) out.add(step(m));
            else problems.at(n, "", "expected a step (a mapping with name, action and inputs), got " + n.describe());
        }
        return out;
    }

    private Step step(MapNode m) {
        boolean automation = schema == Schema.AUTOMATION_0_3;
        String stepName = m.get("name").filter(n -> n instanceof ScalarNode).map(n -> ((ScalarNode) n).value()).orElse("");
        fields.allowOnly(m, automation ? AUTOMATION_STEP_KEYS : COMMAND_STEP_KEYS, stepName, "a step", !automation);
        Optional<String> name = fields.requiredString(m, "name", stepName);
        // "Systems Manager Automation actions reference" asks only that a name be unique (FlowChecks); letters,
        // digits and _ are what every AWS-owned document uses, so another character is worth a warning, no more
        name.ifPresent(n -> {
            if (!STEP_NAME.matcher(n).matches()) {
                problems.warn(m.require("name"), stepName, "step name '" + n + "' has characters other than letters,"
                        + " digits and _ (AWS accepts it; AWS-owned documents use only those)");
            }
        });
        Optional<String> action = fields.requiredString(m, "action", stepName);
        MapNode inputs = fields.map(m, "inputs", stepName).orElse(null);
        if (inputs == null) {
            if (automation && m.get("inputs").isEmpty()) problems.at(m, stepName, "missing required field 'inputs'");
            inputs = new MapNode(Map.of(), Map.of(), m.location(), Node.child(m.path(), "inputs"));
        }
        // the Automation-only properties are not read from a Command step: the agent ignores them (warned above)
        Optional<Boolean> isCritical = automation ? fields.bool(m, "isCritical", stepName) : Optional.empty();
        // a Command step's onFailure is the agent's own (a string it interprets), not Automation's Abort/Continue/step:X
        if (!automation) fields.string(m, "onFailure", stepName);
        Transition onFailure = automation ? transition(m, "onFailure", stepName, true) : Transition.ABORT;
        List<Step> nested = List.of();
        if (action.orElse("").equals("aws:loop") && inputs.get("Steps").orElse(null) instanceof ListNode body) {
            nested = steps(body);
        }
        return new Step(name.orElse(""), action.orElse(""), fields.string(m, "description", stepName), inputs,
                fields.integer(m, "maxAttempts", 1, Integer.MAX_VALUE, stepName).orElse(1),
                fields.integer(m, "timeoutSeconds", 1, Integer.MAX_VALUE, stepName),
                onFailure, automation ? transition(m, "onCancel", stepName, false) : Transition.ABORT,
                automation && fields.bool(m, "isEnd", stepName).orElse(false),
                automation ? fields.string(m, "nextStep", stepName) : Optional.empty(),
                isCritical.orElse(!(onFailure instanceof Transition.Continue)),
                automation ? outputs(m, stepName) : List.of(), nested, automation ? Optional.empty() : precondition(m, stepName), m);
    }

    private Transition transition(MapNode m, String key, String step, boolean continueAllowed) {
        Optional<String> v = fields.string(m, key, step);
        if (v.isEmpty()) return Transition.ABORT;
        String s = v.get().trim();
        if (s.equals("Abort")) return Transition.ABORT;
        if (s.equals("Continue") && continueAllowed) return Transition.CONTINUE;
        if (s.startsWith("step:") && s.length() > 5) return new Transition.GoTo(s.substring(5).trim());
        problems.at(m.require(key), step, key + " must be Abort" + (continueAllowed ? ", Continue" : "")
                + " or step:<name>, got \"" + s + "\"");
        return Transition.ABORT;
    }

    private List<StepOutput> outputs(MapNode m, String step) {
        List<StepOutput> out = new ArrayList<>();
        Optional<ListNode> list = fields.list(m, "outputs", step);
        if (list.isEmpty()) return out;
        for (Node n : list.get().items()) {
            if (!(n instanceof MapNode o)) {
                problems.at(n, step, "expected an output {Name, Selector, Type}, got " + n.describe());
                continue;
            }
            fields.allowOnly(o, Set.of("Name", "Selector", "Type"), step, "an output");
            Optional<String> name = fields.requiredString(o, "Name", step);
            Optional<String> selector = fields.requiredString(o, "Selector", step);
            ParameterType type = ParameterType.STRING;
            Optional<String> t = fields.string(o, "Type", step);
            if (t.isPresent()) {
                Optional<ParameterType> pt = ParameterType.ofName(t.get());
                if (pt.isEmpty()) problems.at(o.require("Type"), step, "unknown output type '" + t.get() + "'"
                        + Suggest.didYouMean(t.get(), List.of("String", "StringList", "Integer", "Boolean", "MapList", "StringMap"))
                        + "; expected String, StringList, Integer, Boolean, MapList or StringMap");
                else type = pt.get();
            }
            if (name.isPresent() && selector.isPresent()) out.add(new StepOutput(name.get(), selector.get(), type, o));
        }
        return out;
    }

    /** Command steps: {@code precondition: {StringEquals: [a, b]}}, the only operator (UG documents-schemas-features). */
    private Optional<List<String>> precondition(MapNode m, String step) {
        Optional<MapNode> pre = fields.map(m, "precondition", step);
        if (pre.isEmpty()) return Optional.empty();
        fields.allowOnly(pre.get(), Set.of("StringEquals"), step, "a precondition");
        Optional<ListNode> operands = fields.list(pre.get(), "StringEquals", step);
        if (operands.isEmpty()) {
            if (pre.get().get("StringEquals").isEmpty()) problems.at(pre.get(), step, "missing required field 'StringEquals'");
            return Optional.empty();
        }
        List<String> values = fields.strings(operands.get(), step);
        if (values.size() != 2) {
            problems.at(operands.get(), step, "StringEquals takes exactly two operands, got " + values.size());
            return Optional.empty();
        }
        return Optional.of(values);
    }
}
