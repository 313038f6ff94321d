package dev.fleetops.sim;

import dev.fleetops.cloud.Cloud;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.resourcegroups.ResourceGroupsAsyncClient;
import software.amazon.awssdk.services.route53.Route53AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import dev.fleetops.sim.autoscaling.AutoScalingSim;
import dev.fleetops.sim.cloudwatch.CloudWatchSim;
import dev.fleetops.sim.config.AgentModel;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.sim.config.Timings;
import dev.fleetops.sim.ec2.Ec2Sim;
import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.region.Timeline;
import dev.fleetops.sim.elbv2.Elbv2Sim;
import dev.fleetops.sim.events.EventBridgeSim;
import dev.fleetops.sim.resourcegroups.ResourceGroupsSim;
import dev.fleetops.sim.route53.Route53Sim;
import dev.fleetops.sim.sqs.SqsSim;
import dev.fleetops.sim.ssm.SsmSim;
import dev.fleetops.time.VirtualScheduler;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The embedded simulated AWS region: every service on one virtual clock, reached through the real SDK v2 async
 * client interfaces ({@link #cloud()}). Deterministic for a seed. Built empty here; a scenario
 * ({@code scenario.Scenarios}) fills it through the same APIs a user would call. More Regions (and accounts) of the
 * same simulation share its clock and scheduler, each with its own services and state ({@link #addRegion}); its
 * cloud reaches them as TargetLocations do ({@link Cloud#locations()}).
 */
public final class SimRegion implements AutoCloseable {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT = "123456789012";
    public static final long DEFAULT_SEED = 42;

    private final SimContext ctx;
    private final Ec2Sim ec2;
    private final Elbv2Sim elbv2;
    private final AutoScalingSim autoScaling;
    private final SsmSim ssm;
    private final SqsSim sqs;
    private final EventBridgeSim events;
    private final Route53Sim route53;
    private final ResourceGroupsSim resourceGroups;
    private final CloudWatchSim cloudWatch;
    private final Cloud cloud;
    private final SimLocations simulation;

    public SimRegion(Settings settings) {
        this(settings, new VirtualScheduler(settings.start()), new SimLocations());
    }

    private SimRegion(Settings settings, VirtualScheduler scheduler, SimLocations simulation) {
        this.simulation = simulation;
        this.ctx = SimContext.create(scheduler, settings.seed(), settings.region(), settings.accountId(),
                settings.timings(), settings.faults());
        this.sqs = new SqsSim(ctx);
        this.events = new EventBridgeSim(ctx, sqs); // first on the bus: rules route before other subscribers see
        this.ec2 = new Ec2Sim(ctx);
        this.elbv2 = new Elbv2Sim(ctx, ec2);
        this.autoScaling = new AutoScalingSim(ctx, ec2, elbv2);
        this.ssm = new SsmSim(ctx, ec2, settings.agent());
        this.route53 = new Route53Sim(ctx);
        this.resourceGroups = new ResourceGroupsSim(ctx, ec2);
        this.cloudWatch = new CloudWatchSim(ctx, sqs);
        this.cloud = Cloud.builder().region(settings.region()).accountId(settings.accountId()).scheduler(scheduler)
                .description("the simulated region")
                .client(Ec2AsyncClient.class, ec2.client())
                .client(AutoScalingAsyncClient.class, autoScaling.client())
                .client(ElasticLoadBalancingV2AsyncClient.class, elbv2.client())
                .client(SsmAsyncClient.class, ssm.client())
                .client(SqsAsyncClient.class, sqs.client())
                .client(EventBridgeAsyncClient.class, events.client())
                .client(Route53AsyncClient.class, route53.client())
                .client(ResourceGroupsAsyncClient.class, resourceGroups.client())
                .client(CloudWatchAsyncClient.class, cloudWatch.client())
                .locations(simulation.from(this))
                .build();
        simulation.add(this);
    }

    /**
     * Another Region of this simulation, on this one's clock ({@code settings.start()} is not used): its own EC2,
     * Auto Scaling, ELBv2, SSM... and their state, its own ids, random streams, gate and timeline.
     *
     * @throws IllegalArgumentException when the simulation already has that Region in that account
     */
    public SimRegion addRegion(Settings settings) {
        return new SimRegion(settings, ctx.scheduler(), simulation);
    }

    /** Every Region of this simulation, in the order they were built (the first: the one the others were added to). */
    public List<SimRegion> regions() {
        return simulation.all();
    }

    /** The simulation's Region {@code region} of account {@code account}, if it has one. */
    public Optional<SimRegion> region(String account, String region) {
        return simulation.find(account, region);
    }

    /**
     * The execution roles a TargetLocations run may assume in any account of the simulation (by default SSM's,
     * {@code AWS-SystemsManager-AutomationExecutionRole}); another role is refused with STS's AccessDenied.
     */
    public void executionRoles(Collection<String> roles) {
        simulation.roles(roles);
    }

    public static SimRegion empty() {
        return new SimRegion(Settings.defaults());
    }

    /** The SDK clients over this region, for core code. */
    public Cloud cloud() {
        return cloud;
    }

    public VirtualScheduler scheduler() {
        return ctx.scheduler();
    }

    public SimContext context() {
        return ctx;
    }

    public Timeline timeline() {
        return ctx.timeline();
    }

    public Ec2Sim ec2() {
        return ec2;
    }

    public Elbv2Sim elbv2() {
        return elbv2;
    }

    public AutoScalingSim autoScaling() {
        return autoScaling;
    }

    public SsmSim ssm() {
        return ssm;
    }

    public SqsSim sqs() {
        return sqs;
    }

    public EventBridgeSim events() {
        return events;
    }

    public Route53Sim route53() {
        return route53;
    }

    public ResourceGroupsSim resourceGroups() {
        return resourceGroups;
    }

    public CloudWatchSim cloudWatch() {
        return cloudWatch;
    }

    @Override
    public void close() { }

    /** Everything a region is built from besides its resources. */
    public record Settings(long seed, String region, String accountId, Instant start, Timings timings,
                           FaultPlan faults, AgentModel agent) {

        public static Settings defaults() {
            return new Settings(DEFAULT_SEED, DEFAULT_REGION, DEFAULT_ACCOUNT, VirtualScheduler.DEFAULT_START,
                    Timings.defaults(), FaultPlan.none(), AgentModel.defaults());
        }

        public Settings withSeed(long s) {
            return new Settings(s, region, accountId, start, timings, faults, agent);
        }

        public Settings withTimings(Timings t) {
            return new Settings(seed, region, accountId, start, t, faults, agent);
        }

        public Settings withFaults(FaultPlan f) {
            return new Settings(seed, region, accountId, start, timings, f, agent);
        }

        public Settings withAgent(AgentModel a) {
            return new Settings(seed, region, accountId, start, timings, faults, a);
        }
    }
}
