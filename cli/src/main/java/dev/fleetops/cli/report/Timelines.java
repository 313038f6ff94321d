package dev.fleetops.cli.report;

import dev.fleetops.cli.session.HealthSampler;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.sim.elbv2.TrafficReport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/** A run's records as chart data: step lanes by status, target-health lanes by state, traffic by outcome. */
final class Timelines {

    /** The lane state of a target the load balancer did not list (deregistered, or not yet registered). */
    static final String NOT_REGISTERED = "not registered";

    private Timelines() { }

    /** One lane per step that started, in the step's status (Success, Failed, TimedOut, Cancelled...). */
    static List<Lane> steps(ExecutionRecord rec) {
        return steps(rec, null);
    }

    /** As {@link #steps(ExecutionRecord)}; a step still running is drawn up to {@code now} (the live page). */
    static List<Lane> steps(ExecutionRecord rec, Instant now) {
        List<Lane> lanes = new ArrayList<>();
        for (StepRecord s : rec.steps()) {
            if (s.start().isEmpty()) continue;
            Instant to = s.end().orElse(rec.end().orElse(now != null && now.isAfter(s.start().get()) ? now : s.start().get()));
            lanes.add(new Lane(s.stepName(), List.of(new Lane.Segment(s.start().get(), to, String.valueOf(s.status())))));
        }
        return lanes;
    }

    /** One lane per target, its state changing where the samples say so. */
    static List<Lane> health(List<HealthSampler.Sample> samples, Instant start, Instant end) {
        TreeSet<String> ids = new TreeSet<>();
        for (var s : samples) ids.addAll(s.states().keySet());
        List<Lane> lanes = new ArrayList<>();
        for (String id : ids) {
            List<Lane.Segment> segments = new ArrayList<>();
            String state = null;
            Instant since = start;
            for (var s : samples) {
                if (s.time().isBefore(start) || s.time().isAfter(end)) continue;
                String now = s.states().getOrDefault(id, "absent");
                if ("absent".equals(now)) now = NOT_REGISTERED;
                if (!now.equals(state)) {
                    if (state != null) segments.add(new Lane.Segment(since, s.time(), state));
                    state = now;
                    since = s.time();
                }
            }
            if (state != null) segments.add(new Lane.Segment(since, end, state));
            lanes.add(new Lane(id, segments));
        }
        return lanes;
    }

    /** Responses per second through every load balancer, by outcome. */
    static List<Series> traffic(List<TrafficReport> reports) {
        int len = reports.stream().mapToInt(r -> r.seconds().size()).max().orElse(0);
        long[] ok = new long[len];
        long[] errors = new long[len];
        long[] other = new long[len];
        for (TrafficReport r : reports) {
            var seconds = r.seconds();
            for (int i = 0; i < seconds.size(); i++) {
                var s = seconds.get(i);
                ok[i] += s.ok();
                errors[i] += s.serverErrors();
                other[i] += s.total() - s.ok() - s.serverErrors();
            }
        }
        List<Series> series = new ArrayList<>(List.of(new Series("2xx", "#2e7d32", ok), new Series("5xx", "#c62828", errors)));
        if (Arrays.stream(other).sum() > 0) series.add(new Series("other", "#78909c", other));
        return series;
    }
}
