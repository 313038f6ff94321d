package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.document.InputChecks;
import dev.fleetops.runbook.document.Step;
import dev.fleetops.waiters.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static dev.fleetops.runbook.document.ActionDefinition.automation;

/**
 * {@code aws:changeInstanceState} (UG automation-action-changestate): unless {@code CheckStateOnly}, asks EC2 for
 * {@code DesiredState} (StartInstances with {@code AdditionalInfo}, StopInstances with {@code Force},
 * TerminateInstances), then polls until every instance is there. {@code running} counts only with instance and
 * system status checks {@code ok} (DescribeInstanceStatus); {@code stopped} and {@code terminated} are read from
 * DescribeInstances. Default timeout 3600 s. No outputs.
 */
final class ChangeInstanceState implements Action {

    static final ActionDefinition DEFINITION = automation("aws:changeInstanceState").required("InstanceIds", "DesiredState")
            // FailOnUnexpectedStopped: not on the User Guide page, used by AWS-owned documents
            .optional("CheckStateOnly", "Force", "AdditionalInfo", "FailOnUnexpectedStopped")
            .check(InputChecks.oneOf("DesiredState", Set.of("running", "stopped", "terminated")))
            .permissions(ChangeInstanceState::permissions)
            .runs(ChangeInstanceState::new).build();

    private static final Map<String, String> CALL = Map.of(
            "running", "StartInstances", "stopped", "StopInstances", "terminated", "TerminateInstances");

    @Override
    public String name() {
        return DEFINITION.name();
    }

    /** The describe calls of the wait, and the call for DesiredState (all three when it is set at run time). */
    private static ActionDefinition.Permissions.Needed permissions(Step s, Set<String> documents) {
        List<String> a = new ArrayList<>(List.of("ec2:DescribeInstances", "ec2:DescribeInstanceStatus"));
        List<String> notes = new ArrayList<>();
        if (!s.literalInput("CheckStateOnly").map(v -> v.equalsIgnoreCase("true")).orElse(false)) {
            Optional<String> desired = s.literalInput("DesiredState");
            if (desired.isPresent() && CALL.containsKey(desired.get())) {
                a.add("ec2:" + CALL.get(desired.get()));
            } else {
                CALL.values().stream().sorted().forEach(c -> a.add("ec2:" + c));
                notes.add("DesiredState is set at run time; start, stop and terminate are all included");
            }
        }
        return new ActionDefinition.Permissions.Needed(a, notes);
    }

    @Override
    public CompletionStage<ActionResult> execute(ActionContext ctx) {
        return Calls.attempt(() -> run(ctx));
    }

    private CompletionStage<ActionResult> run(ActionContext ctx) {
        Inputs in = new Inputs(name(), ctx.inputs());
        List<String> ids = in.stringList("InstanceIds");
        if (ids.isEmpty()) throw in.bad("InstanceIds", "must name at least one instance");
        String desired = in.string("DesiredState");
        if (!CALL.containsKey(desired)) throw in.bad("DesiredState", "must be running, stopped or terminated, got " + desired);
        boolean checkOnly = in.bool("CheckStateOnly", false);
        boolean force = in.bool("Force", false);
        if (in.has("FailOnUnexpectedStopped")) {
            ctx.note("FailOnUnexpectedStopped is accepted but not acted on: the wait simply ends at the timeout");
        }
        CompletionStage<?> change = CompletableFuture.completedFuture(null);
        if (!checkOnly) {
            ObjectNode request = ids(ids);
            if (desired.equals("stopped") && force) request.put("Force", true);
            if (desired.equals("running")) in.optString("AdditionalInfo").ifPresent(a -> request.put("AdditionalInfo", a));
            change = Calls.call(ctx, "ec2", CALL.get(desired), request);
        } else if (force) {
            ctx.note("Force has no effect with CheckStateOnly");
        }
        return change.thenCompose(x -> Waiting.until(ctx, "instances " + String.join(", ", ids) + " to be " + desired,
                        poll -> desired.equals("running") ? running(ctx, ids) : state(ctx, ids, desired)))
                .thenApply(x -> ActionResult.empty());
    }

    private static ObjectNode ids(List<String> ids) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        ids.forEach(request.putArray("InstanceIds")::add);
        return request;
    }

    private static CompletionStage<Verdict<Boolean>> running(ActionContext ctx, List<String> ids) {
        ObjectNode request = ids(ids).put("IncludeAllInstances", true);
        return Paged.all(ctx, "ec2", "DescribeInstanceStatus", request, "InstanceStatuses").thenApply(statuses -> {
            Map<String, String> seen = new LinkedHashMap<>();
            for (JsonNode s : statuses) {
                String state = s.path("InstanceState").path("Name").asText();
                String instance = s.path("InstanceStatus").path("Status").asText("");
                String system = s.path("SystemStatus").path("Status").asText("");
                seen.put(s.path("InstanceId").asText(), state.equals("running")
                        ? (instance.equals("ok") && system.equals("ok") ? "ok"
                        : "running, status checks " + instance + "/" + system) : state);
            }
            return verdict(ids, seen, "ok");
        });
    }

    private static CompletionStage<Verdict<Boolean>> state(ActionContext ctx, List<String> ids, String desired) {
        return Paged.all(ctx, "ec2", "DescribeInstances", ids(ids), "Reservations").thenApply(reservations -> {
            Map<String, String> seen = new LinkedHashMap<>();
            for (JsonNode r : reservations) {
                for (JsonNode i : r.path("Instances")) {
                    seen.put(i.path("InstanceId").asText(), i.path("State").path("Name").asText());
                }
            }
            return verdict(ids, seen, desired);
        });
    }

    private static Verdict<Boolean> verdict(List<String> ids, Map<String, String> seen, String desired) {
        List<String> waiting = new ArrayList<>();
        for (String id : ids) {
            String s = seen.getOrDefault(id, "not listed");
            if (!desired.equals("terminated") && (s.equals("terminated") || s.equals("shutting-down"))) {
                return Verdict.failure("instance " + id + " is " + s + " and can never be "
                        + (desired.equals("ok") ? "running" : desired));
            }
            if (!s.equals(desired)) waiting.add(id + " " + s);
        }
        return waiting.isEmpty() ? Verdict.success(true) : Verdict.retry(String.join(", ", waiting));
    }
}
