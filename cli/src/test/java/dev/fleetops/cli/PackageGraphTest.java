package dev.fleetops.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cli packages form no cycle, and the shared plumbing ({@code cli.common}, {@code cli.session}) never reaches
 * into a command package: a command depends on plumbing, never the other way round.
 */
class PackageGraphTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/fleetops/cli");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.fleetops\\.cli((?:\\.[a-z]+)?)\\b");

    @Test
    void cliPackagesHaveNoCycle() throws IOException {
        Map<String, Set<String>> graph = graph();
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            for (String next : graph.get(start)) {
                if (reaches(graph, next, start, new TreeSet<>())) cycles.add(start + " -> " + next + " -> ... -> " + start);
            }
        }
        assertThat(cycles).isEmpty();
    }

    @Test
    void plumbingImportsNoCommandPackage() throws IOException {
        Map<String, Set<String>> graph = graph();
        assertThat(graph.getOrDefault("cli.common", Set.of())).isEmpty();
        assertThat(graph.getOrDefault("cli.session", Set.of())).containsOnly("cli.common");
    }

    private static boolean reaches(Map<String, Set<String>> graph, String from, String to, Set<String> seen) {
        if (from.equals(to)) return true;
        if (!seen.add(from)) return false;
        for (String n : graph.getOrDefault(from, Set.of())) if (reaches(graph, n, to, seen)) return true;
        return false;
    }

    /** package -> the other cli packages its sources name (imports and qualified names alike). */
    private static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path dir = SOURCES.relativize(f.getParent());
                String pkg = dir.toString().isEmpty() ? "cli" : "cli." + dir.toString().replace('/', '.');
                Set<String> deps = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(f));
                while (m.find()) {
                    String target = "cli" + m.group(1);
                    if (!target.equals(pkg)) deps.add(target);
                }
            }
        }
        return graph;
    }
}
