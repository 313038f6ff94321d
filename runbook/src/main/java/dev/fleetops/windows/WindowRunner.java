package dev.fleetops.windows;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.runbook.engine.ExecutionIds;
import dev.fleetops.runbook.rate.RateControl;
import dev.fleetops.runbook.rate.RateControlledRun;
import dev.fleetops.runbook.rate.TargetResolver;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Runs one occurrence of a window: resolves its targets, runs its tasks by priority (0 first; equal priorities in
 * parallel, the next priority once they all ended), starts no task after start + Duration - Cutoff, and at that
 * cutoff applies each running task's CutoffBehavior.
 */
public final class WindowRunner {

    private final Scheduler scheduler;
    private final TargetResolver resolver;
    private final SsmAsyncClient ssm;
    private final RateControl rateControl;
    private final Supplier<String> ids;
    private final Map<String, Map<String, String>> windowIds = new LinkedHashMap<>();
    private WindowJournal journal;
    private Launcher launcher;
    private Supplier<String> windowLevelIds;
    private int occurrences;

    /**
     * Starts an AUTOMATION task's rate-controlled parent under id {@code taskExecutionId}, a part of window execution
     * {@code windowExecutionId}; the engine's {@code Recovery.resumeParent} does so (and runs on one that was started).
     */
    @FunctionalInterface
    public interface Launcher {
        CompletionStage<RateControlledRun> start(RateControl.Plan plan, String taskExecutionId, String windowExecutionId);
    }

    /** The resumable state of occurrence {@code n} that a crash interrupted (read from its window's journal). */
    record Resumed(int n, Instant scheduled, Instant start, List<String> targets, Map<String, WindowExecution.Task> ended,
                   java.util.Set<String> started) { }

    /** @param ids UUIDs for executions, unique per run (the window's own ids derive from them) */
    public WindowRunner(Scheduler scheduler, TargetResolver resolver, SsmAsyncClient ssm, RunbookRunner runner,
                        Supplier<String> ids) {
        this.scheduler = scheduler;
        this.resolver = resolver;
        this.ssm = ssm;
        this.rateControl = new RateControl(scheduler, runner, ids);
        this.ids = ids;
    }

    public static WindowRunner on(Cloud cloud, RunbookRunner runner, Supplier<String> ids) {
        return new WindowRunner(cloud.scheduler(), new TargetResolver(cloud.ec2()), cloud.ssm(), runner, ids);
    }

    /**
     * Journals this runner's occurrences in {@code journal}: occurrence {@code n}'s WINDOW_EXECUTION_ID, its tasks'
     * TASK_EXECUTION_IDs and the window's own ids derive from the window execution's id, so a recovered run finds
     * them again; AUTOMATION tasks start through {@code launcher}. {@code occurrencesBefore}: how many occurrences
     * the journal already holds (0 for a new run).
     */
    public WindowRunner journaled(WindowJournal journal, Launcher launcher, int occurrencesBefore) {
        this.journal = journal;
        this.launcher = launcher;
        this.occurrences = occurrencesBefore;
        int[] k = {0};
        this.windowLevelIds = () -> ExecutionIds.child(journal.executionId() + "/window", ++k[0]);
        return this;
    }

    /** The window's id ({@code mw-} and 17 hex digits), the same for every occurrence of the window. */
    public String windowId(MaintenanceWindow w) {
        return ids(w).get("WINDOW_ID");
    }

    /** A fresh execution id (e.g. for an occurrence reported SKIPPED_OVERLAPPING). */
    public String newExecutionId() {
        return ids.get();
    }

    /** Runs an occurrence now; completes when every task it started has ended. */
    public CompletionStage<WindowExecution> run(MaintenanceWindow w, Instant scheduledTime) {
        return new Occurrence(w, scheduledTime, ++occurrences, Optional.empty()).start();
    }

    /** Runs on an interrupted occurrence: ended tasks are not run again, the open one resumes, the rest start. */
    CompletionStage<WindowExecution> resume(MaintenanceWindow w, Resumed r) {
        return new Occurrence(w, r.scheduled(), r.n(), Optional.of(r)).start();
    }

