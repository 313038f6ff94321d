package dev.fleetops.windows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.rate.Targets;
import dev.fleetops.time.Scheduler;
import dev.fleetops.waiters.Backoff;
import dev.fleetops.waiters.Outcome;
import dev.fleetops.waiters.Poll;
import dev.fleetops.waiters.Verdict;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandStatus;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.Target;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A RUN_COMMAND task: one SendCommand to the window's targets with the task's MaxConcurrency/MaxErrors (SSM does
 * the rate control), followed to its end with the one polling loop; at a CANCEL_TASK cutoff, CancelCommand.
 */
final class CommandTask implements TaskRun {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final Duration POLL_EVERY = Duration.ofSeconds(5);

    private final SsmAsyncClient ssm;
    private final Scheduler scheduler;
    private final WindowTask task;
    private final String taskExecutionId;
    private final Instant start;
    private final CompletableFuture<WindowExecution.Task> finished = new CompletableFuture<>();
    private volatile String commandId;
    private volatile boolean cut;

    /**
     * @param sentSince set when a restart re-enters the task (its journal says it started): the commands of its
     *                  document invoked since then are listed first, and the one whose Comment bears the task
     *                  execution's marker is followed instead of sending a second one
     */
    CommandTask(SsmAsyncClient ssm, Scheduler scheduler, WindowTask task, List<String> targets,
                List<Targets> windowTargets, Map<String, String> windowValues, Optional<Instant> sentSince) {
        this.ssm = ssm;
        this.scheduler = scheduler;
        this.task = task;
        this.taskExecutionId = windowValues.get("TASK_EXECUTION_ID");
        this.start = scheduler.now();
        SendCommandRequest.Builder b = SendCommandRequest.builder().documentName(task.taskArn())
                .parameters(PseudoParameters.substitute(task.parameters(), windowValues))
                .maxConcurrency(task.limits().maxConcurrency()).maxErrors(task.limits().maxErrors())
                .comment(comment(task.name(), marker(taskExecutionId)));
        // One tag target: let SSM select the nodes (no 50-id limit); otherwise the resolved instance ids.
        if (windowTargets.size() == 1 && windowTargets.get(0) instanceof Targets.Tag tag) {
            b.targets(Target.builder().key("tag:" + tag.key()).values(tag.values()).build());
        } else {
            b.instanceIds(targets);
        }
        task.timeoutSeconds().ifPresent(b::timeoutSeconds);
        SendCommandRequest request = b.build();
        if (sentSince.isEmpty()) {
            send(request);
            return;
        }
        sentBefore(marker(taskExecutionId), sentSince.get().minus(CLOCK_SKEW), null).whenComplete((found, e) -> {
            if (e != null) {
                finish(WindowStatus.FAILED, "listing the commands sent before the restart failed: " + message(e), Optional.empty());
            } else if (found.isPresent()) {
                commandId = found.get();
                if (cut) cancel();
                follow();
            } else {
                send(request);
            }
        });
    }

