package dev.fleetops.bench;

import dev.fleetops.sim.config.AgentModel;
import dev.fleetops.sim.scenario.Scenario;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * The shortest makespan a rate-controlled graceful maintenance can have on a scenario, whatever the engine's
 * polling: every child waits at least for
 * <ul>
 *   <li>the drain: the target group's deregistration delay,</li>
 *   <li>InvokeReboot: the agent's first run (exit 194), the reboot, the app's start, the rerun (exit 0),</li>
 *   <li>ExecuteHealthcheck: the agent's run of the curl script (its {@code sleep 60}),</li>
 *   <li>back in the group: a newly registered target is healthy after one passing check (Elastic Load Balancing
 *       User Guide for Application Load Balancers: Health checks for your target groups), and the ALB may run it at once: 0 s (its first check comes within one interval,
 *       staggered, so interval / 2 on average: not in the bound);</li>
 * </ul>
 * and children of exactly that length, started the way rate control starts them (a window of 1, doubled at each
 * completion, up to the concurrency), end after {@link #waves()} back-to-back rounds.
 */
record MaintenanceBound(Duration perChild, int waves, int concurrency, Duration drain, Duration rebootScript,
                        Duration healthcheckScript, Duration backHealthy) {

    static MaintenanceBound of(Scenario s, int targets, int concurrency) {
        Scenario.TargetGroup tg = s.targetGroups().get(0);
        Duration drain = tg.deregistrationDelay();
        AgentModel.CommandModel reboot = command(s, "REBOOT_STARTED");
        Duration rebootScript = reboot.runs().get(0).duration().plus(s.timings().reboot()).plus(s.timings().appStart())
                .plus(reboot.runs().get(1).duration());
        Duration healthcheck = command(s, "curl").runs().get(0).duration();
        Duration back = Duration.ZERO;
        Duration per = drain.plus(rebootScript).plus(healthcheck).plus(back);
        return new MaintenanceBound(per, rounds(targets, concurrency), concurrency, drain, rebootScript, healthcheck, back);
    }

    Duration total() {
        return perChild.multipliedBy(waves);
    }

    double seconds() {
        return total().toMillis() / 1000.0;
    }

    String describePerChild() {
        return "drain " + s(drain) + " + reboot script (run, reboot, app start, rerun) " + s(rebootScript)
                + " + health-check script " + s(healthcheckScript) + " + one passing health check after registration, at"
                + " the soonest " + s(backHealthy);
    }

    /**
     * Rounds of equal-length children under rate control's window: simulated, since the ramp (1, then 2, then
     * 8, ...) depends on completions, not on time alone.
     */
    static int rounds(int targets, int concurrency) {
        PriorityQueue<Integer> ends = new PriorityQueue<>(); // end round of each child in flight
        int window = 1;
        int started = 0;
        while (started < targets && ends.size() < window) {
            ends.add(1);
            started++;
        }
        int last = 0;
        while (!ends.isEmpty()) {
            int end = ends.poll();
            last = end;
            window = Math.min(concurrency, window * 2);
            while (started < targets && ends.size() < window) {
                ends.add(end + 1);
                started++;
            }
        }
        return last;
    }

    private static AgentModel.CommandModel command(Scenario s, String match) {
        return s.agent().commands().stream().filter(c -> c.match().contains(match)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the scenario's agent has no answer for " + match));
    }

    private static String s(Duration d) {
        return BenchResult.Metric.fmt(d.toMillis() / 1000.0) + " s";
    }
}
