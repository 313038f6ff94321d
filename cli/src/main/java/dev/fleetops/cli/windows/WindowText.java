package dev.fleetops.cli.windows;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.windows.WindowExecution;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** An occurrence for people: the window line, one line per task, one per target. */
final class WindowText {

    private WindowText() { }

    static void print(PrintWriter out, int n, WindowExecution e) {
        out.printf(Locale.ROOT, "%noccurrence %d  %s  scheduled %s  %s%n", n, e.windowExecutionId(), e.scheduledTime(), e.status());
        out.printf(Locale.ROOT, "  started %s, ended %s, cutoff %s, %d target(s)%n", e.startTime(),
                e.endTime().map(Instant::toString).orElse("-"), e.cutoffTime(), e.targets().size());
        e.statusDetails().ifPresent(d -> out.printf(Locale.ROOT, "  %s%n", d));
        for (WindowExecution.Task t : e.tasks()) {
            out.printf(Locale.ROOT, "  [priority %d] %-24s %-11s %-10s MaxConcurrency %s, MaxErrors %s%s%n", t.priority(), t.name(),
                    t.type(), t.status(), t.maxConcurrency(), t.maxErrors(),
                    t.startTime().isPresent() && t.endTime().isPresent()
                            ? ", " + took(Duration.between(t.startTime().get(), t.endTime().get())) : "");
            t.statusDetails().ifPresent(d -> out.printf(Locale.ROOT, "      %s%n", d));
            t.execution().ifPresent(r -> targets(out, r));
        }
    }

    private static void targets(PrintWriter out, ExecutionRecord r) {
        for (StepRecord s : r.steps()) {
            out.printf(Locale.ROOT, "      %-22s %-10s %s%s%n", s.stepName(), s.status(),
                    s.start().map(st -> st + (s.end().map(en -> " (" + took(Duration.between(st, en)) + ")").orElse(""))).orElse(""),
                    s.failureMessage().map(m -> "  " + m).orElse(""));
        }
    }

    static String took(Duration d) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
