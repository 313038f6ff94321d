package dev.fleetops.sim.scenario;

import dev.fleetops.sim.config.AgentModel;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.sim.config.Timings;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scenario file as data, after parameter substitution and validation: the starting region (resources created
 * through the SDK APIs by {@link Scenarios#start}) and the knobs of the simulation (timings, agent, faults).
 * The YAML shape is documented in {@code docs/scenarios.md}.
 *
 * @param source     where it was read from (a path, or {@code builtin:NAME})
 * @param parameters parameter values actually used (defaults merged with overrides), in declaration order
 * @param regions    the simulation's other Regions (and accounts), each with what it holds (its own {@code regions}
 *                   empty); they run on this one's clock and start time
 * @param executionRoles the roles a TargetLocations run may assume in every account of the simulation
 */
public record Scenario(String name, String source, String description, Map<String, String> parameters,
                       String region, String accountId, Instant start, long seed, Timings timings,
                       List<LaunchTemplate> launchTemplates, List<TargetGroup> targetGroups,
                       List<LoadBalancer> loadBalancers, List<Group> groups, List<Instance> instances,
                       List<HostedZone> hostedZones, List<Queue> queues, List<Rule> rules,
                       AgentModel agent, FaultPlan faults, List<Scenario> regions, List<String> executionRoles) {

    public Scenario {
        regions = List.copyOf(regions);
        executionRoles = List.copyOf(executionRoles);
    }

    /**
     * @param platform {@code linux} or {@code windows}: what the AMI is (SSM runs PowerShell and reboots on 3010
     *                 on Windows)
     * @param spot     launch Spot instances (the template's InstanceMarketOptions)
     */
    public record LaunchTemplate(String name, String imageId, String instanceType, String platform, boolean spot,
                                 Optional<String> userData, Map<String, String> tags) { }

    /** ELBv2 health check; AWS's ALB defaults when omitted (30 s, 5 s, 5, 2, "/", 200). */
    public record HealthCheck(String protocol, String path, String port, Duration interval, Duration timeout,
                              int healthyThreshold, int unhealthyThreshold, String matcher) {

        public static HealthCheck defaults() {
            return new HealthCheck("HTTP", "/", "traffic-port", Duration.ofSeconds(30), Duration.ofSeconds(5), 5, 2,
                    "200");
        }
    }

    public record TargetGroup(String name, String protocol, int port, HealthCheck healthCheck,
                              Duration deregistrationDelay) { }

    public record Listener(int port, String protocol, String targetGroup) { }

    public record LoadBalancer(String name, List<Listener> listeners) { }

    /** @param transition {@code autoscaling:EC2_INSTANCE_LAUNCHING} or {@code autoscaling:EC2_INSTANCE_TERMINATING} */
    public record LifecycleHook(String name, String transition, Duration heartbeatTimeout, String defaultResult) { }

    /** An Auto Scaling group. {@code healthCheckType} is EC2 or ELB. */
    public record Group(String name, String launchTemplate, int min, int max, int desired, List<String> targetGroups,
                        List<String> availabilityZones, boolean capacityRebalance, String healthCheckType,
                        Duration healthCheckGracePeriod, List<LifecycleHook> lifecycleHooks,
                        Map<String, String> tags) { }

    /** A standalone instance (no group), tagged {@code Name=name}. */
    public record Instance(String name, String launchTemplate, Optional<String> availabilityZone,
                           List<String> targetGroups, Map<String, String> tags) { }

    public record HostedZone(String name, List<RecordSet> records) { }

    public record RecordSet(String name, String type, long ttl, List<String> values) { }

    public record Queue(String name, Duration visibilityTimeout, Duration messageRetention,
                        Optional<DeadLetter> deadLetter) { }

    public record DeadLetter(String queue, int maxReceiveCount) { }

    /** An EventBridge rule on the default bus with one SQS target; {@code pattern} is the event pattern JSON. */
    public record Rule(String name, String description, String pattern, String queue) { }
}
