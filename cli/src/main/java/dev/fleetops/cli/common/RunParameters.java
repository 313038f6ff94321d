package dev.fleetops.cli.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A document's runtime parameters from the command line, in the forms the AWS CLI takes for
 * {@code aws ssm start-automation-execution --parameters} ("AWS CLI User Guide: Using shorthand syntax",
 * "Loading parameters from a file"):
 * <ul>
 *   <li>{@code -p Name=a,b}: shorthand; a comma separates list items, {@code \,} is a comma inside a value; a value
 *       that is JSON ({@code {"k":"v","k2":"v2"}} for a StringMap, {@code [...]} for a MapList) is one value;</li>
 *   <li>{@code --parameters '{"Name":["a","b"],"Map":{"k":"v"}}'}: JSON, a list per name as the API takes it (a
 *       string, number or object is one value);</li>
 *   <li>{@code --parameters file://params.json}: the same JSON read from a file.</li>
 * </ul>
 * Values of one name given twice add up. The values are checked against the document's declared types later, by the
 * engine's binder, whose messages name the parameter and its type.
 */
public final class RunParameters {

    private RunParameters() { }

    /** @param shorthand the {@code -p} options; @param parameters the {@code --parameters} options */
    public static Map<String, List<String>> parse(List<String> shorthand, List<String> parameters) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String a : shorthand) assignment("-p", a, out);
        for (String p : parameters) {
            String text = p;
            String where = "--parameters";
            if (p.startsWith("file://")) {
                Path file = Path.of(p.substring("file://".length()));
                where = "--parameters " + p;
                text = read(file, where);
            }
            if (text.stripLeading().startsWith("{") || text.stripLeading().startsWith("[")) json(where, text, out);
            else assignment(where, text, out);
        }
        return out;
    }

    /** {@code NAME=V1,V2}: shorthand. */
    private static void assignment(String option, String a, Map<String, List<String>> out) {
        int eq = a.indexOf('=');
        if (eq <= 0) {
            throw new UsageError(option + " takes NAME=VALUE (a list: NAME=a,b; JSON: --parameters '{\"NAME\":[\"a\",\"b\"]}'),"
                    + " got '" + a + "'");
        }
        List<String> values = out.computeIfAbsent(a.substring(0, eq).trim(), k -> new ArrayList<>());
        String v = a.substring(eq + 1);
        String t = v.strip();
        if (t.startsWith("{") || t.startsWith("[")) {
            values.add(v); // JSON for a StringMap or MapList: its commas are its own
        } else {
            values.addAll(split(v));
        }
    }

    /** Items separated by commas; a backslash makes the next character literal ({@code a\,b} is one item). */
    private static List<String> split(String v) {
        List<String> items = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) b.append(v.charAt(++i));
            else if (c == ',') { items.add(b.toString()); b.setLength(0); }
            else b.append(c);
        }
        items.add(b.toString());
        return items;
    }

    private static void json(String where, String text, Map<String, List<String>> out) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UsageError(where + ": invalid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UsageError(where + ": expected a JSON object of parameter names to lists of values, such as"
                    + " {\"InstanceId\":[\"i-0123456789abcdef0\"]}");
        }
        for (var it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            List<String> values = out.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                values.add(v.asText());
            } else if (v.isObject()) {
                values.add(v.toString()); // a StringMap given as its JSON object
            } else if (v.isArray()) {
                for (JsonNode item : v) {
                    if (item.isTextual()) values.add(item.asText());
                    else if (item.isObject()) values.add(item.toString()); // a MapList item
                    else throw new UsageError(where + ": parameter '" + e.getKey() + "': expected a list of strings, got "
                            + item + " in " + v);
                }
            } else {
                // the API takes a list of strings per name, as the AWS CLI says ("Invalid type for parameter")
                throw new UsageError(where + ": parameter '" + e.getKey() + "': expected a list of strings such as"
                        + " [\"" + (v.isNull() ? "value" : v.asText()) + "\"], got " + v);
            }
        }
    }

    private static String read(Path file, String where) {
        try {
            return dev.fleetops.json.Bom.strip(Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageError(where + ": " + file + ": no such file");
        } catch (IOException e) {
            throw new UsageError(where + ": " + file + ": cannot read: " + e.getMessage());
        }
    }
}
