package dev.fleetops.sim.region;

import dev.fleetops.sim.api.ApiGate;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.sim.config.Timings;
import dev.fleetops.time.VirtualScheduler;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * What every simulated service shares: virtual time, the seeded random streams and ids, the API gate (faults,
 * latency, call counts), the event bus and the timeline. One per region, immutable, built by {@link #create}.
 */
public final class SimContext {

    private final VirtualScheduler scheduler;
    private final RandomStreams random;
    private final Ids ids;
    private final ApiGate gate;
    private final AwsEventBus bus;
    private final Timeline timeline;
    private final String region;
    private final String accountId;
    private final Timings timings;
    private final FaultPlan faults;

    private SimContext(VirtualScheduler scheduler, RandomStreams random, Ids ids, ApiGate gate, AwsEventBus bus,
                       Timeline timeline, String region, String accountId, Timings timings, FaultPlan faults) {
        this.scheduler = scheduler;
        this.random = random;
        this.ids = ids;
        this.gate = gate;
        this.bus = bus;
        this.timeline = timeline;
        this.region = region;
        this.accountId = accountId;
        this.timings = timings;
        this.faults = faults;
    }

    /** The streams, ids, gate, timeline and bus of a region, each built before the context that holds them. */
    public static SimContext create(VirtualScheduler scheduler, long seed, String region, String accountId,
                                    Timings timings, FaultPlan faults) {
        RandomStreams random = new RandomStreams(seed);
        Ids ids = new Ids(seed);
        Timeline timeline = new Timeline();
        ApiGate gate = new ApiGate(scheduler, faults, random.of(RandomStreams.Concern.FAULTS),
                random.of(RandomStreams.Concern.RETRIES));
        AwsEventBus bus = new AwsEventBus(scheduler, ids, timeline, region, accountId);
        return new SimContext(scheduler, random, ids, gate, bus, timeline, region, accountId, timings, faults);
    }

    public VirtualScheduler scheduler() {
        return scheduler;
    }

    /** The stream of one concern (see {@link RandomStreams}). */
    public SplittableRandom random(RandomStreams.Concern concern) {
        return random.of(concern);
    }

    public Ids ids() {
        return ids;
    }

    public ApiGate gate() {
        return gate;
    }

    public AwsEventBus bus() {
        return bus;
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

    /** {@code d} spread by the timings' jitter, drawn from the timing stream. */
    public Duration jittered(Duration d) {
        double j = timings.jitter();
        if (j <= 0) return d;
        double factor = 1 - j + random.of(RandomStreams.Concern.TIMING).nextDouble() * 2 * j;
        return Duration.ofNanos((long) (d.toNanos() * factor));
    }

    /** Records in the timeline at the current virtual time. */
    public void log(String kind, String subject, String text) {
        timeline.add(scheduler.now(), kind, subject, text);
    }
}
