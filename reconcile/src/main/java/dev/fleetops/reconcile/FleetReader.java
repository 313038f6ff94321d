package dev.fleetops.reconcile;

import dev.fleetops.source.InputError;
import dev.fleetops.source.ListNode;
import dev.fleetops.source.Location;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.SourceReader;
import dev.fleetops.source.Suggest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a fleet file. Every mistake is an {@link InputError} with file, line, column and field; all of them are
 * reported at once ({@link InputError.Many}), and nothing runs.
 *
 * <pre>
 * fleet: web                      # optional; default: the file name
 * resources:
 *   - kind: ec2:instance
 *     name: web-1
 *     state: running
 *     requires: [other]
 *     meta: {poll: 30, retry: -1, delay: 5s, noop: false, timeout: 10m}
 * </pre>
 */
public final class FleetReader {

    private static final Set<String> COMMON = Set.of("kind", "name", "requires", "meta");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Map<String, Kind> kinds = new LinkedHashMap<>();

    public FleetReader(List<Kind> kinds) {
        for (Kind k : kinds) this.kinds.put(k.name(), k);
    }

    public FleetFile read(Path file) {
        return read(SourceReader.read(file), file.toString());
    }

    public FleetFile read(String fileName, String text) {
        return read(SourceReader.read(fileName, text), fileName);
    }

    private FleetFile read(Node root, String file) {
        MapNode top = root.asMap().allowOnly("fleet", "resources");
        String fleetName = top.optString("fleet").orElseGet(() -> defaultName(file));
        if (!NAME.matcher(fleetName).matches()) {
            throw InputError.at(top.require("fleet"), "a fleet name is 1-128 letters, digits, '.', '_' or '-'");
        }
        ListNode list = top.require("resources").asList();
        if (list.size() == 0) throw InputError.at(list, "a fleet needs at least one resource");
        List<InputError> errors = new ArrayList<>();
        List<Resource> resources = new ArrayList<>();
        Map<String, Resource> byName = new LinkedHashMap<>();
        Map<String, List<String>> requires = new LinkedHashMap<>();
        Map<String, MapNode> nodes = new LinkedHashMap<>();
        for (Node item : list.items()) {
            try {
                MapNode m = item.asMap();
                String name = name(m);
                if (byName.containsKey(name)) {
                    Location first = byName.get(name).location();
                    throw InputError.at(m.require("name"), "duplicate resource name '" + name
                            + "' (first at line " + first.line() + ")");
                }
                Kind kind = kind(m);
                Set<String> allowed = new TreeSet<>(COMMON);
                allowed.addAll(kind.properties());
                m.allowOnly(allowed);
                Meta meta = m.get("meta").map(Meta::read).orElse(Meta.DEFAULTS);
                Resource r = kind.read(m, name, meta);
                resources.add(r);
                byName.put(name, r);
                nodes.put(name, m);
                requires.put(name, names(m));
            } catch (InputError e) {
                errors.add(e);
            } catch (InputError.Many e) {
                errors.addAll(e.errors());
            }
        }
        for (Resource r : resources) {
            MapNode m = nodes.get(r.name());
            m.get("requires").ifPresent(req -> {
                List<Node> items = req instanceof ListNode l ? l.items() : List.of(req);
                for (Node n : items) {
                    String target = n.asScalar().asString();
                    if (target.equals(r.name())) {
                        errors.add(InputError.at(n, "a resource cannot require itself"));
                    } else if (!byName.containsKey(target)) {
                        errors.add(InputError.at(n, "unknown resource '" + target + "'"
                                + Suggest.didYouMean(target, byName.keySet())));
                    }
                }
            });
            errors.addAll(r.validate(byName));
        }
        if (errors.isEmpty()) {
            FleetFile fleet = FleetFile.of(fleetName, file, resources, requires);
            cycle(fleet, nodes).ifPresent(errors::add);
            if (errors.isEmpty()) return fleet;
        }
        throw errors.size() == 1 ? errors.get(0) : new InputError.Many(errors);
    }

    private static String name(MapNode m) {
        Node n = m.require("name");
        String name = n.asScalar().asString();
        if (!NAME.matcher(name).matches()) {
            throw InputError.at(n, "a resource name is 1-128 letters, digits, '.', '_' or '-', got \"" + name + "\"");
        }
        return name;
    }

    private Kind kind(MapNode m) {
        Node n = m.require("kind");
        String k = n.asScalar().asString();
        Kind kind = kinds.get(k);
        if (kind == null) {
            throw InputError.at(n, "unknown kind '" + k + "'" + Suggest.didYouMean(k, kinds.keySet())
                    + "; expected one of: " + String.join(", ", kinds.keySet()));
        }
        return kind;
    }

    private static List<String> names(MapNode m) {
        return m.get("requires").map(req -> {
            List<Node> items = req instanceof ListNode l ? l.items() : List.of(req);
            List<String> out = new ArrayList<>();
            for (Node n : items) out.add(n.asScalar().asString());
            return out;
        }).orElse(List.of());
    }

    /** The first cycle found (depth-first, file order), reported at the resource that closes it. */
    private static java.util.Optional<InputError> cycle(FleetFile fleet, Map<String, MapNode> nodes) {
        Map<String, Integer> mark = new LinkedHashMap<>(); // 1 = on the path, 2 = done
        for (Resource r : fleet.resources()) {
            List<String> path = new ArrayList<>();
            String closing = visit(r.name(), fleet, mark, path);
            if (closing != null) {
                int from = path.indexOf(closing);
                List<String> loop = new ArrayList<>(path.subList(from, path.size()));
                loop.add(closing);
                String last = path.get(path.size() - 1);
                MapNode at = nodes.get(last);
                Node where = at.get("requires").orElse(at);
                return java.util.Optional.of(InputError.at(where, "dependency cycle: " + String.join(" -> ", loop)));
            }
        }
        return java.util.Optional.empty();
    }

    private static String visit(String name, FleetFile fleet, Map<String, Integer> mark, List<String> path) {
        Integer m = mark.get(name);
        if (m != null) return m == 1 ? name : null;
        mark.put(name, 1);
        path.add(name);
        for (String up : new LinkedHashSet<>(fleet.requires(name))) {
            String c = visit(up, fleet, mark, path);
            if (c != null) return c;
        }
        path.remove(path.size() - 1);
        mark.put(name, 2);
        return null;
    }

    private static String defaultName(String file) {
        String base = Path.of(file).getFileName().toString();
        int dot = base.indexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }
}
