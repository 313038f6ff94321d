package dev.fleetops.sim.ec2;

import dev.fleetops.sim.region.RandomStreams;
import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.sim.region.AwsEvents;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static software.amazon.awssdk.services.ec2.model.InstanceStateName.RUNNING;

/**
 * Spot interruptions (Amazon EC2 User Guide: "Spot Instance interruption notices" and "EC2 instance rebalance
 * recommendations"): the rebalance recommendation and the interruption warning together, then, {@code timings.spotWarning} later, the stop or termination. Hibernation
 * gets the warning but no lead time. Interruptions come from the fault plan's schedule, from its Poisson rate per
 * Spot instance-hour (one seeded draw per run of each Spot instance), or from {@link #interrupt} directly.
 */
final class SpotInterruptions {

    static final String TERMINATION = "Server.SpotInstanceTermination";
    static final String SHUTDOWN = "Server.SpotInstanceShutdown";

    private final SimContext ctx;
    private final InstanceLifecycle lifecycle;

    SpotInterruptions(SimContext ctx, InstanceLifecycle lifecycle) {
        this.ctx = ctx;
        this.lifecycle = lifecycle;
    }

    /** Schedules the fault plan's timed interruptions; the instance is looked up when the time comes. */
    void schedulePlan(Function<FaultPlan.InstanceRef, Optional<SimInstance>> resolve) {
        for (FaultPlan.SpotInterruption s : ctx.faults().spotInterruptions()) {
            Duration delay = s.at().minus(ctx.scheduler().elapsed());
            ctx.scheduler().schedule(delay, () -> {
                Optional<SimInstance> target = resolve.apply(s.instance());
                if (target.isEmpty()) {
                    ctx.log("ec2.spot", String.valueOf(s.instance()), "planned interruption: no such instance");
                } else if (!interrupt(target.get(), s.action())) {
                    ctx.log("ec2.spot", target.get().id, "planned interruption skipped: not a running Spot instance");
                }
            });
        }
    }

    /** A Spot instance reached running: draw its time to interruption when the plan sets a rate. */
    void onRunning(SimInstance i) {
        double rate = ctx.faults().spotInterruptionRatePerHour();
        if (!i.spot || rate <= 0) return;
        double hours = -Math.log(1 - ctx.random(RandomStreams.Concern.FAULTS).nextDouble()) / rate;
        long nanos = (long) Math.min(hours * 3.6e12, Long.MAX_VALUE / 4.0);
        int run = i.runs;
        ctx.scheduler().scheduleNanos(nanos, () -> {
            if (i.runs == run) interrupt(i, i.interruptionBehavior);
        });
    }

    /**
     * Interrupts a running Spot instance now: rebalance recommendation and warning at once, the action after the
     * warning lead time (hibernate: at once).
     *
     * @param action terminate, stop or hibernate
     * @return false when the instance is not a running Spot instance or already has a notice
     */
    boolean interrupt(SimInstance i, String action) {
        if (!i.spot || !i.is(RUNNING) || i.interruptionNoticed) return false;
        if (!action.equals("terminate") && !action.equals("stop") && !action.equals("hibernate")) {
            throw new IllegalArgumentException("Spot interruption action must be terminate, stop or hibernate: " + action);
        }
        i.interruptionNoticed = true;
        List<String> resources = List.of(AwsEvents.instanceArn(ctx.region(), ctx.accountId(), i.id));
        ctx.bus().emit(AwsEvents.EC2, AwsEvents.REBALANCE, resources, AwsEvents.rebalance(i.id));
        ctx.bus().emit(AwsEvents.EC2, AwsEvents.SPOT_WARNING, resources, AwsEvents.spotWarning(i.id, action));
        if (ctx.timeline().recording()) ctx.log("ec2.spot", i.id, "interruption notice: " + action);
        if (action.equals("hibernate")) {
            act(i, action);
        } else {
            int run = i.runs;
            ctx.scheduler().schedule(ctx.timings().spotWarning(), () -> {
                if (i.runs == run) act(i, action);
            });
        }
        return true;
    }

    private void act(SimInstance i, String action) {
        if (action.equals("terminate")) {
            lifecycle.terminate(i, TERMINATION, TERMINATION + ": Spot instance termination");
        } else if (i.is(RUNNING)) {
            lifecycle.stop(i, false, SHUTDOWN, SHUTDOWN + ": Spot instance shutdown");
        }
    }
}
