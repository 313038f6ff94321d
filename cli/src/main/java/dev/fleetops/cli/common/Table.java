package dev.fleetops.cli.common;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The AWS CLI's {@code -o table}: a titled box per object, its scalar members as key/value rows, a list of objects
 * as one table with a column per member, and nested lists and objects as boxes titled by their key below.
 */
final class Table {

    private final StringBuilder out = new StringBuilder();

    private Table() { }

    static String render(JsonNode node) {
        Table t = new Table();
        if (node.isObject() && node.size() == 1 && node.elements().next().isContainerNode()) {
            Map.Entry<String, JsonNode> only = node.fields().next();
            t.box(only.getKey(), only.getValue());
        } else {
            t.box("", node);
        }
        return t.out.toString();
    }

    private void box(String title, JsonNode node) {
        if (node.isArray()) {
            List<JsonNode> objects = new ArrayList<>();
            List<List<String>> scalars = new ArrayList<>();
            for (JsonNode n : node) {
                if (n.isObject()) objects.add(n);
                else if (n.isArray()) box(title, n);
                else scalars.add(List.of(Output.scalar(n)));
            }
            if (!scalars.isEmpty()) grid(title, List.of(), scalars);
            if (!objects.isEmpty()) rows(title, objects);
        } else if (node.isObject()) {
            List<List<String>> pairs = new ArrayList<>();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isContainerNode()) pairs.add(List.of(e.getKey(), Output.scalar(e.getValue())));
            });
            if (!pairs.isEmpty() || !title.isEmpty()) grid(title, List.of(), pairs);
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isContainerNode()) box(e.getKey(), e.getValue());
            });
        } else {
            grid(title, List.of(), List.of(List.of(Output.scalar(node))));
        }
    }

    /** A list of objects: one column per scalar member (in first-seen order), then each one's nested members. */
    private void rows(String title, List<JsonNode> objects) {
        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode o : objects) {
            o.fields().forEachRemaining(e -> {
                if (!e.getValue().isContainerNode()) columns.add(e.getKey());
            });
        }
        if (!columns.isEmpty()) {
            List<List<String>> body = new ArrayList<>();
            for (JsonNode o : objects) {
                List<String> row = new ArrayList<>();
                for (String c : columns) row.add(o.has(c) ? Output.scalar(o.get(c)) : "");
                body.add(row);
            }
            grid(title, List.copyOf(columns), body);
        }
        for (JsonNode o : objects) {
            o.fields().forEachRemaining(e -> {
                if (e.getValue().isContainerNode()) box(e.getKey(), e.getValue());
            });
        }
    }

    private void grid(String title, List<String> header, List<List<String>> body) {
        int n = header.isEmpty() ? body.stream().mapToInt(List::size).max().orElse(1) : header.size();
        int[] width = new int[n];
        for (int i = 0; i < header.size(); i++) width[i] = header.get(i).length();
        for (List<String> row : body) for (int i = 0; i < row.size(); i++) width[i] = Math.max(width[i], row.get(i).length());
        int inner = 0;
        for (int w : width) inner += w + 3;
        inner = Math.max(inner - 1, title.length() + 2);
        width[n - 1] += inner - (sum(width) + 3 * n - 1); // the last column takes what a long title needs
        String rule = "+" + "-".repeat(inner) + "+";
        if (!title.isEmpty()) {
            out.append("-".repeat(inner + 2)).append('\n');
            int left = (inner - title.length()) / 2;
            out.append('|').append(" ".repeat(left)).append(title).append(" ".repeat(inner - left - title.length())).append("|\n");
        }
        out.append(separator(width)).append('\n');
        if (!header.isEmpty()) {
            out.append(line(header, width, true)).append('\n').append(separator(width)).append('\n');
        }
        for (List<String> row : body) out.append(line(row, width, false)).append('\n');
        if (!body.isEmpty() || !header.isEmpty()) out.append(separator(width)).append('\n');
        if (body.isEmpty() && header.isEmpty()) out.append(rule).append('\n');
    }

    private static int sum(int[] w) {
        int s = 0;
        for (int x : w) s += x;
        return s;
    }

    private static String separator(int[] width) {
        StringBuilder b = new StringBuilder("+");
        for (int w : width) b.append("-".repeat(w + 2)).append('+');
        return b.toString();
    }

    private static String line(List<String> cells, int[] width, boolean centred) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < width.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            int pad = width[i] - c.length();
            int left = centred ? pad / 2 : 0;
            b.append(' ').append(" ".repeat(left)).append(c).append(" ".repeat(pad - left)).append(" |");
        }
        return b.toString();
    }
}
