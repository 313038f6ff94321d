package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.waiters.Verdict;

import dev.fleetops.runbook.action.CallToken;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static dev.fleetops.runbook.document.ActionDefinition.automation;
import static dev.fleetops.runbook.document.ParameterType.STRING;

/**
 * {@code aws:runCommand}: SendCommand with the step's inputs as its members, then every invocation followed to
 * its end (ListCommandInvocations with details, and ListCommands for the command's own verdict) through the
 * context's poll. A 194/3010 reboot-and-rerun keeps the invocation InProgress, so the wait simply lasts through
 * it. The step succeeds only when the command ends {@code Success}; otherwise it fails naming each instance's
 * status, exit code and output head. Outputs (UG automation-action-runcommand): {@code CommandId}, {@code Status},
 * {@code ResponseCode}, {@code Output} (of the first instance; a plugin's Output is at most 2500 characters).
 * SendCommand takes no token: the Comment carries a marker of the attempt's token, by which a step re-entered after
 * a crash, or after an unknown outcome, finds the command sent before (docs/recovery.md, "Repeated calls").
 */
final class RunCommand implements Action {

    static final ActionDefinition DEFINITION = automation("aws:runCommand").required("DocumentName")
            // "supports most SendCommand parameters" (User Guide: aws:runCommand)
            .optional("InstanceIds", "Targets", "Parameters", "CloudWatchOutputConfig", "Comment", "DocumentHash",
                    "DocumentHashType", "DocumentVersion", "NotificationConfig", "OutputS3BucketName",
                    "OutputS3KeyPrefix", "OutputS3Region", "ServiceRoleArn", "TimeoutSeconds", "MaxConcurrency",
                    "MaxErrors", "AlarmConfiguration")
            .output("CommandId", STRING).output("Status", STRING).output("ResponseCode", STRING).output("Output", STRING)
            // AWS's own implementation also calls DescribeInstanceInformation (seed 004's hand-written policy)
            .permissions("ssm:SendCommand", "ssm:ListCommands", "ssm:ListCommandInvocations", "ssm:GetCommandInvocation",
                    "ssm:DescribeInstanceInformation", "ssm:CancelCommand")
            .runs(RunCommand::new).build();

    static final int OUTPUT_LIMIT = 2500;
    private static final Set<String> TERMINAL = Set.of("Success", "Failed", "TimedOut", "Cancelled");
    /** Inputs the simulated agent accepts but has no use for: it keeps output nowhere else and notifies no one. */
    private static final List<String> IGNORED_ON_SIMULATOR = List.of("OutputS3BucketName", "OutputS3KeyPrefix",
            "OutputS3Region", "CloudWatchOutputConfig", "NotificationConfig", "ServiceRoleArn", "AlarmConfiguration");

    /** The command's end as SSM showed it: its status and details, and its invocations. */
    private record Finished(String status, String details, ArrayNode invocations) { }

    /** A command sent: its id, when SSM took it (null when not said), the instances it names (none with Targets). */
    private record Sent(String id, Instant requested, List<String> instanceIds) {
        static Sent of(JsonNode command) {
            Instant at = null;
            try {
                at = Instant.parse(command.path("RequestedDateTime").asText());
            } catch (java.time.format.DateTimeParseException e) {
                // no time: the waits ask for this command alone
            }
            List<String> ids = new ArrayList<>();
            command.path("InstanceIds").forEach(i -> ids.add(i.asText()));
            return new Sent(command.path("CommandId").asText(), at, ids);
        }
    }

    @Override
    public String name() {
        return DEFINITION.name();
    }

    @Override
    public CompletionStage<ActionResult> execute(ActionContext ctx) {
        return Calls.attempt(() -> run(ctx));
    }

    private CompletionStage<ActionResult> run(ActionContext ctx) {
        Inputs in = new Inputs(name(), ctx.inputs());
        String document = in.string("DocumentName");
        if (!in.has("InstanceIds") && !in.has("Targets")) throw in.bad("InstanceIds", "or Targets is required");
        if (ctx.simulated()) {
            List<String> ignored = IGNORED_ON_SIMULATOR.stream().filter(in::has).toList();
            if (!ignored.isEmpty()) {
                ctx.note("accepted and ignored on the simulator: " + String.join(", ", ignored)
                        + " (the simulated agent keeps command output only in SSM and sends no notifications)");
            }
        }
        // the token of the attempt's first call: SendCommand's own on a first run, the same on a re-entry
        CallToken token = ctx.nextCallToken();
        String marker = marker(token);
        ObjectNode request = in.node().deepCopy();
        request.put("Comment", comment(in.optString("Comment").orElse(""), marker));
        CompletionStage<Sent> sent = token.journaled().map(since -> {
            // re-entered after a restart: the interrupted attempt may have sent its command already
            Instant after = since.minus(CLOCK_SKEW);
            return sentBefore(ctx, document, marker, after).thenCompose(found -> {
                if (found.isPresent()) {
                    ctx.note("resumed: following command " + found.get().id() + ", sent before the restart (its Comment "
                            + "bears this attempt's token " + marker + ")");
                    return done(found.get());
                }
                return send(ctx, request, document, marker, SEND_ATTEMPTS);
            });
        }).orElseGet(() -> send(ctx, request, document, marker, SEND_ATTEMPTS));
        return sent.thenCompose(command -> {
            ctx.progress("command " + command.id() + " (" + document + ") sent");
            return follow(ctx, command).thenApply(f -> result(ctx, command.id(), document, f));
        });
    }

