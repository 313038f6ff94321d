package dev.fleetops.sim.scenario;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.source.InputError;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.ScalarNode;
import dev.fleetops.source.SourceReader;
import dev.fleetops.time.VirtualScheduler;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a scenario file into a {@link Scenario}. Every mistake is an {@link InputError} naming file, line, column
 * and field; the first one found stops the read (later checks often depend on earlier values, e.g. a zone on the
 * region). Sections are read in dependency order, so references only ever point at what was already read.
 */
public final class ScenarioReader {

    static final List<String> SECTIONS = List.of("name", "description", "parameters", "region", "account", "start",
            "seed", "timings", "launchTemplates", "targetGroups", "loadBalancers", "groups", "instances",
            "hostedZones", "queues", "rules", "agent", "faults");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-gov)?-[a-z]+-\\d");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private ScenarioReader() { }

    public static Scenario read(Path file, Map<String, String> params) {
        String base = file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        return read(file.toString(), SourceReader.read(file).asMap(), base, params);
    }

    /** Reads {@code text} as if from a file named {@code name} (used for built-ins and tests). */
    public static Scenario read(String name, String text, Map<String, String> params) {
        String base = Path.of(name).getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        return read(name, SourceReader.read(name, text).asMap(), base, params);
    }

    private static Scenario read(String source, MapNode raw, String defaultName, Map<String, String> params) {
        raw.allowOnly(SECTIONS);
        Map<String, String> values = Parameters.values(raw, params);
        MapNode root = Parameters.substitute(raw, values);

        String name = ScenarioFields.string(root, "name", defaultName);
        String region = root.get("region").map(n -> match(n.asScalar(), REGION, "a region such as us-east-1"))
                .orElse(SimRegion.DEFAULT_REGION);
        String account = root.get("account").map(n -> match(n.asScalar(), ACCOUNT, "a 12-digit account id"))
                .orElse(SimRegion.DEFAULT_ACCOUNT);
        Instant start = root.get("start").map(n -> instant(n.asScalar())).orElse(VirtualScheduler.DEFAULT_START);
        long seed = root.get("seed").map(n -> n.asScalar().asLong(Long.MIN_VALUE, Long.MAX_VALUE))
                .orElse(SimRegion.DEFAULT_SEED);

        ResourceReader resources = new ResourceReader(region);
        var templates = resources.launchTemplates(root);
        var targetGroups = resources.targetGroups(root);
        Set<String> templateNames = names(templates.stream().map(Scenario.LaunchTemplate::name).toList());
        Set<String> tgNames = names(targetGroups.stream().map(Scenario.TargetGroup::name).toList());
        var loadBalancers = resources.loadBalancers(root, tgNames);
        var groups = resources.groups(root, templateNames, tgNames);
        var instances = resources.instances(root, templateNames, tgNames);

        ServicesReader services = new ServicesReader();
        var zones = services.hostedZones(root);
        var queues = services.queues(root);
        var rules = services.rules(root, names(queues.stream().map(Scenario.Queue::name).toList()));

        BehaviourReader behaviour = new BehaviourReader();
        Set<String> nameTags = new LinkedHashSet<>();
        instances.forEach(i -> nameTags.add(i.name()));
        templates.forEach(t -> nameTags.add(t.tags().get("Name")));
        groups.forEach(g -> nameTags.add(g.tags().get("Name")));
        nameTags.remove(null);
        FaultPlan faults = behaviour.faults(root, names(groups.stream().map(Scenario.Group::name).toList()), nameTags);

        return new Scenario(name, source, ScenarioFields.string(root, "description", ""), values, region, account, start,
                seed, behaviour.timings(root), templates, targetGroups, loadBalancers, groups, instances, zones,
                queues, rules, behaviour.agent(root), faults);
    }

    private static Set<String> names(List<String> names) {
        return new LinkedHashSet<>(names);
    }

    private static String match(ScalarNode n, Pattern p, String expected) {
        String v = n.asString();
        if (!p.matcher(v).matches()) throw InputError.at(n, "expected " + expected + ", got " + n.describe());
        return v;
    }

    private static Instant instant(ScalarNode n) {
        try {
            return Instant.parse(n.asString());
        } catch (DateTimeParseException e) {
            throw InputError.at(n, "expected a UTC time such as 2026-01-05T09:00:00Z, got " + n.describe());
        }
    }
}
