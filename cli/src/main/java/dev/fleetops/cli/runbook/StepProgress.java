package dev.fleetops.cli.runbook;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.engine.RunbookEvent;
import dev.fleetops.time.Scheduler;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The live step list on the terminal: one line when a step starts and one when it ends (with its status and
 * duration), indented for child executions, plus the latest progress of a long step. Never a log flood: progress
 * texts only print when they change.
 */
final class StepProgress implements Consumer<RunbookEvent> {

    private final PrintWriter err;
    private final Scheduler scheduler;
    private final Instant origin;
    private final Map<String, Integer> depth = new HashMap<>();
    private final Map<String, String> lastProgress = new HashMap<>();
    private String root;

    StepProgress(PrintWriter err, Scheduler scheduler) {
        this.err = err;
        this.scheduler = scheduler;
        this.origin = scheduler.now();
    }

    @Override
    public void accept(RunbookEvent e) {
        if (e instanceof RunbookEvent.ExecutionStarted s) executionStarted(s.record());
        else if (e instanceof RunbookEvent.StepStarted s) stepStarted(s.executionId(), s.step());
        else if (e instanceof RunbookEvent.StepChanged s) stepChanged(s.executionId(), s.step());
        else if (e instanceof RunbookEvent.Progress p) progress(p.executionId(), p.stepName(), p.text());
        else if (e instanceof RunbookEvent.StepEnded s) stepEnded(s.executionId(), s.step());
        else if (e instanceof RunbookEvent.ExecutionEnded x) executionEnded(x.record());
    }

    private void executionStarted(ExecutionRecord r) {
        if (root == null) root = r.id();
        depth.putIfAbsent(r.id(), depth.size());
        line(r.id(), "run " + r.documentName() + " (" + r.id() + ")");
    }

    private void stepStarted(String executionId, StepRecord step) {
        line(executionId, "  > " + step.stepName() + " [" + step.action() + "]"
                + (step.attempt() > 1 ? " attempt " + step.attempt() : ""));
    }

    private void stepChanged(String executionId, StepRecord step) {
        line(executionId, "  ~ " + step.stepName() + " " + step.status());
    }

    private void progress(String executionId, String stepName, String text) {
        String key = executionId + "/" + stepName;
        if (text.equals(lastProgress.put(key, text))) return;
        line(executionId, "    " + stepName + ": " + text);
    }

    private void stepEnded(String executionId, StepRecord step) {
        String took = step.start().isPresent() && step.end().isPresent()
                ? " in " + human(Duration.between(step.start().get(), step.end().get())) : "";
        line(executionId, "  " + (step.status() == dev.fleetops.execution.Status.Success ? "ok " : "!! ")
                + step.stepName() + " " + step.status() + took
                + step.failureMessage().map(m -> ": " + m).orElse(""));
    }

    private void executionEnded(ExecutionRecord r) {
        line(r.id(), "end " + r.documentName() + ": " + r.status());
    }

    private void line(String executionId, String text) {
        int d = depth.getOrDefault(executionId, 0);
        err.printf("[+%s] %s%s%n", clock(Duration.between(origin, scheduler.now())), "    ".repeat(d), text);
        err.flush();
    }

    static String clock(Duration d) {
        return String.format("%02d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    static String human(Duration d) {
        if (d.toMinutes() > 0) return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        return d.toSeconds() + "." + (d.toMillisPart() / 100) + "s";
    }
}
