package dev.fleetops.sim.scenario;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.source.InputError;
import dev.fleetops.source.Location;
import dev.fleetops.source.Suggest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenarios by file or built-in name, and a region started from one. {@link #start} builds the region through the
 * SDK clients only; {@link #settle} then runs virtual time until every group is at desired capacity and every
 * target is healthy.
 */
public final class Scenarios {

    /** Built-in scenarios, as {@code scenarios/NAME.yaml} on the classpath. */
    public static final List<String> BUILTINS = List.of("web", "asg-launch");
    public static final String DEFAULT = "web";
    /** Long enough for boot, status checks, lifecycle hooks and a few health checks at realistic timings. */
    public static final Duration DEFAULT_SETTLE = Duration.ofMinutes(30);

    private Scenarios() { }

    /**
     * @param fileOrBuiltinName a path to a YAML/JSON scenario, or the name of a built-in
     * @param params            {@code --scenario-param NAME=VALUE} overrides of the scenario's parameters
     */
    public static Scenario load(String fileOrBuiltinName, Map<String, String> params) {
        Path path = Path.of(fileOrBuiltinName);
        if (Files.isRegularFile(path)) return ScenarioReader.read(path, params);
        if (BUILTINS.contains(fileOrBuiltinName)) {
            return ScenarioReader.read("builtin:" + fileOrBuiltinName + ".yaml", builtinText(fileOrBuiltinName),
                    params);
        }
        String near = Suggest.closest(fileOrBuiltinName, BUILTINS);
        throw new InputError(Location.of(fileOrBuiltinName), "", "no such scenario file, nor a built-in scenario of "
                + "that name" + (near != null ? " (did you mean '" + near + "'?)" : "")
                + "; built-ins: " + String.join(", ", BUILTINS));
    }

    /**
     * {@code --scenario-param} values ({@code NAME=VALUE}, repeatable) as overrides for {@link #load}; a later
     * value of the same name wins.
     */
    public static Map<String, String> params(List<String> assignments) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new InputError(Location.of("--scenario-param"), "",
                        "expected NAME=VALUE, got '" + a + "'");
            }
            out.put(a.substring(0, eq).trim(), a.substring(eq + 1));
        }
        return out;
    }

    /** The YAML text of a built-in scenario. */
    public static String builtinText(String name) {
        try (InputStream in = Scenarios.class.getResourceAsStream("/scenarios/" + name + ".yaml")) {
            if (in == null) throw new IllegalStateException("built-in scenario " + name + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A region with the scenario's settings and resources, shortly after its start time (nothing settled yet).
     * The set-up calls are backstage: not counted, faulted nor throttled, so a scenario that injects faults
     * from the start still starts, and call counts are the workload's own.
     */
    public static SimRegion start(Scenario scenario, long seed) {
        SimRegion region = new SimRegion(settings(scenario, seed));
        region.executionRoles(scenario.executionRoles());
        build(scenario, region);
        for (Scenario other : scenario.regions()) {
            // each Region its own ids and random streams, derived from the seed: no two Regions share an instance id
            long own = new java.util.SplittableRandom(seed ^ (other.accountId() + "/" + other.region()).hashCode()).nextLong();
            build(other, region.addRegion(settings(other, own)));
        }
        return region;
    }

    private static SimRegion.Settings settings(Scenario scenario, long seed) {
        return new SimRegion.Settings(seed, scenario.region(), scenario.accountId(), scenario.start(), scenario.timings(),
                scenario.faults(), scenario.agent());
    }

    private static void build(Scenario scenario, SimRegion region) {
        region.context().gate().backstage(() -> {
            new RegionBuilder(scenario, region).build();
            return null;
        });
    }

    /** {@link #start(Scenario, long)} with the scenario's own seed. */
    public static SimRegion start(Scenario scenario) {
        return start(scenario, scenario.seed());
    }

    /**
     * Runs virtual time until, in every Region of the simulation, every group has its desired instances InService
     * and Healthy and every registered target is healthy, checking through the SDK describe calls every few virtual seconds (backstage, like
     * {@link #start}).
     *
     * @throws NotSettled saying what never settled
     */
    public static void settle(SimRegion region, Duration maxWait) {
        for (SimRegion r : region.regions()) { // one clock: the first Region's wait moves the others too
            r.context().gate().backstage(() -> {
                new Settler(r).settle(maxWait);
                return null;
            });
        }
    }

    /** The region never came to rest within the time allowed; the message says what was still moving. */
    public static final class NotSettled extends IllegalStateException {
        NotSettled(String message) {
            super(message);
        }
    }
}
