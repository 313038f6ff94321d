package dev.fleetops.sim.elbv2;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.time.VirtualScheduler;


/**
 * Runs every target's health check on its group's interval. A check asks EC2 whether the instance's app answers:
 * an answer is judged by the matcher (the app answers 200), a refused connection (instance running, app down)
 * fails at once, and a silent host (instance not running) fails when the check's timeout expires.
 */
final class HealthChecker {

    enum Probe { OK, REFUSED, TIMEOUT, MISMATCH }

    /** Spreads first checks over the interval by the golden ratio: deterministic and evenly mixed. */
    private static final double GOLDEN = 0.6180339887498949;

    private final VirtualScheduler scheduler;
    private final Instances instances;

    HealthChecker(VirtualScheduler scheduler, Instances instances) {
        this.scheduler = scheduler;
        this.instances = instances;
    }

    /** Starts a target's checks; the first one comes within one interval, staggered by registration order. */
    void start(Target t) {
        stop(t);
        double fraction = (t.seq * GOLDEN) % 1.0;
        long first = Math.max(1_000_000L, (long) (fraction * t.group.healthCheck().intervalNanos()));
        if (t.timer == null) t.timer = scheduler.timer(t);
        t.checkTimer = t.timer.armNanos(first);
    }

    void stop(Target t) {
        if (t.checkTimer != null) {
            t.checkTimer.cancel();
            t.checkTimer = null;
        }
        t.generation++;
        t.successes = 0;
        t.failures = 0;
    }

    void check(Target t) {
        HealthCheckSettings hc = t.group.healthCheck();
        t.timer.armNanos(hc.intervalNanos());
        Probe outcome = probe(t, hc);
        if (outcome != Probe.TIMEOUT) {
            t.record(outcome, hc);
            return;
        }
        int generation = t.generation;
        scheduler.scheduleNanos(hc.timeoutNanos(), () -> {
            if (t.generation == generation) t.record(Probe.TIMEOUT, t.group.healthCheck());
        });
    }

    /** The instance's EC2 state; "terminated" for one EC2 no longer knows. */
    String instanceState(String instanceId) {
        return instances.find(instanceId).map(Instances.View::state).orElse("terminated");
    }

    Instances.Handle handle(String instanceId) {
        return instances.handle(instanceId);
    }

    private static Probe probe(Target t, HealthCheckSettings hc) {
        if (t.appUp) {
            return hc.matcher().accepts(200) ? Probe.OK : Probe.MISMATCH;
        }
        return t.instance.running() ? Probe.REFUSED : Probe.TIMEOUT;
    }
}
