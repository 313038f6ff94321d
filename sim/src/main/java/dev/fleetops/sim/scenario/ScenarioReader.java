package dev.fleetops.sim.scenario;

import dev.fleetops.cloud.Locations;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.config.AgentModel;
import dev.fleetops.sim.config.Timings;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.source.InputError;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.ScalarNode;
import dev.fleetops.source.SourceReader;
import dev.fleetops.time.VirtualScheduler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
            "hostedZones", "queues", "rules", "agent", "faults", "regions", "executionRoles");
    /** What a {@code regions} item may hold: where it is, and the sections of what it holds (or another scenario). */
    static final List<String> REGION_SECTIONS = List.of("region", "account", "scenario", "scenarioParams", "timings",
            "launchTemplates", "targetGroups", "loadBalancers", "groups", "instances", "hostedZones", "queues", "rules",
            "agent", "faults");
    private static final Pattern ROLE = Pattern.compile("[\\w+=,.@-]{1,64}");
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
        return read(source, raw, defaultName, params, null, null);
    }

    /**
     * {@code fileOrBuiltinName} (as {@link Scenarios#load}) read as what Region {@code region} of {@code account}
     * holds: its own region and account are not used (zones are the Region's), and it may have no regions.
     */
    static Scenario readAs(String fileOrBuiltinName, Map<String, String> params, String region, String account) {
        Path path = Path.of(fileOrBuiltinName);
        String base = path.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        if (Files.isRegularFile(path)) return read(path.toString(), SourceReader.read(path).asMap(), base, params, region, account);
        if (!Scenarios.BUILTINS.contains(fileOrBuiltinName)) return Scenarios.load(fileOrBuiltinName, params); // its error
        String name = "builtin:" + fileOrBuiltinName + ".yaml";
        return read(name, SourceReader.read(name, Scenarios.builtinText(fileOrBuiltinName)).asMap(), base, params, region, account);
    }

    private static Scenario read(String source, MapNode raw, String defaultName, Map<String, String> params,
                                 String inRegion, String inAccount) {
        raw.allowOnly(SECTIONS);
        Map<String, String> values = Parameters.values(raw, params);
        MapNode root = Parameters.substitute(raw, values);
        if (inRegion != null && root.has("regions")) {
            throw InputError.at(root.require("regions"), "a Region's scenario holds one Region: it cannot have regions");
        }

        String name = ScenarioFields.string(root, "name", defaultName);
        String region = inRegion != null ? inRegion : root.get("region").map(n -> match(n.asScalar(), REGION,
                "a region such as us-east-1")).orElse(SimRegion.DEFAULT_REGION);
        String account = inAccount != null ? inAccount : root.get("account").map(n -> match(n.asScalar(), ACCOUNT,
                "a 12-digit account id")).orElse(SimRegion.DEFAULT_ACCOUNT);
        Instant start = root.get("start").map(n -> instant(n.asScalar())).orElse(VirtualScheduler.DEFAULT_START);
        long seed = root.get("seed").map(n -> n.asScalar().asLong(Long.MIN_VALUE, Long.MAX_VALUE))
                .orElse(SimRegion.DEFAULT_SEED);
        List<String> roles = ScenarioFields.list(root, "executionRoles").stream().map(n -> match(n.asScalar(), ROLE,
                "an IAM role name (1-64 of letters, digits and +=,.@_-)")).toList();
        if (root.has("executionRoles") && roles.isEmpty()) {
            throw InputError.at(root.require("executionRoles"), "give at least one role name, or leave executionRoles out"
                    + " for the default (" + Locations.DEFAULT_ROLE + ")");
        }
        BehaviourReader behaviour = new BehaviourReader();
        Scenario home = holding(root, source, name, values, region, account, start, seed, behaviour.timings(root),
                behaviour.agent(root), List.of(), roles.isEmpty() ? List.of(Locations.DEFAULT_ROLE) : roles);
        List<Scenario> regions = regions(root, source, home);
        return new Scenario(home.name(), source, ScenarioFields.string(root, "description", ""), values, region, account,
                start, seed, home.timings(), home.launchTemplates(), home.targetGroups(), home.loadBalancers(),
                home.groups(), home.instances(), home.hostedZones(), home.queues(), home.rules(), home.agent(),
                home.faults(), regions, home.executionRoles());
    }

    /**
     * The {@code regions} section: the simulation's other Regions, each {@code region} (and {@code account}, by
     * default the scenario's) holding either the resource and behaviour sections inline, or {@code scenario} (a
     * built-in or a file, relative to this one) with {@code scenarioParams}; timings and agent default to this
     * scenario's.
     */
    private static List<Scenario> regions(MapNode root, String source, Scenario home) {
        List<Scenario> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>(List.of(home.accountId() + "/" + home.region()));
        for (MapNode item : ScenarioFields.maps(root, "regions")) {
            item.allowOnly(REGION_SECTIONS);
            ScalarNode at = item.require("region").asScalar();
            String region = match(at, REGION, "a region such as eu-west-1");
            String account = item.get("account").map(n -> match(n.asScalar(), ACCOUNT, "a 12-digit account id"))
                    .orElse(home.accountId());
            if (!seen.add(account + "/" + region)) {
                throw InputError.at(at, "the scenario already has Region " + region + " in account " + account);
            }
            String name = home.name() + " (" + account + "/" + region + ")";
            if (item.has("scenario")) {
                for (String k : item.keys()) {
                    if (!List.of("region", "account", "scenario", "scenarioParams").contains(k)) {
                        throw InputError.at(item.require(k), "give either scenario (what the Region holds, from another"
                                + " scenario) or the sections inline, not both");
                    }
                }
                Scenario held = included(item, source, region, account);
                out.add(new Scenario(name, held.source(), held.description(), held.parameters(), region, account,
                        home.start(), home.seed(), held.timings(), held.launchTemplates(), held.targetGroups(),
                        held.loadBalancers(), held.groups(), held.instances(), held.hostedZones(), held.queues(),
                        held.rules(), held.agent(), held.faults(), List.of(), home.executionRoles()));
            } else {
                BehaviourReader behaviour = new BehaviourReader();
                out.add(holding(item, source, name, home.parameters(), region, account, home.start(), home.seed(),
                        item.has("timings") ? behaviour.timings(item) : home.timings(),
                        item.has("agent") ? behaviour.agent(item) : home.agent(), List.of(), home.executionRoles()));
            }
        }
        return out;
    }

    /** A Region's {@code scenario}: a file next to this scenario's, a file, or a built-in. */
    private static Scenario included(MapNode item, String source, String region, String account) {
        ScalarNode ref = item.require("scenario").asScalar();
        Map<String, String> params = new LinkedHashMap<>();
        item.get("scenarioParams").ifPresent(n -> n.asMap().list().forEach(e -> params.put(e.getKey(), e.getValue().asScalar().asString())));
        Path sibling = source.startsWith("builtin:") || Path.of(source).getParent() == null ? null
                : Path.of(source).getParent().resolve(ref.asString());
        String where = sibling != null && Files.isRegularFile(sibling) ? sibling.toString() : ref.asString();
        try {
            return readAs(where, params, region, account);
        } catch (InputError e) {
            if (e.location() != null && e.location().line() > 0) throw e; // a mistake inside that scenario, at its line
            throw InputError.at(ref, "'" + ref.asString() + "': " + e.problem());
        }
    }

    /** What one Region holds: its resources, timings, agent and faults. */
    private static Scenario holding(MapNode root, String source, String name, Map<String, String> values, String region,
                                    String account, Instant start, long seed, Timings timings, AgentModel agent,
                                    List<Scenario> regions, List<String> roles) {
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

        return new Scenario(name, source, "", values, region, account, start, seed, timings, templates, targetGroups,
                loadBalancers, groups, instances, zones, queues, rules, agent, faults, regions, roles);
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