    /** How far this host's clock may be behind SSM's when commands are listed by their request time. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /**
     * SendCommand takes no token: its Comment carries {@code fleetops:} and 32 hex digits of the task execution
     * id's SHA-256 (as aws:runCommand's marker, docs/recovery.md "Repeated calls"), within SendCommand's 100.
     */
    static String marker(String taskExecutionId) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(taskExecutionId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "fleetops:" + java.util.HexFormat.of().formatHex(d).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String comment(String taskName, String marker) {
        String given = "maintenance window task " + taskName;
        int room = 100 - marker.length() - 1;
        return (given.length() <= room ? given : given.substring(0, room)) + " " + marker;
    }

    /** The command of the task's document invoked after {@code after} whose Comment ends with {@code marker}. */
    private CompletionStage<Optional<String>> sentBefore(String marker, Instant after, String token) {
        return ssm.listCommands(r -> r.nextToken(token).filters(
                f -> f.key("DocumentName").value(task.taskArn()),
                f -> f.key("InvokedAfter").value(after.toString()))).thenCompose(r -> {
            for (Command c : r.commands()) {
                if (c.comment() != null && c.comment().endsWith(marker)) return CompletableFuture.completedFuture(Optional.of(c.commandId()));
            }
            if (r.nextToken() == null || r.nextToken().isEmpty()) return CompletableFuture.completedFuture(Optional.<String>empty());
            return sentBefore(marker, after, r.nextToken());
        });
    }

    private void send(SendCommandRequest request) {
        ssm.sendCommand(request).whenComplete((r, e) -> {
            if (e != null) {
                finish(WindowStatus.FAILED, "SendCommand failed: " + message(e), Optional.empty());
                return;
            }
            commandId = r.command().commandId();
            if (cut) cancel();
            follow();
        });
    }

    @Override
    public WindowTask task() {
        return task;
    }

    @Override
    public CompletionStage<WindowExecution.Task> finished() {
        return finished;
    }

    @Override
    public void cancelAtCutoff() {
        cut = true;
        if (commandId != null) cancel();
    }

    private void cancel() {
        ssm.cancelCommand(c -> c.commandId(commandId));
    }

    private void follow() {
        Poll<Command> poll = Poll.start(scheduler, Backoff.fixed(POLL_EVERY), new SplittableRandom(0), Duration.ofDays(3),
                n -> ssm.listCommands(r -> r.commandId(commandId)).thenApply(r -> {
                    Command c = r.commands().get(0);
                    return terminal(c.status()) ? Verdict.success(c)
                            : Verdict.<Command>retry(c.completedCount() + " of " + c.targetCount() + " invocations done");
                }));
        poll.outcome().whenComplete((o, e) -> {
            if (o instanceof Outcome.Succeeded<Command> s) {
                invocations(new ArrayList<>(), null).whenComplete((list, e2) -> record(s.value(), list == null ? List.of() : list));
            } else {
                finish(WindowStatus.FAILED, "following command " + commandId + " failed: " + (e != null ? message(e) : o),
                        Optional.empty());
            }
        });
    }

    private CompletionStage<List<CommandInvocation>> invocations(List<CommandInvocation> acc, String token) {
        return ssm.listCommandInvocations(r -> r.commandId(commandId).nextToken(token)).thenCompose(r -> {
            acc.addAll(r.commandInvocations());
            if (r.nextToken() == null || r.nextToken().isEmpty()) return CompletableFuture.completedFuture(acc);
            return invocations(acc, r.nextToken());
        });
    }

    private void record(Command c, List<CommandInvocation> invocations) {
        List<StepRecord> steps = new ArrayList<>();
        for (CommandInvocation i : invocations) {
            Map<String, JsonNode> outputs = new LinkedHashMap<>();
            outputs.put("StatusDetails", F.textNode(i.statusDetails()));
            Status s = status(i.statusDetails());
            steps.add(new StepRecord(i.instanceId(), "aws:runCommand", s, 1, Map.of(), outputs,
                    s == Status.Success ? Optional.empty() : Optional.of(i.statusDetails()), Optional.empty(),
                    Optional.ofNullable(i.requestedDateTime()), Optional.empty(), List.of(), List.of(), List.of()));
        }
        Status status = status(c.statusDetails());
        ExecutionRecord r = new ExecutionRecord(commandId, "command", c.documentName(), status, Optional.of(start),
                Optional.of(scheduler.now()), c.parameters(), Map.of("CommandId", F.textNode(commandId),
                "ErrorCount", F.numberNode(c.errorCount()), "TargetCount", F.numberNode(c.targetCount())),
                status == Status.Success ? Optional.empty() : Optional.of(c.statusDetails()), steps, Optional.empty());
        WindowStatus ws;
        if (cut && c.status() == CommandStatus.CANCELLED) ws = WindowStatus.TIMED_OUT;
        else ws = switch (c.status()) {
            case SUCCESS -> WindowStatus.SUCCESS;
            case TIMED_OUT -> WindowStatus.TIMED_OUT;
            case CANCELLED -> WindowStatus.CANCELLED;
            default -> WindowStatus.FAILED;
        };
        finish(ws, ws == WindowStatus.TIMED_OUT && cut ? "cutoff reached: CancelCommand sent (" + c.statusDetails() + ")"
                : ws == WindowStatus.SUCCESS ? null : c.statusDetails(), Optional.of(r));
    }

    private void finish(WindowStatus status, String details, Optional<ExecutionRecord> r) {
        finished.complete(new WindowExecution.Task(taskExecutionId, task.name(), task.taskArn(), task.type(),
                task.priority(), task.limits().maxConcurrency(), task.limits().maxErrors(), status,
                Optional.ofNullable(details), Optional.of(start), Optional.of(scheduler.now()), r));
    }

    private static boolean terminal(CommandStatus s) {
        return s == CommandStatus.SUCCESS || s == CommandStatus.FAILED || s == CommandStatus.CANCELLED
                || s == CommandStatus.TIMED_OUT;
    }

    private static Status status(String details) {
        return switch (details) {
            case "Success" -> Status.Success;
            case "Pending", "Delayed" -> Status.Pending;
            case "InProgress" -> Status.InProgress;
            case "DeliveryTimedOut", "ExecutionTimedOut" -> Status.TimedOut;
            case "Canceled", "Cancelled", "Terminated" -> Status.Cancelled;
            default -> Status.Failed;
        };
    }

    private static String message(Throwable e) {
        Throwable c = e.getCause() != null && e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }
}
