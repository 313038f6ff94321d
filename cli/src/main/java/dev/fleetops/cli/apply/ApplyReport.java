package dev.fleetops.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.json.Json;
import dev.fleetops.reconcile.ResourceState;
import dev.fleetops.reconcile.ResourceStatus;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** How an apply is shown: lines as they happen and a summary (text), or one JSON document. */
final class ApplyReport {

    private ApplyReport() { }

    static void live(ApplyRun.Line l, Instant start, PrintWriter out) {
        String at = clock(Duration.between(start, l.at()));
        switch (l.kind()) {
            case "converged" -> out.printf(Locale.ROOT, "[%s] converged: %s%n", at, l.text());
            case "settled" -> out.printf(Locale.ROOT, "[%s] settled: %s%n", at, l.text());
            case "drift" -> out.printf(Locale.ROOT, "[%s] drift   %s (%s): %s%n", at, l.resource(), l.resourceKind(), l.text());
            case "would-change" -> out.printf(Locale.ROOT, "[%s] plan    %s (%s): %s%n", at, l.resource(), l.resourceKind(), l.text());
            case "change" -> out.printf(Locale.ROOT, "[%s] changed %s (%s): %s%n", at, l.resource(), l.resourceKind(), l.text());
            default -> out.printf(Locale.ROOT, "[%s] error   %s%s%n", at, l.resource().isEmpty() ? "" : l.resource() + " ("
                    + l.resourceKind() + "): ", l.text());
        }
        out.flush();
    }

    static void summary(ApplyRun.Finished o, PrintWriter out) {
        out.println();
        String how = o.plannedAt().map(t -> o.failed() ? "plan incomplete: some resource failed"
                        : o.changesPending() ? "changes pending" : "no changes")
                .or(() -> o.failed() ? Optional.of("FAILED: " + String.join(", ", o.resources().stream()
                        .filter(r -> r.status() == ResourceStatus.failed).map(ResourceState::name).toList())) : Optional.empty())
                .or(() -> o.convergedAt().map(t -> "converged after " + clock(Duration.between(o.start(), t))))
                .orElse(o.noop() && o.convergedAt().isEmpty() ? "NO plan" : "NOT converged");
        out.printf(Locale.ROOT, "%s %s: %s%s%n", o.noop() ? "plan for" : "apply", o.fleet().name(), how,
                o.noop() ? " (noop: nothing was changed)" : "");
        int w = o.resources().stream().mapToInt(r -> r.name().length()).max().orElse(4);
        for (ResourceState r : o.resources()) {
            out.printf(Locale.ROOT, "  %-" + w + "s  %-20s  %s%n", r.name(), r.kind(), r.status().label());
            String prefix = r.status() == ResourceStatus.would_change ? "~ " : "  ";
            for (String c : r.changes()) out.printf(Locale.ROOT, "  %" + w + "s    %s%s%n", "", prefix, c);
            if (r.status() == ResourceStatus.failed) {
                for (String e : r.errors()) out.printf(Locale.ROOT, "  %" + w + "s    ! %s%n", "", e);
            }
        }
    }

    static JsonNode json(ApplyRun.Finished o) {
        ObjectNode root = Json.object();
        root.put("fleet", o.fleet().name());
        root.put("file", o.fleet().file());
        root.put("noop", o.noop());
        root.put("converged", o.convergedAt().isPresent() && !o.failed());
        if (o.noop()) root.put("changesPending", o.changesPending());
        ArrayNode resources = root.putArray("resources");
        for (ResourceState r : o.resources()) {
            ObjectNode n = resources.addObject();
            n.put("kind", r.kind());
            n.put("name", r.name());
            n.put("status", r.status().label());
            n.set("changes", Json.tree(r.changes()));
            n.set("errors", Json.tree(r.errors()));
            n.put("checks", r.checks());
        }
        root.set("events", Json.tree(o.lines().stream().map(l -> Map.of("time", l.at().toString(), "kind", l.kind(),
                "resource", l.resource(), "text", l.text())).toList()));
        root.set("execution", Json.tree(record(o)));
        return root;
    }

    /** The execution record of the apply: one step per resource, changes as outputs. */
    static ExecutionRecord record(ApplyRun.Finished o) {
        List<StepRecord> steps = o.resources().stream().map(r -> new StepRecord(r.name(), r.kind(), status(r.status()),
                r.checks(), Map.of(), Map.of("Changes", Json.tree(r.changes())),
                r.errors().isEmpty() || r.status() != ResourceStatus.failed ? Optional.empty()
                        : Optional.of(r.errors().get(r.errors().size() - 1)),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), r.errors())).toList();
        Status status = o.failed() ? Status.Failed
                : o.convergedAt().isPresent() || o.plannedAt().isPresent() ? Status.Success : Status.TimedOut;
        return new ExecutionRecord("apply-" + o.fleet().name() + "-" + o.start().getEpochSecond(), "apply",
                o.fleet().file(), status, Optional.of(o.start()), Optional.of(o.end()), Map.of(), Map.of(),
                o.failed() ? Optional.of("resources failed: " + String.join(", ", o.resources().stream()
                        .filter(r -> r.status() == ResourceStatus.failed).map(ResourceState::name).toList()))
                        : Optional.empty(), steps, Optional.empty());
    }

    private static Status status(ResourceStatus s) {
        return switch (s) {
            case failed -> Status.Failed;
            case pending -> Status.Pending;
            default -> Status.Success;
        };
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
