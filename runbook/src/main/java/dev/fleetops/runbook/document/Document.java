package dev.fleetops.runbook.document;

import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An SSM document of a schema fleetops runs (Automation 0.3 or Command 2.2), as parsed: every part keeps its
 * located node so that errors found later (validation, interpolation at run time) can name file, line and field.
 */
public record Document(
        String name,
        Schema schema,
        Optional<String> description,
        Optional<String> assumeRole,
        Map<String, Parameter> parameters,
        List<Step> mainSteps,
        List<String> outputs,
        Map<String, Node> files,
        Map<String, Parameter> variables,
        MapNode node) {

    public Document {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        mainSteps = List.copyOf(mainSteps);
        outputs = List.copyOf(outputs);
    }

    public boolean isAutomation() {
        return schema == Schema.AUTOMATION_0_3;
    }

    /** A Command document (schema 1.2, 2.0 or 2.2): run through SendCommand. */
    public boolean isCommand() {
        return schema.command();
    }

    /** Every step, loop bodies included, in document order. */
    public List<Step> allSteps() {
        List<Step> out = new java.util.ArrayList<>();
        collect(mainSteps, out);
        return out;
    }

    private static void collect(List<Step> steps, List<Step> out) {
        for (Step s : steps) {
            out.add(s);
            collect(s.steps(), out);
        }
    }
}
