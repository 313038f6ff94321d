package dev.fleetops.cli.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.JmesPath;
import dev.fleetops.json.Json;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a command's result document the way the AWS CLI prints an API answer ("AWS Command Line Interface User
 * Guide: Setting the output format" and "Filtering output"): {@code --query} (JMESPath) first, then {@code -o
 * json|yaml|table}, or with {@code -o text} and a query, the AWS CLI's text form (tab-separated values, one line per
 * row). The one place every command's structured output goes through.
 */
public final class Output {

    private Output() { }

    public static void print(GlobalOptions g, PrintWriter out, Object result) {
        JsonNode node = result instanceof JsonNode n ? n : Json.tree(result);
        if (g.query != null) node = query(g.query, node);
        switch (g.output) {
            case json -> out.println(Json.pretty(node));
            case yaml -> out.print(yaml(node));
            case table -> out.print(Table.render(node));
            case text -> text(node, out);
        }
        out.flush();
    }

    static JsonNode query(String expression, JsonNode node) {
        try {
            JsonNode found = JmesPath.search(expression, node);
            return found == null ? Json.MAPPER.nullNode() : found;
        } catch (IllegalArgumentException e) {
            throw new UsageError("--query: " + e.getMessage());
        }
    }

    static String yaml(JsonNode node) {
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
        return new Dump(settings).dumpToString(plain(node));
    }

    /** The AWS CLI's text output: scalars of a row tab-separated, a list one row per item. */
    private static void text(JsonNode node, PrintWriter out) {
        if (node.isArray()) {
            boolean scalars = true;
            for (JsonNode n : node) scalars &= !n.isContainerNode();
            if (scalars) {
                List<String> cells = new ArrayList<>();
                node.forEach(n -> cells.add(scalar(n)));
                out.println(String.join("\t", cells));
            } else {
                node.forEach(n -> text(n, out));
            }
        } else if (node.isObject()) {
            List<String> cells = new ArrayList<>();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isContainerNode()) cells.add(scalar(e.getValue()));
            });
            if (!cells.isEmpty()) out.println(String.join("\t", cells));
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isContainerNode()) text(e.getValue(), out);
            });
        } else {
            out.println(scalar(node));
        }
    }

    static String scalar(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? "None" : n.asText();
    }

    private static Object plain(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(i -> l.add(plain(i)));
            return l;
        }
        if (n.isNull() || n.isMissingNode()) return null;
        if (n.isBoolean()) return n.booleanValue();
        if (n.isIntegralNumber()) return n.bigIntegerValue();
        if (n.isNumber()) return n.decimalValue();
        return n.asText();
    }
}
