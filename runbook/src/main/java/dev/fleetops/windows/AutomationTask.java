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
    private final RateControlledRun run;
    private boolean cut;

    AutomationTask(RateControl control, Scheduler scheduler, WindowTask task, List<String> targets,
                   String targetsDescription, Map<String, String> windowValues, Supplier<String> ids) {
        this.task = task;
        this.taskExecutionId = windowValues.get("TASK_EXECUTION_ID");
        this.start = scheduler.now();
        Map<String, List<String>> shown = PseudoParameters.substitute(task.parameters(), windowValues);
        this.run = control.start(new RateControl.Plan(task.taskArn(), shown, targets, target -> {
            Map<String, String> values = new LinkedHashMap<>(windowValues);
            values.put("TARGET_ID", target);
            values.put("RESOURCE_ID", target);
            values.put("INVOCATION_ID", ids.get());
            return PseudoParameters.substitute(task.parameters(), values);
        }, task.limits(), Optional.empty(), targetsDescription));
    }

    @Override
    public WindowTask task() {
        return task;
    }

    @Override
    public CompletionStage<WindowExecution.Task> finished() {
        return run.record().thenApply(this::task);
    }

    @Override
    public void cancelAtCutoff() {
        cut = true;
        run.stopStarting("the window's cutoff was reached (CutoffBehavior CANCEL_TASK)");
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
