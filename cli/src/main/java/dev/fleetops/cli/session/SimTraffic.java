package dev.fleetops.cli.session;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.elbv2.TrafficGenerator;
import dev.fleetops.sim.elbv2.TrafficReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --traffic RPS}: that many requests per second of virtual time to every ALB of the simulated region, from
 * now until {@link #stop()}, the way seed 004's curl loop hits the load balancer during maintenance.
 */
public final class SimTraffic {

    private final List<TrafficGenerator.Running> running = new ArrayList<>();
    private final List<TrafficReport> reports = new ArrayList<>();

    public static SimTraffic start(Session session, double requestsPerSecond) {
        SimRegion region = session.region();
        SimTraffic t = new SimTraffic();
        var lbs = session.await(session.cloud().elbv2().describeLoadBalancers(b -> { }), Duration.ofMinutes(1));
        for (var lb : lbs.loadBalancers()) {
            region.elbv2().alb(lb.loadBalancerArn()).ifPresent(alb ->
                    t.running.add(TrafficGenerator.startOpenEnded(region.scheduler(), alb, requestsPerSecond)));
        }
        return t;
    }

    public void stop() {
        for (var r : running) reports.add(r.stop());
        running.clear();
    }

    public ExecutionRecord.Traffic totals() {
        long total = 0, ok = 0, errors = 0;
        for (TrafficReport r : reports) {
            total += r.total();
            ok += r.ok();
            errors += r.serverErrors();
        }
        return new ExecutionRecord.Traffic(total, ok, errors);
    }

    public List<TrafficReport> reports() {
        return List.copyOf(reports);
    }
}
