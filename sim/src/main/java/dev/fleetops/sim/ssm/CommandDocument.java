package dev.fleetops.sim.ssm;

import dev.fleetops.source.InputError;
import dev.fleetops.source.ListNode;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Command document as the simulated agent runs it: schema 2.2 ({@code mainSteps}) or 1.2 ({@code runtimeConfig},
 * the shape of AWS-RunShellScript). Only the script plugins are modelled; their {@code runCommand} and
 * {@code timeoutSeconds} stay raw until {@link #resolve} substitutes the command's parameters.
 */
record CommandDocument(String schemaVersion, Map<String, Param> parameters, List<Step> steps) {

    static final String SHELL = "aws:runShellScript";
    static final String POWERSHELL = "aws:runPowerShellScript";

    /** @param defaultValue absent when the parameter is required */
    record Param(String name, String type, Optional<List<String>> defaultValue, Optional<String> allowedPattern,
                 String description) { }

    /** @param precondition {@code StringEquals} operands, or empty; {@code invalidPrecondition} for anything else */
    record Step(String name, String action, Optional<List<String>> precondition, boolean invalidPrecondition,
                Node runCommand, Optional<String> timeoutSeconds, Optional<String> onFailure,
                Optional<String> onSuccess) { }

    /** A step with the command's parameter values substituted. */
    record Resolved(String name, String action, Optional<List<String>> precondition, boolean invalidPrecondition,
                    String script, long timeoutSeconds, Optional<String> onFailure, Optional<String> onSuccess) { }

    /** Platforms the document can run on (AWS computes a document's PlatformTypes from its plugins). */
    List<String> platformTypes() {
        return platformTypes(steps.stream().anyMatch(s -> s.action().equals(POWERSHELL)));
    }

    /** Shell scripts run on Linux and macOS; PowerShell on those and Windows. */
    static List<String> platformTypes(boolean powerShell) {
        return powerShell ? List.of("Windows", "Linux", "MacOS") : List.of("Linux", "MacOS");
    }

    /** Parses a Command document tree. @throws InputError when its shape is not a Command document's */
    static CommandDocument parse(Node root) {
        MapNode doc = root.asMap();
        String schema = doc.string("schemaVersion");
        Map<String, Param> params = new LinkedHashMap<>();
        doc.get("parameters").ifPresent(p -> {
            for (var e : p.asMap().list()) params.put(e.getKey(), param(e.getKey(), e.getValue().asMap()));
        });
        List<Step> steps = new ArrayList<>();
        switch (schema) {
            case "2.2", "2.0" -> {
                ListNode main = doc.require("mainSteps").asList();
                if (main.size() == 0) throw InputError.at(main, "mainSteps must have at least one step");
                for (Node n : main.items()) steps.add(step22(n.asMap()));
            }
            case "1.2" -> {
                for (var e : doc.require("runtimeConfig").asMap().list()) {
                    MapNode plugin = e.getValue().asMap();
                    ListNode props = plugin.require("properties").asList();
                    for (Node p : props.items()) steps.add(step12(e.getKey(), p.asMap()));
                }
            }
            default -> throw InputError.at(doc.require("schemaVersion"),
                    "schemaVersion " + schema + " is not a Command document schema (1.2, 2.0, 2.2)");
        }
        return new CommandDocument(schema, params, steps);
    }

    private static Param param(String name, MapNode p) {
        String type = p.optString("type").orElse("String");
        Optional<List<String>> def = p.get("default").map(CommandDocument::values);
        return new Param(name, type, def, p.optString("allowedPattern"), p.optString("description").orElse(""));
    }

    private static Step step22(MapNode s) {
        String action = s.string("action");
        String name = s.string("name");
        MapNode inputs = s.require("inputs").asMap();
        Optional<List<String>> pre = Optional.empty();
        boolean invalid = false;
        Optional<Node> preNode = s.get("precondition");
        if (preNode.isPresent()) {
            MapNode pm = preNode.get().asMap();
            Optional<Node> eq = pm.get("StringEquals");
            if (pm.keys().size() == 1 && eq.isPresent() && eq.get() instanceof ListNode l && l.size() == 2) {
                pre = Optional.of(values(l));
            } else {
                invalid = true;
            }
        }
        return new Step(name, action, pre, invalid, inputs.get("runCommand").orElse(null),
                inputs.optString("timeoutSeconds"), inputs.optString("onFailure"), inputs.optString("onSuccess"));
    }

    private static Step step12(String plugin, MapNode p) {
        return new Step(plugin, plugin, Optional.empty(), false, p.get("runCommand").orElse(null),
                p.optString("timeoutSeconds"), Optional.empty(), Optional.empty());
    }

    /** A scalar as one value, a list as its items' text. */
    static List<String> values(Node n) {
        if (n instanceof ListNode l) {
            List<String> out = new ArrayList<>(l.size());
            for (Node item : l.items()) out.add(item.asScalar().text());
            return out;
        }
        ScalarNode s = n.asScalar();
        return s.isNull() ? List.of() : List.of(s.text());
    }

    /**
     * Substitutes {@code {{ name }}} with the given values: a whole-value reference to a StringList becomes its
     * items, a reference inside text joins them with newlines (enough for scripts).
     */
    List<Resolved> resolve(Map<String, List<String>> values) {
        List<Resolved> out = new ArrayList<>(steps.size());
        for (Step s : steps) {
            List<String> lines = new ArrayList<>();
            if (s.runCommand() != null) {
                for (String raw : values(s.runCommand())) lines.addAll(substituteLines(raw, values));
            }
            long timeout = 3600;
            if (s.timeoutSeconds().isPresent()) {
                String t = String.join("\n", substituteLines(s.timeoutSeconds().get(), values)).trim();
                // The agent falls back to 3600 s for a value it cannot use (SSMA pluginutil.go).
                try {
                    long v = Long.parseLong(t);
                    if (v >= 5 && v <= 172800) timeout = v;
                } catch (NumberFormatException ignored) {
                    // keep the default
                }
            }
            Optional<List<String>> pre = s.precondition().map(ops -> ops.stream()
                    .map(o -> String.join("\n", substituteLines(o, values))).toList());
            out.add(new Resolved(s.name(), s.action(), pre, s.invalidPrecondition(), String.join("\n", lines),
                    timeout, s.onFailure(), s.onSuccess()));
        }
        return out;
    }

    private static List<String> substituteLines(String raw, Map<String, List<String>> values) {
        String trimmed = raw.trim();
        if (trimmed.startsWith("{{") && trimmed.endsWith("}}") && trimmed.indexOf("{{", 2) < 0) {
            List<String> v = values.get(trimmed.substring(2, trimmed.length() - 2).trim());
            if (v != null) return v;
        }
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            int open = raw.indexOf("{{", i);
            int close = open < 0 ? -1 : raw.indexOf("}}", open + 2);
            if (open < 0 || close < 0) {
                b.append(raw, i, raw.length());
                break;
            }
            b.append(raw, i, open);
            String name = raw.substring(open + 2, close).trim();
            List<String> v = values.get(name);
            b.append(v == null ? raw.substring(open, close + 2) : String.join("\n", v));
            i = close + 2;
        }
        return List.of(b.toString());
    }
}
