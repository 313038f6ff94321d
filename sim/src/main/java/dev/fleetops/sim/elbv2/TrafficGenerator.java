package dev.fleetops.sim.elbv2;

import dev.fleetops.time.VirtualScheduler;

import java.time.Duration;
import java.time.Instant;

/**
 * Sends requests to a load balancer at a steady rate of virtual time, one scheduled event per request, and
 * counts what came back in a {@link TrafficReport}. The report fills in as the caller runs the scheduler.
 */
public final class TrafficGenerator implements Runnable {

    private final VirtualScheduler scheduler;
    private final Alb alb;
    private final long periodNanos;
    private final Instant until;
    private final TrafficReport report;

    private TrafficGenerator(VirtualScheduler scheduler, Alb alb, double requestsPerSecond, Instant from,
                             Instant until) {
        this.scheduler = scheduler;
        this.alb = alb;
        this.periodNanos = Math.max(1, Math.round(1e9 / requestsPerSecond));
        this.until = until;
        this.report = new TrafficReport(from, until);
    }

    /**
     * Schedules requests at {@code requestsPerSecond} from {@code from} (inclusive) to {@code until} (exclusive).
     * @return the report, complete once virtual time has passed {@code until}
     */
    public static TrafficReport start(VirtualScheduler scheduler, Alb alb, double requestsPerSecond, Instant from,
                                      Instant until) {
        if (!(requestsPerSecond > 0)) throw new IllegalArgumentException("requests per second must be positive");
        if (!until.isAfter(from)) throw new IllegalArgumentException("traffic must end after it starts");
        if (from.isBefore(scheduler.now())) throw new IllegalArgumentException("traffic cannot start in the past");
        if (alb.ports().isEmpty()) throw new IllegalArgumentException("load balancer " + alb.name() + " has no listener");
        TrafficGenerator g = new TrafficGenerator(scheduler, alb, requestsPerSecond, from, until);
        scheduler.schedule(Duration.between(scheduler.now(), from), g);
        return g.report;
    }

    @Override
    public void run() {
        Instant now = scheduler.now();
        report.record(now, alb.request());
        if (now.plusNanos(periodNanos).isBefore(until)) scheduler.scheduleNanos(periodNanos, this);
    }
}
