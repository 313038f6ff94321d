package dev.fleetops.waiters.onsim;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.config.AgentModel;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.sim.config.Timings;
import dev.fleetops.waiters.EventTrigger;
import software.amazon.awssdk.services.autoscaling.model.Instance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seed 000's situation on the simulator, as the built-in {@code asg-launch} scenario sets it up: an Auto Scaling
 * group of N instances just launched, boot about 20-60 s, status checks passing about 1.5-4.5 min after running.
 * Built through the SDK clients; the set-up calls are taken out of the counts ({@link #callsSinceStart}).
 */
final class LaunchedGroup {

    static final String GROUP = "asg-launch";
    static final Timings ASG_LAUNCH = new Timings(Duration.ofSeconds(40), Duration.ofSeconds(15), Duration.ofMinutes(3),
            Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(2), 0.5);

    final SimRegion region;
    final List<String> ids;
    private final Map<String, Long> before;

    private LaunchedGroup(SimRegion region, List<String> ids) {
        this.region = region;
        this.ids = ids;
        this.before = new TreeMap<>(region.context().gate().calls());
    }

    static LaunchedGroup of(int size) {
        return of(size, FaultPlan.none(), 42);
    }

    static LaunchedGroup of(int size, FaultPlan faults, long seed) {
        return of(size, faults, seed, AgentModel.defaults());
    }

    static LaunchedGroup of(int size, FaultPlan faults, long seed, AgentModel agent) {
        SimRegion region = new SimRegion(SimRegion.Settings.defaults().withSeed(seed).withTimings(ASG_LAUNCH)
                .withFaults(faults).withAgent(agent));
        var cloud = region.cloud();
        region.scheduler().await(cloud.ec2().createLaunchTemplate(r -> r.launchTemplateName(GROUP)
                .launchTemplateData(d -> d.imageId("ami-0abcdef1234567890").instanceType("t3.micro"))), Duration.ofMinutes(1));
        region.scheduler().await(cloud.autoScaling().createAutoScalingGroup(r -> r.autoScalingGroupName(GROUP)
                .launchTemplate(t -> t.launchTemplateName(GROUP).version("$Default"))
                .minSize(0).maxSize(size).desiredCapacity(size)
                .availabilityZones("us-east-1a", "us-east-1b", "us-east-1c")
                .healthCheckType("EC2")), Duration.ofMinutes(1));
        List<String> ids = List.of();
        for (int i = 0; i < 60 && ids.size() < size; i++) {
            region.scheduler().runFor(Duration.ofSeconds(1));
            ids = region.scheduler().await(cloud.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP)),
                    Duration.ofMinutes(1)).autoScalingGroups().get(0).instances().stream().map(Instance::instanceId).toList();
        }
        if (ids.size() != size) throw new IllegalStateException("group launched " + ids.size() + " of " + size);
        return new LaunchedGroup(region, ids);
    }

    /** API calls since the group was launched, for {@code service:Operation}. */
    long callsSinceStart(String serviceOperation) {
        return region.context().gate().calls().getOrDefault(serviceOperation, 0L) - before.getOrDefault(serviceOperation, 0L);
    }

    long totalCalls() {
        return region.context().gate().totalCalls();
    }

    EventTrigger events() {
        return EventTrigger.eventBridge(region.context().bus()::subscribe);
    }
}
