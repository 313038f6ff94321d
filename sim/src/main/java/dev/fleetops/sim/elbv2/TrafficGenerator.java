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
    private boolean stopped;

    private TrafficGenerator(VirtualScheduler scheduler, Alb alb, double requestsPerSecond, Instant from,
                             Instant until) {
        this(scheduler, alb, requestsPerSecond, from, until, new TrafficReport(from, until));
    }

    private TrafficGenerator(VirtualScheduler scheduler, Alb alb, double requestsPerSecond, Instant from,
                             Instant until, TrafficReport report) {
        this.scheduler = scheduler;
        this.alb = alb;
        this.periodNanos = Math.max(1, Math.round(1e9 / requestsPerSecond));
        this.until = until;
        this.report = report;
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

    /**
     * Traffic from now until {@link Running#stop()}: for runs whose end is not known in advance.
     */
    public static Running startOpenEnded(VirtualScheduler scheduler, Alb alb, double requestsPerSecond) {
        if (!(requestsPerSecond > 0)) throw new IllegalArgumentException("requests per second must be positive");
        if (alb.ports().isEmpty()) throw new IllegalArgumentException("load balancer " + alb.name() + " has no listener");
        TrafficGenerator g = new TrafficGenerator(scheduler, alb, requestsPerSecond, scheduler.now(), Instant.MAX,
                new TrafficReport(scheduler.now()));
        scheduler.schedule(Duration.ZERO, g);
        return new Running(g);
    }

    /** Open-ended traffic; {@link #stop()} ends it and returns its report. */
    public static final class Running {
        private final TrafficGenerator generator;

        private Running(TrafficGenerator generator) {
            this.generator = generator;
        }

        public TrafficReport stop() {
            generator.stopped = true;
            generator.report.finish(generator.scheduler.now());
            return generator.report;
        }

        /** The report so far. */
        public TrafficReport report() {
            return generator.report;
        }
    }

    @Override
    public void run() {
        if (stopped) return;
        Instant now = scheduler.now();
        report.record(now, alb.request());
        if (now.plusNanos(periodNanos).isBefore(until)) scheduler.scheduleNanos(periodNanos, this);
    }
}
