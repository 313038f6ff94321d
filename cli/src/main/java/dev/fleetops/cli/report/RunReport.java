package dev.fleetops.cli.report;

import dev.fleetops.cli.session.HealthSampler;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.sim.elbv2.TrafficReport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The HTML report of one or more runs: per run a summary, the step timeline, the target-health lanes of the
 * instances involved and, with traffic, requests per second by outcome; all on one time axis per run.
 */
public final class RunReport {

    /** One run to show. */
    public record Run(String title, ExecutionRecord record, List<HealthSampler.Sample> health, List<TrafficReport> traffic) { }

    private RunReport() { }

    public static HtmlPage page(String title, List<Run> runs) {
        HtmlPage page = new HtmlPage(title);
        if (runs.size() > 1) {
            List<String[]> rows = new ArrayList<>();
            for (Run r : runs) rows.add(summaryRow(r));
            page.heading("Side by side").table(new String[]{"run", "document", "status", "duration", "requests", "5xx"}, rows);
        }
        int n = 0;
        for (Run r : runs) section(page, r, "run" + (n++));
        return page;
    }

    private static String[] summaryRow(Run r) {
        ExecutionRecord rec = r.record();
        String duration = rec.start().isPresent() && rec.end().isPresent()
                ? Duration.between(rec.start().get(), rec.end().get()).toSeconds() + " s" : "";
        return new String[]{r.title(), rec.documentName(), String.valueOf(rec.status()), duration,
                rec.traffic().map(t -> String.valueOf(t.requests())).orElse("-"),
                rec.traffic().map(t -> String.valueOf(t.responses5xx())).orElse("-")};
    }

    private static void section(HtmlPage page, Run r, String id) {
        ExecutionRecord rec = r.record();
        Instant start = rec.start().orElseThrow();
        Instant end = rec.end().orElse(start.plusSeconds(1));
        page.heading(r.title() + ": " + rec.documentName() + " - " + rec.status());
        page.table(new String[]{"step", "action", "status", "attempt", "start", "duration", "failure"},
                rec.steps().stream().map(s -> new String[]{s.stepName(), s.action(), String.valueOf(s.status()),
                        String.valueOf(s.attempt()), s.start().map(t -> "+" + Duration.between(start, t).toSeconds() + "s").orElse(""),
                        s.start().isPresent() && s.end().isPresent()
                                ? Duration.between(s.start().get(), s.end().get()).toSeconds() + " s" : "",
                        s.failureMessage().orElse("")}).toList());
        page.paragraph("Steps over time");
        page.html(Charts.lanes(id + "-steps", stepLanes(rec), start, end));
        List<Lane> health = healthLanes(r.health(), start, end);
        if (!health.isEmpty()) {
            page.paragraph("Target health of each instance (sampled from DescribeTargetHealth)");
            page.html(Charts.lanes(id + "-health", health, start, end));
        }
        if (!r.traffic().isEmpty()) {
            rec.traffic().ifPresent(t -> page.paragraph("Traffic through the load balancer: " + t.requests()
                    + " requests, " + t.responses2xx() + " 2xx, " + t.responses5xx() + " 5xx"));
            page.html(Charts.stackedBars(id + "-traffic", trafficSeries(r.traffic()), Duration.ofSeconds(1)));
        }
    }

    static List<Lane> stepLanes(ExecutionRecord rec) {
        List<Lane> lanes = new ArrayList<>();
        for (StepRecord s : rec.steps()) {
            if (s.start().isEmpty()) continue;
            Instant to = s.end().orElse(rec.end().orElse(s.start().get()));
            lanes.add(new Lane(s.stepName(), List.of(new Lane.Segment(s.start().get(), to, stepColor(s)))));
        }
        return lanes;
    }

    private static String stepColor(StepRecord s) {
        return switch (s.status()) {
            case Success -> "healthy";
            case Failed, TimedOut -> "unhealthy";
            case Cancelled -> "unused";
            default -> "initial";
        };
    }

    static List<Lane> healthLanes(List<HealthSampler.Sample> samples, Instant start, Instant end) {
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

    static List<Series> trafficSeries(List<TrafficReport> reports) {
        Map<String, long[]> by = new LinkedHashMap<>();
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
        by.put("2xx", ok);
        by.put("5xx", errors);
        List<Series> series = new ArrayList<>(List.of(new Series("2xx", "#2e7d32", ok), new Series("5xx", "#c62828", errors)));
        if (java.util.Arrays.stream(other).sum() > 0) series.add(new Series("other", "#78909c", other));
        return series;
    }
}
