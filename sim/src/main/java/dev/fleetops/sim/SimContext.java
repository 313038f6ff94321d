package dev.fleetops.sim;

import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.sim.config.Timings;
import dev.fleetops.sim.faults.ApiGate;
import dev.fleetops.time.VirtualScheduler;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * What every simulated service shares: virtual time, the seeded random and ids, the API gate (faults, latency,
 * call counts), the event bus and the timeline. One per region.
 */
public final class SimContext {

    private final VirtualScheduler scheduler;
    private final SplittableRandom random;
    private final Ids ids;
    private final ApiGate gate;
    private final Timeline timeline = new Timeline();
    private final String region;
    private final String accountId;
    private final Timings timings;
    private final FaultPlan faults;
    private AwsEventBus bus;

    public SimContext(VirtualScheduler scheduler, long seed, String region, String accountId, Timings timings,
                      FaultPlan faults) {
        this.scheduler = scheduler;
        this.random = new SplittableRandom(seed);
        this.ids = new Ids(seed);
        this.region = region;
        this.accountId = accountId;
        this.timings = timings;
        this.faults = faults;
        this.gate = new ApiGate(this);
    }

    public VirtualScheduler scheduler() {
        return scheduler;
    }

    public SplittableRandom random() {
        return random;
    }

    public Ids ids() {
        return ids;
    }

    public ApiGate gate() {
        return gate;
    }

    public Timeline timeline() {
        return timeline;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public Timings timings() {
        return timings;
    }

    public FaultPlan faults() {
        return faults;
    }

    public AwsEventBus bus() {
        return bus;
    }

    void bus(AwsEventBus bus) {
        this.bus = bus;
    }

    /** {@code d} spread by the timings' jitter, using the seeded random. */
    public Duration jittered(Duration d) {
        double j = timings.jitter();
        if (j <= 0) return d;
        double factor = 1 - j + random.nextDouble() * 2 * j;
        return Duration.ofNanos((long) (d.toNanos() * factor));
    }

    /** Records in the timeline at the current virtual time. */
    public void log(String kind, String subject, String text) {
        timeline.add(scheduler.now(), kind, subject, text);
    }
}