    /** SendCommand has no idempotency token: at most this many sends when each outcome was unknown. */
    private static final int SEND_ATTEMPTS = 3;
    /** SSM API Reference, SendCommand: Comment is at most 100 characters. */
    static final int COMMENT_MAX = 100;
    /** How far this host's clock may be behind SSM's when commands are listed by their request time. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** What the Comment carries to find the command again: 128 bits of the token's hash (41 characters). */
    static String marker(CallToken token) {
        return "fleetops:" + IdempotencyTokens.hashed(token.value()).substring("fleetops-".length(), "fleetops-".length() + 32);
    }

    /** The user's comment (shortened if need be) and the marker, within SendCommand's limit. */
    static String comment(String given, String marker) {
        if (given.isEmpty()) return marker;
        int room = COMMENT_MAX - marker.length() - 1;
        return (given.length() <= room ? given : given.substring(0, room)) + " " + marker;
    }

    /**
     * SendCommand; after an unknown outcome (a 5xx, docs/retries.md) the commands sent since are listed first, and
     * the one bearing the marker is followed instead of sending a second one.
     */
    private CompletionStage<Sent> send(ActionContext ctx, JsonNode request, String document, String marker,
                                         int attemptsLeft) {
        Instant sentAt = ctx.scheduler().now();
        return Calls.raw(ctx, "ssm", "SendCommand", request).handle((sent, e) -> {
            if (e == null) return done(Sent.of(sent.path("Command")));
            if (!(ApiErrors.unwrap(e) instanceof dev.fleetops.retry.UnknownOutcomeException) || attemptsLeft <= 1) {
                throw ApiErrors.failure("ssm", "SendCommand", e);
            }
            ctx.note(ApiErrors.describe(e) + ": listing the commands sent since");
            return sentBefore(ctx, document, marker, sentAt.minus(CLOCK_SKEW)).thenCompose(found -> found.isPresent()
                    ? done(found.get()) : send(ctx, request, document, marker, attemptsLeft - 1));
        }).thenCompose(s -> s);
    }

