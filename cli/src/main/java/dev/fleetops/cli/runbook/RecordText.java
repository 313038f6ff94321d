package dev.fleetops.cli.runbook;

import dev.fleetops.cli.report.CommandInvocation;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * An execution record for people: status, duration, one line per step, the per-instance results of its commands,
 * child executions, outputs, traffic.
 */
final class RecordText {

    private RecordText() { }

    static void print(ExecutionRecord r, PrintWriter out) {
        print(r, List.of(), out);
    }

    /** @param invocations per-instance results of the record's commands, shown under the step that sent each */
    static void print(ExecutionRecord r, List<CommandInvocation> invocations, PrintWriter out) {
        String took = r.start().isPresent() && r.end().isPresent()
                ? " in " + StepProgress.human(Duration.between(r.start().get(), r.end().get())) : "";
        out.println(r.documentName() + " " + r.id() + ": " + r.status() + took);
        r.failureMessage().ifPresent(m -> out.println("  failure: " + m));
        for (StepRecord s : r.steps()) {
            String d = s.start().isPresent() && s.end().isPresent()
                    ? StepProgress.human(Duration.between(s.start().get(), s.end().get())) : "-";
            out.printf(Locale.ROOT, "  %-34s %-34s %-10s %8s%s%n", s.stepName(), s.action(), s.status(), d,
                    s.failureMessage().map(m -> "  " + m).orElse(""));
            var commandId = s.outputs().get("CommandId");
            for (CommandInvocation i : invocations) {
                if (commandId != null && i.commandId().equals(commandId.asText())) instance(i, out);
            }
            for (ExecutionRecord c : s.children()) {
                out.printf(Locale.ROOT, "      child %s %s: %s%s%n", c.documentName(), c.id(), c.status(),
                        c.failureMessage().map(m -> " (" + m + ")").orElse(""));
            }
        }
        if (!r.outputs().isEmpty()) out.println("  outputs: " + r.outputs());
        r.traffic().ifPresent(t -> out.printf(Locale.ROOT, "  traffic: %d requests, %d 2xx, %d 5xx%n",
                t.requests(), t.responses2xx(), t.responses5xx()));
    }

    private static void instance(CommandInvocation i, PrintWriter out) {
        String d = i.start().isPresent() && i.end().isPresent()
                ? StepProgress.human(Duration.between(i.start().get(), i.end().get())) : "-";
        String output = i.output().isEmpty() ? "" : "  " + i.output().lines().findFirst().orElse("");
        out.printf(Locale.ROOT, "      instance %-20s %-14s %-8s %8s%s%n", i.instanceId(), i.status(),
                i.responseCode().map(c -> "exit " + c).orElse(""), d, output);
    }
}
