package dev.fleetops.handlers.onsim;

import dev.fleetops.events.spi.Event;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenario;
import dev.fleetops.sim.scenario.ScenarioReader;
import dev.fleetops.sim.scenario.Scenarios;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The built-in {@code web} scenario with Spot instances, settled, and seed 003's event for one of them. */
public final class SpotFixture {

    final SimRegion region;

    /**
     * @param size                the group's desired capacity (the scenario's parameter)
     * @param deregistrationDelay the target group's delay (SPOTLABS: at most 90 s for Spot groups)
     */
    SpotFixture(int size, String deregistrationDelay) {
        this(size, deregistrationDelay, "");
    }

    /** @param extraYaml appended to the scenario (e.g. a faults: section; web has none) */
    SpotFixture(int size, String deregistrationDelay, String extraYaml) {
        this(size, deregistrationDelay, extraYaml, Map.of());
    }

    /** @param groupTags tags of the group {@code web} (propagated to its instances at launch) */
    SpotFixture(int size, String deregistrationDelay, String extraYaml, Map<String, String> groupTags) {
        String web = Scenarios.builtinText("web");
        StringBuilder tags = new StringBuilder();
        groupTags.forEach((k, v) -> tags.append("      \"").append(k).append("\": \"").append(v).append("\"\n"));
        String spot = web.replace("    instanceType: t3.micro\n", "    instanceType: t3.micro\n    spot: true\n")
                .replace("deregistrationDelay: 300s", "deregistrationDelay: " + deregistrationDelay)
                .replace("    healthCheckGracePeriod: 60s\n", "    healthCheckGracePeriod: 60s\n"
                        + (groupTags.isEmpty() ? "" : "    tags:\n" + tags));
        if (spot.equals(web) || !spot.contains("spot: true") || !spot.contains("deregistrationDelay: " + deregistrationDelay)) {
            throw new IllegalStateException("the built-in web scenario changed: adapt SpotFixture");
        }
        Scenario scenario = ScenarioReader.read("web-spot.yaml", spot + extraYaml, Map.of("size", Integer.toString(size)));
        region = Scenarios.start(scenario);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
    }

    AutoScalingGroup group() {
        return region.scheduler().await(region.cloud().autoScaling().describeAutoScalingGroups(b -> b
                .autoScalingGroupNames("web")), Duration.ofMinutes(1)).autoScalingGroups().get(0);
    }

    List<String> inService() {
        return group().instances().stream().filter(i -> "InService".equals(i.lifecycleStateAsString()))
                .map(Instance::instanceId).toList();
    }

    /** Seed 003's test payload, with its placeholders adjusted as the article says: instance id, time, action. */
    Event seed003(String instanceId, String action) {
        String json = resource("seed003-spot-warning.json")
                .replace("i-1234567890abcdef0", instanceId)
                .replace("yyyy-mm-ddThh:mm:ssZ", region.scheduler().now().toString())
                .replace("\"instance-action\": \"action\"", "\"instance-action\": \"" + action + "\"");
        return HandlerHarness.event(json, region.scheduler().now());
    }

    /** A file of examples/events/ (the seeds' payloads as published), read from the repository. */
    public static String resource(String name) {
        try {
            return Files.readString(Path.of("..", "examples", "events", name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
