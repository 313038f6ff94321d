package dev.fleetops.cli.report;

import dev.fleetops.cli.session.HealthSampler;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.sim.elbv2.TrafficReport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The HTML report of one or more runs: per run what ran (execution id, document, parameters, absolute start and
 * end in UTC), the steps with their timings, the step timeline by status, per-instance results of commands, the
 * target-health lanes of the instances involved and, with traffic, requests per second by outcome; all on one
 * time axis per run.
 */
public final class RunReport {

    /**
     * One run to show.
     *
     * @param invocations what each instance answered to the run's commands (aws:runCommand steps, Command documents)
     */
    public record Run(String title, ExecutionRecord record, List<HealthSampler.Sample> health, List<TrafficReport> traffic,
                      List<CommandInvocation> invocations) {

        public Run {
            invocations = List.copyOf(invocations);
        }

        /** A run without command results. */
        public Run(String title, ExecutionRecord record, List<HealthSampler.Sample> health, List<TrafficReport> traffic) {
            this(title, record, health, traffic, List.of());
        }

        /** An execution with nothing sampled around it (an apply, a handler's record). */
        public static Run of(String title, ExecutionRecord record) {
            return new Run(title, record, List.of(), List.of(), List.of());
        }
    }

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
        return new String[]{r.title(), rec.documentName(), String.valueOf(rec.status()), took(rec.start(), rec.end()),
                rec.traffic().map(t -> String.valueOf(t.requests())).orElse("-"),
                rec.traffic().map(t -> String.valueOf(t.responses5xx())).orElse("-")};
    }

    /** Adds one run's section to {@code page}; {@code id} prefixes its charts' ids. */
    public static void section(HtmlPage page, Run r, String id) {
        ExecutionRecord rec = r.record();
        Instant start = rec.start().orElseThrow();
        Instant end = rec.end().orElse(start.plusSeconds(1));
        page.heading((r.title().equals(rec.documentName()) ? "" : r.title() + ": ") + rec.documentName() + " - " + rec.status());
        page.facts(id + "-facts", facts(rec));
        page.table(new String[]{"step", "action", "status", "attempt", "start (UTC)", "end (UTC)", "duration",
                        "child executions", "failure"},
                rec.steps().stream().map(s -> new String[]{s.stepName(), s.action(), String.valueOf(s.status()),
                        String.valueOf(s.attempt()), s.start().map(t -> Charts.utc(t) + " ("
                                + Charts.offset(Duration.between(start, t).toSeconds()) + ")").orElse(""),
                        s.end().map(Charts::utc).orElse(""), took(s.start(), s.end()), children(s),
                        s.failureMessage().orElse("")}).toList());
        page.paragraph("Steps over time, by status");
        page.html(Charts.lanes(id + "-steps", Timelines.steps(rec), start, end, Charts.STATUS_COLORS));
        if (!r.invocations().isEmpty()) {
            page.paragraph("Per instance (SSM ListCommandInvocations)");
            page.table(new String[]{"step", "command", "instance", "status", "response code", "start (UTC)", "end (UTC)",
                    "duration", "output"}, r.invocations().stream().map(i -> new String[]{i.stepName(), i.commandId(),
                    i.instanceId(), i.status(), i.responseCode().map(String::valueOf).orElse(""),
                    i.start().map(Charts::utc).orElse(""), i.end().map(Charts::utc).orElse(""), took(i.start(), i.end()),
                    i.output()}).toList());
        }
        List<Lane> health = Timelines.health(r.health(), start, end);
        if (!health.isEmpty()) {
            page.paragraph("Target health of each instance (sampled from DescribeTargetHealth)");
            page.html(Charts.lanes(id + "-health", health, start, end));
        }
        if (!r.traffic().isEmpty()) {
            rec.traffic().ifPresent(t -> page.paragraph("Traffic through the load balancer: " + t.requests()
                    + " requests, " + t.responses2xx() + " 2xx, " + t.responses5xx() + " 5xx"));
            Instant from = r.traffic().stream().map(TrafficReport::from).min(Instant::compareTo).orElse(start);
            page.html(Charts.stackedBars(id + "-traffic", Timelines.traffic(r.traffic()), Duration.ofSeconds(1), from));
        }
    }

    /** What ran, with what, when: the facts a reader looks up first. */
    private static List<String[]> facts(ExecutionRecord rec) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"execution id", rec.id()});
        rows.add(new String[]{"document", rec.documentName()});
        rows.add(new String[]{"status", String.valueOf(rec.status())});
        rows.add(new String[]{"start (UTC)", rec.start().map(Charts::utc).orElse("")});
        rows.add(new String[]{"end (UTC)", rec.end().map(Charts::utc).orElse("")});
        rows.add(new String[]{"duration", took(rec.start(), rec.end())});
        rows.add(new String[]{"parameters", rec.parameters().isEmpty() ? "none" : rec.parameters().entrySet().stream()
                .map(e -> e.getKey() + " = " + String.join(", ", e.getValue())).collect(Collectors.joining("; "))});
        if (!rec.outputs().isEmpty()) {
            rows.add(new String[]{"outputs", rec.outputs().entrySet().stream().map(Map.Entry::toString)
                    .collect(Collectors.joining("; "))});
        }
        rec.failureMessage().ifPresent(m -> rows.add(new String[]{"failure", m}));
        return rows;
    }

    private static String children(StepRecord s) {
        return s.children().stream().map(c -> c.documentName() + " " + c.id() + ": " + c.status())
                .collect(Collectors.joining("; "));
    }

    /** A duration to a tenth of a second, or empty when either end is unknown. */
    public static String took(Optional<Instant> from, Optional<Instant> to) {
        if (from.isEmpty() || to.isEmpty()) return "";
        return String.format(Locale.ROOT, "%.1f s", Duration.between(from.get(), to.get()).toMillis() / 1000.0);
    }
}
