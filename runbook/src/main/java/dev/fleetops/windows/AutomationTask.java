package dev.fleetops.windows;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.runbook.rate.RateControl;
import dev.fleetops.runbook.rate.RateControlledRun;
import dev.fleetops.time.Scheduler;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * An AUTOMATION task: one runbook run per target under the task's MaxConcurrency/MaxErrors (the same rate control
 * as {@code fleetops run --targets}), each target's {{TARGET_ID}}/{{RESOURCE_ID}} filled in.
 */
final class AutomationTask implements TaskRun {

    private final WindowTask task;
    private final String taskExecutionId;
    private final Instant start;
    private final CompletableFuture<RateControlledRun> run;
    private boolean cut;

    /** Starts the task's rate-controlled parent under the task execution's id (or resumes it: recovery). */
    @FunctionalInterface
    interface Start {
        CompletionStage<RateControlledRun> start(RateControl.Plan plan, String taskExecutionId);
    }

    AutomationTask(Start control, Scheduler scheduler, WindowTask task, List<String> targets,
                   String targetsDescription, Map<String, String> windowValues, Supplier<String> ids) {
        this.task = task;
        this.taskExecutionId = windowValues.get("TASK_EXECUTION_ID");
        this.start = scheduler.now();
        Map<String, List<String>> shown = PseudoParameters.substitute(task.parameters(), windowValues);
        this.run = settle(scheduler, control.start(new RateControl.Plan(task.taskArn(), shown, targets, target -> {
            Map<String, String> values = new LinkedHashMap<>(windowValues);
            values.put("TARGET_ID", target);
            values.put("RESOURCE_ID", target);
            values.put("INVOCATION_ID", ids.get());
            return PseudoParameters.substitute(task.parameters(), values);
        }, task.limits(), Optional.empty(), targetsDescription), taskExecutionId));
    }

    /** On virtual time the journal reads of a resumed parent are awaited inline: the clock does not wait for the disk. */
    private static CompletableFuture<RateControlledRun> settle(Scheduler scheduler, CompletionStage<RateControlledRun> stage) {
        CompletableFuture<RateControlledRun> f = stage.toCompletableFuture();
        if (scheduler.isVirtual()) {
            try {
                f.join();
            } catch (RuntimeException e) {
                // reported through finished()
            }
        }
        return f;
    }

    @Override
    public WindowTask task() {
        return task;
    }

    @Override
    public CompletionStage<WindowExecution.Task> finished() {
        return run.thenCompose(RateControlledRun::record).thenApply(this::task).exceptionally(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            return new WindowExecution.Task(taskExecutionId, task.name(), task.taskArn(), task.type(), task.priority(),
                    task.limits().maxConcurrency(), task.limits().maxErrors(), WindowStatus.FAILED,
                    Optional.of("the task could not start: " + cause.getMessage()), Optional.of(start), Optional.empty(),
                    Optional.empty());
        });
    }

    @Override
    public void cancelAtCutoff() {
        cut = true;
        run.thenAccept(r -> r.stopStarting("the window's cutoff was reached (CutoffBehavior CANCEL_TASK)"));
    }

    private WindowExecution.Task task(ExecutionRecord r) {
        int notStarted = r.outputs().get("NotStartedTargets").size();
        WindowStatus status;
        if (cut && notStarted > 0) status = WindowStatus.TIMED_OUT;
        else status = switch (r.status()) {
            case Success -> WindowStatus.SUCCESS;
            case TimedOut -> WindowStatus.TIMED_OUT;
            case Cancelled -> WindowStatus.CANCELLED;
            default -> WindowStatus.FAILED;
        };
        Optional<String> details = r.failureMessage();
        if (status == WindowStatus.TIMED_OUT && cut) {
            details = Optional.of("cutoff reached: " + notStarted + " target(s) not started"
                    + r.failureMessage().map(m -> "; " + m).orElse(""));
        }
        return new WindowExecution.Task(taskExecutionId, task.name(), task.taskArn(), task.type(), task.priority(),
                task.limits().maxConcurrency(), task.limits().maxErrors(), status, details, Optional.of(start),
                r.end(), Optional.of(r));
    }

}