    /** The command of {@code document} requested after {@code after} whose Comment bears {@code marker}. */
    private static CompletionStage<Optional<Sent>> sentBefore(ActionContext ctx, String document, String marker,
                                                                Instant after) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.putArray("Filters").add(JsonNodeFactory.instance.objectNode().put("key", "DocumentName")
                .put("value", document)).add(JsonNodeFactory.instance.objectNode().put("key", "InvokedAfter")
                .put("value", after.toString()));
        return Paged.all(ctx, "ssm", "ListCommands", list, "Commands").thenApply(commands -> {
            for (JsonNode c : commands) {
                if (c.path("Comment").asText("").endsWith(marker)) return Optional.of(Sent.of(c));
            }
            return Optional.<Sent>empty();
        });
    }

    /**
     * Polls the command's invocations (ListCommandInvocations with details). Its request carries the command's own
     * time as {@code InvokedAfter} (a second before, whatever the precision: the answer is the same), which lets
     * the engine answer the waits of every command in flight with one listing per tick (docs/waiters.md, "Shared
     * reads"). When every instance the command names ended Success, so did the command (User Guide: Understanding
     * command statuses): no further call. Otherwise, or with Targets, ListCommands gives the command's own verdict.
     */
    private CompletionStage<Finished> follow(ActionContext ctx, Sent command) {
        String commandId = command.id();
        ObjectNode list = JsonNodeFactory.instance.objectNode().put("CommandId", commandId).put("Details", true);
        if (command.requested() != null) {
            list.putArray("Filters").addObject().put("key", "InvokedAfter")
                    .put("value", command.requested().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(1).toString());
        }
        ObjectNode get = JsonNodeFactory.instance.objectNode().put("CommandId", commandId);
        CompletionStage<Finished> wait = Waiting.until(ctx, "command " + commandId,
                ctx.pollBackoff("ssm", "ListCommandInvocations"), poll ->
                Paged.all(ctx, "ssm", "ListCommandInvocations", list, "CommandInvocations").thenCompose(invocations -> {
                    List<String> running = new ArrayList<>();
                    for (JsonNode i : invocations) {
                        if (!TERMINAL.contains(i.path("Status").asText())) {
                            running.add(i.path("InstanceId").asText() + " " + i.path("StatusDetails").asText());
                        }
                    }
                    if (!running.isEmpty()) {
                        return done(Verdict.<Finished>retry((invocations.size() - running.size()) + " of "
                                + invocations.size() + " invocations ended; " + String.join(", ", running)));
                    }
                    if (succeededOnEvery(command, invocations)) {
                        return done(Verdict.success(new Finished("Success", "Success", invocations)));
                    }
                    return Calls.raw(ctx, "ssm", "ListCommands", get).thenApply(r -> {
                        JsonNode c = r.path("Commands").path(0);
                        String status = c.path("Status").asText("");
                        if (!TERMINAL.contains(status)) {
                            return Verdict.<Finished>retry("command " + (status.isEmpty() ? "not listed yet" : status));
                        }
                        return Verdict.success(new Finished(status, c.path("StatusDetails").asText(status), invocations));
                    });
                }).handle((v, e) -> {
                    // The invocation may not exist yet right after SendCommand (aws-sdk issue #86): poll again.
                    if (e != null && ApiErrors.code(ApiErrors.unwrap(e)).equals("InvocationDoesNotExist")) {
                        return done(Verdict.<Finished>retry("invocations not visible yet"));
                    }
                    return e == null ? done(v) : CompletableFuture.<Verdict<Finished>>failedFuture(ApiErrors.unwrap(e));
                }).thenCompose(s -> s));
        return wait.exceptionallyCompose(e -> {
            Throwable t = ApiErrors.unwrap(e);
            if (t instanceof ActionFailure f && f.timedOut()) {
                // The step is over: stop the command rather than leave scripts running unobserved.
                ctx.note("step timed out: sent CancelCommand for " + commandId);
                return Calls.raw(ctx, "ssm", "CancelCommand", get).handle((v, x) -> { throw f; });
            }
            return CompletableFuture.failedFuture(t);
        });
    }

    /** Whether every instance the command names has its invocation, and each ended Success. */
    private static boolean succeededOnEvery(Sent command, ArrayNode invocations) {
        if (command.instanceIds().isEmpty()) return false;
        Set<String> ended = new java.util.HashSet<>();
        for (JsonNode i : invocations) {
            if (!i.path("Status").asText().equals("Success")) return false;
            ended.add(i.path("InstanceId").asText());
        }
        return ended.equals(new java.util.HashSet<>(command.instanceIds()));
    }

    private static <V> CompletionStage<V> done(V v) {
        return CompletableFuture.completedFuture(v);
    }

    private ActionResult result(ActionContext ctx, String commandId, String document, Finished f) {
        String status = f.status();
        String details = f.details();
        List<String> perInstance = new ArrayList<>();
        for (JsonNode i : f.invocations()) perInstance.add(describe(i));
        if (!status.equals("Success")) {
            String instances = perInstance.isEmpty() ? "no instance was targeted" : String.join("; ", perInstance);
            throw new ActionFailure(ActionFailure.Type.Action, "command " + commandId + " (" + document + ") ended "
                    + status + (details.equals(status) ? "" : " (" + details + ")") + ": " + instances);
        }
        JsonNode first = f.invocations().path(0);
        if (f.invocations().size() > 1) {
            ctx.note("ResponseCode and Output are those of the first instance, " + first.path("InstanceId").asText()
                    + "; all " + f.invocations().size() + " instances succeeded");
        }
        Map<String, JsonNode> outputs = new LinkedHashMap<>();
        outputs.put("CommandId", TextNode.valueOf(commandId));
        outputs.put("Status", TextNode.valueOf(status));
        outputs.put("ResponseCode", TextNode.valueOf(String.valueOf(responseCode(first))));
        outputs.put("Output", TextNode.valueOf(output(first)));
        return ActionResult.of(outputs);
    }

    private static String describe(JsonNode invocation) {
        String out = output(invocation).strip().replaceAll("\\s*\\n+\\s*", " | ");
        if (out.length() > 200) out = out.substring(0, 200) + "...";
        return invocation.path("InstanceId").asText() + " " + invocation.path("Status").asText()
                + (invocation.path("StatusDetails").asText().equals(invocation.path("Status").asText()) ? ""
                : " (" + invocation.path("StatusDetails").asText() + ")")
                + ", exit " + responseCode(invocation) + (out.isEmpty() ? "" : ": " + out);
    }

    /** The code of the first plugin that did not succeed, else of the last plugin (-1: none ran). */
    static int responseCode(JsonNode invocation) {
        int code = -1;
        for (JsonNode p : invocation.path("CommandPlugins")) {
            code = p.path("ResponseCode").asInt(-1);
            String s = p.path("Status").asText();
            if (s.equals("Failed") || s.equals("TimedOut") || s.equals("Cancelled")) return code;
        }
        return code;
    }

    /** The plugins' outputs joined, at most {@link #OUTPUT_LIMIT} characters. */
    static String output(JsonNode invocation) {
        StringBuilder b = new StringBuilder();
        for (JsonNode p : invocation.path("CommandPlugins")) {
            String o = p.path("Output").asText("");
            if (o.isEmpty()) continue;
            if (b.length() > 0) b.append('\n');
            b.append(o);
        }
        return b.length() <= OUTPUT_LIMIT ? b.toString() : b.substring(0, OUTPUT_LIMIT);
    }
}
