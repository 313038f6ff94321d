package dev.fleetops.cli.apply;

import dev.fleetops.cli.report.Charts;
import dev.fleetops.cli.report.HtmlPage;
import dev.fleetops.cli.report.Lane;
import dev.fleetops.cli.report.RunReport;
import dev.fleetops.reconcile.ResourceState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTML report of an apply ({@code apply --report}): what was applied and when, each resource's outcome, each
 * resource's state over time (in sync, drifted, changed, failed) and the fleet's convergence, and every line the
 * apply printed with its absolute time.
 */
final class ApplyPage {

    static final Map<String, String> COLORS = Map.of("in sync", "#2e7d32", "drifted", "#f9a825", "changing", "#64b5f6",
            "would change", "#90caf9", "changed", "#1e88e5", "failed", "#c62828", "converging", "#bdbdbd",
            "converged", "#2e7d32");

    private ApplyPage() { }

    static HtmlPage of(ApplyRun.Finished o) {
        HtmlPage page = new HtmlPage((o.noop() ? "fleetops apply --noop " : "fleetops apply ") + o.fleet().name());
        page.facts("apply-facts", List.of(new String[]{"fleet", o.fleet().name()}, new String[]{"file", o.fleet().file()},
                new String[]{"mode", o.noop() ? "noop (nothing changed)" : "apply"},
                new String[]{"start (UTC)", Charts.utc(o.start())}, new String[]{"end (UTC)", Charts.utc(o.end())},
                new String[]{"duration", RunReport.took(Optional.of(o.start()), Optional.of(o.end()))},
                new String[]{"converged", o.convergedAt().map(t -> Charts.utc(t) + " ("
                        + Charts.offset(Duration.between(o.start(), t).toSeconds()) + ")").orElse("no")}));
        page.heading("Resources").table(new String[]{"resource", "kind", "status", "checks", "changes", "errors"},
                o.resources().stream().map(r -> new String[]{r.name(), r.kind(), r.status().label(),
                        String.valueOf(r.checks()), String.join("; ", r.changes()), String.join("; ", r.errors())}).toList());
        page.paragraph("Resources over time");
        page.html(Charts.lanes("apply-resources", lanes(o), o.start(), o.end().isAfter(o.start()) ? o.end()
                : o.start().plusSeconds(1), COLORS));
        page.heading("What happened").table(new String[]{"time (UTC)", "offset", "kind", "resource", "text"},
                o.lines().stream().map(l -> new String[]{Charts.utc(l.at()),
                        Charts.offset(Duration.between(o.start(), l.at()).toSeconds()), l.kind(), l.resource(), l.text()})
                        .toList());
        return page;
    }

    /**
     * The fleet's convergence, then one lane per resource: its state changes where a line about it says so. Before
     * its first line a resource was being changed (the line reports the change done) or was in sync.
     */
    static List<Lane> lanes(ApplyRun.Finished o) {
        List<Lane> lanes = new ArrayList<>();
        Instant end = o.end().isAfter(o.start()) ? o.end() : o.start().plusSeconds(1);
        List<Lane.Segment> fleet = new ArrayList<>();
        Instant converged = o.convergedAt().orElse(end);
        if (converged.isAfter(o.start())) fleet.add(new Lane.Segment(o.start(), converged, "converging"));
        if (o.convergedAt().isPresent() && converged.isBefore(end)) fleet.add(new Lane.Segment(converged, end, "converged"));
        lanes.add(new Lane("fleet " + o.fleet().name(), fleet));
        for (ResourceState r : o.resources()) {
            List<Lane.Segment> segments = new ArrayList<>();
            String state = o.lines().stream().filter(l -> l.resource().equals(r.name())).findFirst()
                    .map(l -> l.kind().equals("change") ? "changing" : "in sync").orElse("in sync");
            Instant since = o.start();
            for (ApplyRun.Line l : o.lines()) {
                if (!l.resource().equals(r.name())) continue;
                String now = switch (l.kind()) {
                    case "drift" -> "drifted";
                    case "would-change" -> "would change";
                    case "change" -> "changed";
                    default -> "failed";
                };
                if (now.equals(state)) continue;
                if (l.at().isAfter(since)) segments.add(new Lane.Segment(since, l.at(), state));
                state = now;
                since = l.at();
            }
            segments.add(new Lane.Segment(since, end, state));
            lanes.add(new Lane(r.name(), segments));
        }
        return lanes;
    }
}
