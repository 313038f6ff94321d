package dev.fleetops.sim.ec2;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.config.FaultPlan;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Simulated EC2: instances with their state machine, launch templates, tags, status checks and Spot
 * interruptions, in the region's default VPC. The API is {@link #client()}; other simulated services use
 * {@link Instances} and {@link #launch}/{@link #terminate}.
 */
public final class Ec2Sim implements Instances {

    private final SimContext ctx;
    private final List<Listener> listeners = new ArrayList<>();
    private final Network network;
    private final InstanceStore store = new InstanceStore();
    private final LaunchTemplates templates;
    private final InstanceLifecycle lifecycle;
    private final SpotInterruptions spot;
    private final Launcher launcher;
    private final Ec2AsyncClient client;
    /** Instances EC2 shows whose current or last run fails its status checks: none means none can be impaired. */
    private int impairedRuns;

    public Ec2Sim(SimContext ctx) {
        this.ctx = ctx;
        this.network = new Network(ctx.region());
        this.templates = new LaunchTemplates(ctx);
        this.lifecycle = new InstanceLifecycle(ctx, listeners, this::reachedRunning, this::purged);
        this.spot = new SpotInterruptions(ctx, lifecycle);
        this.launcher = new Launcher(ctx, network, templates, store, lifecycle);
        this.client = new SimEc2Client(ctx, launcher, new InstanceOps(ctx, store, lifecycle), new TagOps(store),
                templates, new NetworkOps(network));
        spot.schedulePlan(store::resolve);
        new ScheduledEvents(ctx, lifecycle).schedulePlan(store::resolve);
    }

    public Ec2AsyncClient client() {
        return client;
    }

    /**
     * Launches one instance for another service (no API call is counted: Auto Scaling does this inside AWS).
     * @return the new instance id, in state pending
     * @throws software.amazon.awssdk.awscore.exception.AwsServiceException (EC2 error) for an unknown template
     */
    public String launch(LaunchRequest request) {
        return launcher.launch(request);
    }

    /** Terminates an instance for another service (idempotent; unknown ids are ignored). */
    public void terminate(String instanceId, String reason) {
        SimInstance i = store.get(instanceId);
        if (i == null || i.gone()) return;
        if (ctx.timeline().recording()) ctx.log("ec2.terminate", instanceId, reason);
        lifecycle.terminate(i, InstanceLifecycle.USER_SHUTDOWN, InstanceLifecycle.USER_SHUTDOWN_MESSAGE);
    }

    /**
     * Interrupts a running Spot instance now, as AWS would (rebalance recommendation and interruption warning now,
     * the action {@code timings.spotWarning} later; hibernate at once).
     *
     * @param action terminate, stop or hibernate
     * @return false when the instance is unknown, not a running Spot instance, or already has a notice
     */
    public boolean interruptSpot(String instanceId, String action) {
        SimInstance i = store.get(instanceId);
        return i != null && spot.interrupt(i, action);
    }

    /** Marks an AMI as a Windows image: its instances report platform {@code Windows}. */
    public void registerWindowsImage(String imageId) {
        launcher.registerWindowsImage(imageId);
    }

    /** The region's zones, first is the default. */
    public List<String> availabilityZones() {
        return network.zones();
    }

    /** Default subnet id per zone. */
    public Map<String, String> subnets() {
        return network.subnets();
    }

    /** Instances EC2 still shows (including terminated ones for an hour). */
    public int instanceCount() {
        return store.size();
    }

    @Override
    public Optional<View> find(String instanceId) {
        SimInstance i = store.get(instanceId);
        return i == null ? Optional.empty() : Optional.of(i.view());
    }

    /**
     * When the current run's status checks finish (after which they read ok, or impaired for an impaired
     * instance), as time since the region started; empty when not running. For measurements (benchmarks, tests):
     * no AWS API says this ahead of time.
     */
    public Optional<java.time.Duration> statusChecksDoneAt(String instanceId) {
        SimInstance i = store.get(instanceId);
        return i == null || i.checksDoneAt < 0 ? Optional.empty() : Optional.of(java.time.Duration.ofNanos(i.checksDoneAt));
    }

    @Override
    public Handle handle(String instanceId) {
        SimInstance i = store.get(instanceId);
        return i != null ? i : Instances.super.handle(instanceId);
    }

    @Override
    public boolean appResponding(String instanceId) {
        SimInstance i = store.get(instanceId);
        return i != null && i.appUp;
    }

    /**
     * A launch template's id and name, given either (Auto Scaling describes its groups with both); empty if there
     * is no such template.
     */
    public Optional<Map.Entry<String, String>> launchTemplateIdAndName(String idOrName) {
        try {
            LaunchTemplates.Template t = templates.resolve(idOrName);
            return Optional.of(Map.entry(t.id(), t.name()));
        } catch (RuntimeException notFound) {
            return Optional.empty();
        }
    }

    /** The simulator's own record of an instance, or null (this package's tests compare it with its answers). */
    SimInstance instance(String instanceId) {
        return store.get(instanceId);
    }

    /** Removes a tag for another service (Auto Scaling drops aws:autoscaling:groupName on detach). */
    public void untag(String instanceId, String key) {
        SimInstance i = store.get(instanceId);
        if (i != null && i.tags.remove(key) != null) i.changed(); // its view (other services read tags there) too
    }

    @Override
    public boolean statusImpaired(String instanceId) {
        SimInstance i = store.get(instanceId);
        return i != null && StatusChecks.instanceStatus(i, ctx.scheduler().elapsedNanos())
                == software.amazon.awssdk.services.ec2.model.SummaryStatus.IMPAIRED;
    }

    @Override
    public void rebootByAgent(String instanceId) {
        SimInstance i = store.get(instanceId);
        if (i != null) lifecycle.reboot(i);
    }

    /**
     * Listeners hear every transition, in order, on the virtual-time thread; a new instance's first call is
     * {@code stateChanged(id, "", "pending")}. An instance's app goes down before its state leaves running.
     */
    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean mayHaveImpaired() {
        return impairedRuns > 0;
    }

    private void reachedRunning(SimInstance i) {
        boolean planned = false;
        for (FaultPlan.InstanceRef ref : ctx.faults().impaired()) {
            if (InstanceStore.refers(ref, i)) planned = true;
        }
        boolean impaired = i.impairedByShare || planned;
        if (impaired != i.impaired) impairedRuns += impaired ? 1 : -1;
        i.impaired = impaired;
        spot.onRunning(i);
    }

    private void purged(SimInstance i) {
        store.remove(i);
        if (i.impaired) impairedRuns--;
    }
}
