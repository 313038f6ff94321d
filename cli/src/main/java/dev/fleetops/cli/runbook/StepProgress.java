package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.engine.RunbookEvent;
import dev.fleetops.time.Scheduler;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The live step list on the terminal: one line when a step starts and one when it ends (with its status and
 * duration), plus the latest progress of a long step. Never a log flood: progress texts only print when they
 * change. A child execution (aws:executeAutomation) is indented one level under the step that started it, so the
 * indent is the document's nesting, never the number of executions. Under rate control every line starts with its
 * target (the value of the target parameter, e.g. the instance id) and each target's end prints the running tally
 * {@code done N / failed N / remaining N}.
 */
final class StepProgress implements Consumer<RunbookEvent> {

    private static final String EXECUTE_AUTOMATION = "aws:executeAutomation";

    /** Where an execution's lines go: under which target, how deep in child executions. */
    private record Place(String target, int depth) { }

    /** An aws:executeAutomation step that is running: the next execution of its document may be its child. */
    private record OpenStep(String executionId, String documentName, JsonNode runtimeParameters) { }

    private final PrintWriter err;
    private final Scheduler scheduler;
    private final Instant origin;
    private final Map<String, Place> places = new HashMap<>();
    private final Map<String, OpenStep> openSteps = new LinkedHashMap<>();
    private final Map<String, String> lastProgress = new HashMap<>();
    private String targetParameter;
    private Set<String> targets = Set.of();
    private final Set<String> targetsStarted = new LinkedHashSet<>();
    private int labelWidth;
    private int done;
    private int failed;

    StepProgress(PrintWriter err, Scheduler scheduler) {
        this.err = err;
        this.scheduler = scheduler;
        this.origin = scheduler.now();
    }

    /**
     * The run is rate controlled: one execution per target, {@code parameter} naming each one's target. From now
     * on every line is labelled with its target, and each target's end prints the tally.
     */
    void rateControlled(String parameter, List<String> targetValues) {
        this.targetParameter = parameter;
        this.targets = new LinkedHashSet<>(targetValues);
        this.labelWidth = targetValues.stream().mapToInt(String::length).max().orElse(1);
    }

    @Override
    public void accept(RunbookEvent e) {
        if (e instanceof RunbookEvent.ExecutionStarted s) executionStarted(s.record());
        else if (e instanceof RunbookEvent.ChildStarted c) childStarted(c);
        else if (e instanceof RunbookEvent.StepStarted s) stepStarted(s.executionId(), s.step());
        else if (e instanceof RunbookEvent.StepChanged s) stepChanged(s.executionId(), s.step());
        else if (e instanceof RunbookEvent.Progress p) progress(p.executionId(), p.stepName(), p.text());
        else if (e instanceof RunbookEvent.StepEnded s) stepEnded(s.executionId(), s.step());
        else if (e instanceof RunbookEvent.ExecutionEnded x) executionEnded(x.record());
    }

    private void executionStarted(ExecutionRecord r) {
        places.computeIfAbsent(r.id(), id -> place(r));
        line(r.id(), "run " + r.documentName() + " (" + r.id() + ")");
    }

    /**
     * A new execution is a target's own run (rate control: the first with that target), else the child of a
     * running aws:executeAutomation step (ChildStarted, which names the parent, comes only after the child's first
     * events; likeliest is the step naming its document, under the same target, passing the parameters it started
     * with), else a run of its own.
     */
    private Place place(ExecutionRecord r) {
        String target = targetOf(r);
        if (target != null && targetsStarted.add(target)) return new Place(target, 0);
        Place parent = null;
        int best = -1;
        for (OpenStep s : openSteps.values()) {
            Place p = places.get(s.executionId());
            if (p == null) continue;
            int score = (r.documentName().equals(s.documentName()) ? 4 : 0) + (p.target().equals(target) ? 2 : 0)
                    + (sameParameters(s.runtimeParameters(), r) ? 1 : 0);
            if (score > best) {
                best = score;
                parent = p;
            }
        }
        if (parent == null) return new Place(target == null ? "" : target, 0);
        return new Place(parent.target(), parent.depth() + 1);
    }

    /** True when every runtime parameter the step passes has the value the execution started with. */
    private static boolean sameParameters(JsonNode runtime, ExecutionRecord r) {
        if (runtime == null || !runtime.isObject() || runtime.isEmpty()) return false;
        for (var it = runtime.fields(); it.hasNext(); ) {
            var e = it.next();
            List<String> values = r.parameters().get(e.getKey());
            String given = e.getValue().isArray() && e.getValue().size() == 1 ? e.getValue().get(0).asText() : e.getValue().asText();
            if (values == null || values.size() != 1 || !values.get(0).equals(given)) return false;
        }
        return true;
    }

    private String targetOf(ExecutionRecord r) {
        if (targetParameter == null) return null;
        List<String> values = r.parameters().get(targetParameter);
        return values != null && values.size() == 1 && targets.contains(values.get(0)) ? values.get(0) : null;
    }

    private void childStarted(RunbookEvent.ChildStarted c) {
        Place parent = places.get(c.executionId());
        if (parent != null) places.put(c.childId(), new Place(parent.target(), parent.depth() + 1));
    }

    private void stepStarted(String executionId, StepRecord step) {
        if (EXECUTE_AUTOMATION.equals(step.action())) {
            JsonNode document = step.inputs().get("DocumentName");
            openSteps.put(executionId + "/" + step.stepName(), new OpenStep(executionId,
                    document == null ? "" : document.asText(), step.inputs().get("RuntimeParameters")));
        }
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
        openSteps.remove(executionId + "/" + step.stepName());
        String took = step.start().isPresent() && step.end().isPresent()
                ? " in " + human(Duration.between(step.start().get(), step.end().get())) : "";
        line(executionId, "  " + (step.status() == Status.Success ? "ok " : "!! ")
                + step.stepName() + " " + step.status() + took
                + step.failureMessage().map(m -> ": " + m).orElse(""));
    }

    private void executionEnded(ExecutionRecord r) {
        Place p = places.getOrDefault(r.id(), new Place("", 0));
        String tally = "";
        if (targetParameter != null && p.depth() == 0 && targets.contains(p.target())) {
            if (r.status() == Status.Success) done++;
            else failed++;
            tally = "  [" + tally() + "]";
        }
        line(r.id(), "end " + r.documentName() + ": " + r.status() + tally);
    }

    /** The running tally of a rate-controlled run. */
    String tally() {
        return "done " + done + " / failed " + failed + " / remaining " + (targets.size() - done - failed);
    }

    private void line(String executionId, String text) {
        Place p = places.getOrDefault(executionId, new Place("", 0));
        String label = targetParameter == null ? "" : String.format(Locale.ROOT, "%-" + labelWidth + "s ", p.target());
        err.printf(Locale.ROOT, "[+%s] %s%s%s%n", clock(Duration.between(origin, scheduler.now())), label,
                "    ".repeat(p.depth()), text);
        err.flush();
    }

    static String clock(Duration d) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    static String human(Duration d) {
        if (d.toMinutes() > 0) return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        return d.toSeconds() + "." + (d.toMillisPart() / 100) + "s";
    }
}