    /** Ids that live as long as the window: the window's, its target's, each task's. */
    private Map<String, String> ids(MaintenanceWindow w) {
        Supplier<String> ids = windowLevelIds != null ? windowLevelIds : this.ids;
        return windowIds.computeIfAbsent(w.name(), n -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("WINDOW_ID", "mw-0" + ids.get().replace("-", "").substring(0, 16));
            m.put("WINDOW_TARGET_ID", ids.get());
            for (WindowTask t : w.tasks()) m.put("task:" + t.name(), ids.get());
            return m;
        });
    }

    private final class Occurrence {
        final MaintenanceWindow w;
        final Instant scheduled;
        final Instant start;
        final Instant cutoffAt;
        final String executionId;
        final int n;
        final Optional<Resumed> resumed;
        final List<WindowExecution.Task> done = new ArrayList<>();
        final List<TaskRun> running = new ArrayList<>();
        final CompletableFuture<WindowExecution> result = new CompletableFuture<>();
        List<String> targets = List.of();
        boolean cutoffReached;
        Scheduler.Cancellable cutoffTimer;

        Occurrence(MaintenanceWindow w, Instant scheduled, int n, Optional<Resumed> resumed) {
            this.w = w;
            this.scheduled = scheduled;
            this.n = n;
            this.resumed = resumed;
            this.start = resumed.map(Resumed::start).orElse(scheduler.now());
            this.cutoffAt = start.plus(w.lastTaskStart());
            this.executionId = journal != null ? ExecutionIds.child(journal.executionId(), n) : ids.get();
        }

        CompletionStage<WindowExecution> start() {
            java.time.Duration toCutoff = java.time.Duration.between(scheduler.now(), cutoffAt);
            cutoffTimer = scheduler.schedule(toCutoff.isNegative() ? java.time.Duration.ZERO : toCutoff, this::cutoff);
            TreeMap<Integer, List<WindowTask>> byPriority = new TreeMap<>();
            for (WindowTask t : w.tasks()) byPriority.computeIfAbsent(t.priority(), p -> new ArrayList<>()).add(t);
            if (resumed.isPresent()) { // the targets it resolved, not what a tag resolves to now
                targets = resumed.get().targets();
                scheduler.schedule(java.time.Duration.ZERO, () -> runGroups(new ArrayList<>(byPriority.values()), 0));
                return result;
            }
            resolver.resolveAll(w.targets()).whenComplete((resolved, error) -> scheduler.schedule(java.time.Duration.ZERO, () -> {
                if (error != null) {
                    finish(Optional.of("the targets could not be resolved: " + (error.getCause() != null ? error.getCause().getMessage() : error.getMessage())));
                    return;
                }
                targets = resolved;
                if (journal != null) journal.occurrenceStarted(n, scheduled, start, targets);
                runGroups(new ArrayList<>(byPriority.values()), 0);
            }));
            return result;
        }

        private synchronized void cutoff() {
            cutoffReached = true;
            for (TaskRun r : running) {
                if (r.task().cutoffBehavior() == WindowTask.CutoffBehavior.CANCEL_TASK) r.cancelAtCutoff();
            }
        }

        private void runGroups(List<List<WindowTask>> groups, int i) {
            if (i == groups.size()) {
                finish(Optional.empty());
                return;
            }
            if (!scheduler.now().isBefore(cutoffAt)) {
                for (int g = i; g < groups.size(); g++) {
                    for (WindowTask t : groups.get(g)) done.add(notStarted(t));
                }
                finish(Optional.empty());
                return;
            }
            List<CompletableFuture<WindowExecution.Task>> group = new ArrayList<>();
            for (WindowTask t : groups.get(i)) group.add(startTask(t).toCompletableFuture());
            CompletableFuture.allOf(group.toArray(CompletableFuture[]::new)).whenComplete((v, e) ->
                    scheduler.schedule(java.time.Duration.ZERO, () -> {
                        synchronized (this) {
                            running.clear();
                        }
                        for (var f : group) done.add(f.join());
                        runGroups(groups, i + 1);
                    }));
        }

        private synchronized CompletionStage<WindowExecution.Task> startTask(WindowTask t) {
            WindowExecution.Task ended = resumed.map(r -> r.ended().get(t.name())).orElse(null);
            if (ended != null) { // not run again: its journaled end, with the task's own fields
                return java.util.concurrent.CompletableFuture.completedFuture(new WindowExecution.Task(ended.taskExecutionId(),
                        t.name(), t.taskArn(), t.type(), t.priority(), t.limits().maxConcurrency(), t.limits().maxErrors(),
                        ended.status(), ended.statusDetails(), ended.startTime(), ended.endTime(), Optional.empty()));
            }
            String taskExecutionId = journal != null ? ExecutionIds.child(executionId, w.tasks().indexOf(t) + 1) : ids.get();
            boolean reentered = resumed.map(r -> r.started().contains(t.name())).orElse(false);
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> windowLevel = ids(w);
            values.put("WINDOW_ID", windowLevel.get("WINDOW_ID"));
            values.put("WINDOW_TASK_ID", windowLevel.get("task:" + t.name()));
            values.put("WINDOW_TARGET_ID", windowLevel.get("WINDOW_TARGET_ID"));
            values.put("WINDOW_EXECUTION_ID", executionId);
            values.put("TASK_EXECUTION_ID", taskExecutionId);
            values.put("TARGET_TYPE", "INSTANCE");
            String described = String.join(" + ", w.targets().stream().map(Object::toString).toList());
            if (journal != null) journal.taskStarted(n, t, taskExecutionId);
            AutomationTask.Start starter = launcher == null ? (plan, id) -> java.util.concurrent.CompletableFuture.completedFuture(rateControl.start(plan))
                    : (plan, id) -> launcher.start(plan, id, journal.executionId());
            TaskRun run = t.type() == WindowTask.Type.AUTOMATION
                    ? new AutomationTask(starter, scheduler, t, targets, described, values, ids)
                    : new CommandTask(ssm, scheduler, t, targets, w.targets(), values,
                    reentered ? Optional.of(start) : Optional.empty());
            running.add(run);
            return run.finished().thenApply(this::journalled);
        }

        private WindowExecution.Task journalled(WindowExecution.Task t) {
            if (journal != null) journal.taskEnded(n, t);
            return t;
        }

        private WindowExecution.Task notStarted(WindowTask t) {
            return new WindowExecution.Task(ids.get(), t.name(), t.taskArn(), t.type(), t.priority(),
                    t.limits().maxConcurrency(), t.limits().maxErrors(), WindowStatus.CANCELLED,
                    Optional.of("not started: no task starts after the cutoff at " + cutoffAt
                            + " (start + Duration " + w.durationHours() + " h - Cutoff " + w.cutoffHours() + " h)"),
                    Optional.empty(), Optional.empty(), Optional.empty());
        }

        private void finish(Optional<String> failure) {
            cutoffTimer.cancel();
            WindowStatus status = failure.isPresent() ? WindowStatus.FAILED : status(done);
            Optional<String> details = failure.or(() -> summary(done, status));
            WindowExecution e = new WindowExecution(windowId(w), executionId, w.name(), status, details, scheduled, start,
                    Optional.of(scheduler.now()), cutoffAt, targets, List.copyOf(done));
            if (journal != null) journal.occurrenceEnded(n, e);
            result.complete(e);
        }
    }

    /** FAILED over TIMED_OUT over CANCELLED over SUCCESS. */
    static WindowStatus status(List<WindowExecution.Task> tasks) {
        boolean timedOut = false;
        boolean cancelled = false;
        for (var t : tasks) {
            if (t.status() == WindowStatus.FAILED) return WindowStatus.FAILED;
            if (t.status() == WindowStatus.TIMED_OUT) timedOut = true;
            if (t.status() == WindowStatus.CANCELLED) {
                if (t.startTime().isEmpty()) timedOut = true; // not started: the cutoff was reached
                else cancelled = true;
            }
        }
        return timedOut ? WindowStatus.TIMED_OUT : cancelled ? WindowStatus.CANCELLED : WindowStatus.SUCCESS;
    }

    private static Optional<String> summary(List<WindowExecution.Task> tasks, WindowStatus status) {
        if (status == WindowStatus.SUCCESS) return Optional.empty();
        List<String> parts = new ArrayList<>();
        for (var t : tasks) {
            if (t.status() != WindowStatus.SUCCESS) parts.add(t.name() + " " + t.status());
        }
        return Optional.of(String.join(", ", parts));
    }
}
