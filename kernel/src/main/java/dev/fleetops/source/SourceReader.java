package dev.fleetops.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads YAML or JSON into a located {@link Node} tree. JSON is read by a JSON parser (exact JSON positions);
 * anything else by a YAML 1.2 parser. Syntax errors, duplicate keys, empty files, recursive aliases and nesting
 * deeper than {@link #MAX_DEPTH} are {@link InputError}s (never a StackOverflowError). A leading byte order mark is
 * ignored in both.
 */
public final class SourceReader {

    /** Deeper than any real document (SSM documents nest a few levels); protects the reader's stack. */
    public static final int MAX_DEPTH = 500;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private SourceReader() { }

    public static Node read(Path file) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputError(Location.of(name), "", "no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InputError(Location.of(name), "", "not UTF-8 text");
        } catch (IOException e) {
            throw new InputError(Location.of(name), "", "cannot read: " + e.getMessage());
        }
        return read(name, text);
    }

    /** Parses {@code text}; {@code name} is used in locations and decides JSON (ends with .json) or YAML. */
    public static Node read(String name, String text) {
        text = dev.fleetops.json.Bom.strip(text);
        String trimmed = text.stripLeading();
        if (trimmed.isEmpty()) throw new InputError(Location.of(name), "", "the file is empty");
        if (name.toLowerCase(Locale.ROOT).endsWith(".json")) return readJson(name, text);
        return readYaml(name, text);
    }

    // ---------------------------------------------------------------- YAML

    public static Node readYaml(String name, String text) {
        // 32 M code points instead of the parser's 3 M: a generated document of 50,000 steps is about 5 MB
        LoadSettings settings = LoadSettings.builder().setLabel(name).setAllowDuplicateKeys(true)
                .setCodePointLimit(32 * 1024 * 1024).build();
        Optional<org.snakeyaml.engine.v2.nodes.Node> root;
        try {
            checkDepth(name, settings, text);
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
            Location at = m == null ? Location.of(name) : new Location(name, m.getLine() + 1, m.getColumn() + 1);
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            throw new InputError(at, "", "invalid YAML: " + problem);
        } catch (YamlEngineException e) {
            throw new InputError(Location.of(name), "", "invalid YAML: " + e.getMessage());
        }
        if (root.isEmpty()) throw new InputError(Location.of(name), "", "the file is empty");
        return convert(name, root.get(), "", new java.util.IdentityHashMap<>());
    }

    /** {@code open}: the collections being converted, from the root down (an alias to one of them is a cycle). */
    private static Node convert(String file, org.snakeyaml.engine.v2.nodes.Node n, String path,
                                Map<org.snakeyaml.engine.v2.nodes.Node, Boolean> open) {
        Location loc = n.getStartMark().map(m -> new Location(file, m.getLine() + 1, m.getColumn() + 1))
                .orElse(Location.of(file));
        if (n instanceof MappingNode || n instanceof SequenceNode) {
            if (open.containsKey(n)) throw new InputError(loc, path, "a recursive alias: this node contains itself");
            if (open.size() >= MAX_DEPTH) throw new InputError(loc, path, "nested deeper than " + MAX_DEPTH + " levels");
            open.put(n, Boolean.TRUE);
            try {
                return convertCollection(file, n, path, loc, open);
            } finally {
                open.remove(n);
            }
        }
        var s = (org.snakeyaml.engine.v2.nodes.ScalarNode) n;
        return new ScalarNode(s.getValue(), yamlType(s), loc, path);
    }

    private static Node convertCollection(String file, org.snakeyaml.engine.v2.nodes.Node n, String path, Location loc,
                                          Map<org.snakeyaml.engine.v2.nodes.Node, Boolean> open) {
        if (n instanceof MappingNode m) {
            Map<String, Node> entries = new LinkedHashMap<>();
            Map<String, Location> keys = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                Node key = convert(file, t.getKeyNode(), path, open);
                if (!(key instanceof ScalarNode ks) || ks.isNull()) {
                    throw new InputError(key.location(), path, "a mapping key must be a plain string");
                }
                String k = ks.value();
                if (entries.containsKey(k)) {
                    throw new InputError(key.location(), Node.child(path, k),
                            "duplicate key '" + k + "' (first at line " + keys.get(k).line() + ")");
                }
                keys.put(k, key.location());
                entries.put(k, convert(file, t.getValueNode(), Node.child(path, k), open));
            }
            return new MapNode(entries, keys, loc, path);
        }
        List<Node> items = new ArrayList<>();
        int i = 0;
        for (var item : ((SequenceNode) n).getValue()) items.add(convert(file, item, Node.index(path, i++), open));
        return new ListNode(items, loc, path);
    }

    /** The composer recurses per level: a deep file is refused from the (flat) event stream before it runs. */
    private static void checkDepth(String name, LoadSettings settings, String text) {
        int depth = 0;
        for (org.snakeyaml.engine.v2.events.Event e : new org.snakeyaml.engine.v2.api.lowlevel.Parse(settings).parseString(text)) {
            switch (e.getEventId()) {
                case SequenceStart, MappingStart -> {
                    if (++depth > MAX_DEPTH) {
                        Location at = e.getStartMark().map(m -> new Location(name, m.getLine() + 1, m.getColumn() + 1))
                                .orElse(Location.of(name));
                        throw new InputError(at, "", "nested deeper than " + MAX_DEPTH + " levels");
                    }
                }
                case SequenceEnd, MappingEnd -> depth--;
                default -> { }
            }
        }
    }

    private static ScalarNode.Type yamlType(org.snakeyaml.engine.v2.nodes.ScalarNode s) {
        if (!s.isPlain()) return ScalarNode.Type.STRING;
        Tag tag = s.getTag();
        if (Tag.INT.equals(tag)) return ScalarNode.Type.INTEGER;
        if (Tag.FLOAT.equals(tag)) return ScalarNode.Type.DECIMAL;
        if (Tag.BOOL.equals(tag)) return ScalarNode.Type.BOOLEAN;
        if (Tag.NULL.equals(tag)) return ScalarNode.Type.NULL;
        return ScalarNode.Type.STRING;
    }

    // ---------------------------------------------------------------- JSON

    public static Node readJson(String name, String text) {
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) throw new InputError(Location.of(name), "", "the file is empty");
            Node root = readJsonValue(name, p, "");
            if (p.nextToken() != null) {
                throw new InputError(loc(name, p.currentTokenLocation()), "", "invalid JSON: unexpected content after the end");
            }
            return root;
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new InputError(Location.of(name), "", "nested deeper than " + MAX_DEPTH + " levels");
        } catch (JsonParseException e) {
            JsonLocation l = e.getLocation();
            throw new InputError(l == null ? Location.of(name) : loc(name, l), "", "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputError(Location.of(name), "", "cannot read JSON: " + e.getMessage());
        }
    }

    private static Node readJsonValue(String file, JsonParser p, String path) throws IOException {
        Location loc = loc(file, p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Location> keys = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    Location kl = loc(file, p.currentTokenLocation());
                    if (entries.containsKey(k)) {
                        throw new InputError(kl, Node.child(path, k),
                                "duplicate key '" + k + "' (first at line " + keys.get(k).line() + ")");
                    }
                    p.nextToken();
                    keys.put(k, kl);
                    entries.put(k, readJsonValue(file, p, Node.child(path, k)));
                }
                return new MapNode(entries, keys, loc, path);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) items.add(readJsonValue(file, p, Node.index(path, i++)));
                return new ListNode(items, loc, path);
            }
            case VALUE_STRING -> {
                return new ScalarNode(p.getText(), ScalarNode.Type.STRING, loc, path);
            }
            case VALUE_NUMBER_INT -> {
                return new ScalarNode(p.getText(), ScalarNode.Type.INTEGER, loc, path);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new ScalarNode(p.getText(), ScalarNode.Type.DECIMAL, loc, path);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new ScalarNode(p.getText(), ScalarNode.Type.BOOLEAN, loc, path);
            }
            case VALUE_NULL -> {
                return new ScalarNode("null", ScalarNode.Type.NULL, loc, path);
            }
            default -> throw new InputError(loc, path, "invalid JSON: unexpected " + t);
        }
    }

    private static Location loc(String file, JsonLocation l) {
        return new Location(file, l.getLineNr(), l.getColumnNr());
    }
}
