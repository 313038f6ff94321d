package dev.fleetops.cli.runbook;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;

import java.io.PrintWriter;
import java.time.Duration;

/** An execution record for people: status, duration, one line per step, outputs, traffic. */
final class RecordText {

    private RecordText() { }

    static void print(ExecutionRecord r, PrintWriter out) {
        String took = r.start().isPresent() && r.end().isPresent()
                ? " in " + StepProgress.human(Duration.between(r.start().get(), r.end().get())) : "";
        out.println(r.documentName() + " " + r.id() + ": " + r.status() + took);
        r.failureMessage().ifPresent(m -> out.println("  failure: " + m));
        for (StepRecord s : r.steps()) {
            String d = s.start().isPresent() && s.end().isPresent()
                    ? StepProgress.human(Duration.between(s.start().get(), s.end().get())) : "-";
            out.printf("  %-34s %-34s %-10s %8s%s%n", s.stepName(), s.action(), s.status(), d,
                    s.failureMessage().map(m -> "  " + m).orElse(""));
            for (ExecutionRecord c : s.children()) {
                out.printf("      child %s %s: %s%s%n", c.documentName(), c.id(), c.status(),
                        c.failureMessage().map(m -> " (" + m + ")").orElse(""));
            }
        }
        if (!r.outputs().isEmpty()) out.println("  outputs: " + r.outputs());
        r.traffic().ifPresent(t -> out.printf("  traffic: %d requests, %d 2xx, %d 5xx%n",
                t.requests(), t.responses2xx(), t.responses5xx()));
    }
}
