package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.waiters.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import static dev.fleetops.runbook.document.ActionDefinition.automation;
import static dev.fleetops.runbook.document.ParameterType.STRING_LIST;

/**
 * {@code aws:runInstances} (UG automation-action-runinstance): ec2 RunInstances from the step's inputs
 * ({@code InstanceType} default m1.small, {@code MinInstanceCount}/{@code MaxInstanceCount} default 1, the
 * instance profile by name or ARN, {@code Monitoring} as a boolean, the rest as the API's own members), then waits
 * until every instance is running. Outputs {@code InstanceIds} and {@code InstanceStates} (StringLists).
 */
final class RunInstances implements Action {

    static final ActionDefinition DEFINITION = automation("aws:runInstances").required("ImageId")
            .optional("InstanceType", "MinInstanceCount", "MaxInstanceCount", "IamInstanceProfileName",
                    "IamInstanceProfileArn", "KeyName", "SecurityGroupIds", "SecurityGroups", "SubnetId", "UserData",
                    "TagSpecifications", "BlockDeviceMappings", "NetworkInterfaces", "Placement", "MetadataOptions",
                    "Monitoring", "EbsOptimized", "DisableApiTermination", "InstanceInitiatedShutdownBehavior",
                    "ClientToken", "PrivateIpAddress", "KernelId", "RamdiskId", "AdditionalInfo")
            .output("InstanceIds", STRING_LIST).output("InstanceStates", STRING_LIST)
            .notOnCancelPath()
            .permissions((s, d) -> {
                List<String> a = new ArrayList<>(List.of("ec2:RunInstances", "ec2:DescribeInstances"));
                if (s.hasInput("TagSpecifications")) a.add("ec2:CreateTags");
                if (s.hasInput("IamInstanceProfileName") || s.hasInput("IamInstanceProfileArn")) a.add("iam:PassRole");
                return new ActionDefinition.Permissions.Needed(a, List.of());
            })
            .runs(RunInstances::new).build();

    /** Inputs whose API member has the same name. */
    private static final Set<String> SAME_NAME = Set.of("ImageId", "KeyName", "SecurityGroupIds", "SecurityGroups",
            "SubnetId", "UserData", "TagSpecifications", "BlockDeviceMappings", "NetworkInterfaces", "Placement",
            "MetadataOptions", "EbsOptimized", "DisableApiTermination", "InstanceInitiatedShutdownBehavior",
            "ClientToken", "PrivateIpAddress", "KernelId", "RamdiskId", "AdditionalInfo");

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
        in.string("ImageId");
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        in.node().fields().forEachRemaining(e -> {
            if (SAME_NAME.contains(e.getKey())) request.set(e.getKey(), e.getValue());
        });
        request.put("InstanceType", in.optString("InstanceType").orElse("m1.small"));
        int min = in.integer("MinInstanceCount", 1);
        int max = in.integer("MaxInstanceCount", Math.max(min, 1));
        request.put("MinCount", min).put("MaxCount", max);
        in.optString("IamInstanceProfileName").ifPresent(n -> request.putObject("IamInstanceProfile").put("Name", n));
        in.optString("IamInstanceProfileArn").ifPresent(a -> request.putObject("IamInstanceProfile").put("Arn", a));
        if (in.has("Monitoring")) request.putObject("Monitoring").put("Enabled", in.bool("Monitoring", false));
        return Calls.call(ctx, "ec2", "RunInstances", request).thenCompose(launched -> {
            List<String> ids = new ArrayList<>();
            for (JsonNode i : launched.path("Instances")) ids.add(i.path("InstanceId").asText());
            ctx.progress("launched " + String.join(", ", ids));
            return Waiting.until(ctx, "instances " + String.join(", ", ids) + " to be running", poll -> describe(ctx, ids))
                    .thenApply(states -> {
                        Map<String, JsonNode> outputs = new LinkedHashMap<>();
                        ArrayNode idList = JsonNodeFactory.instance.arrayNode();
                        ids.forEach(idList::add);
                        ArrayNode stateList = JsonNodeFactory.instance.arrayNode();
                        states.forEach(stateList::add);
                        outputs.put("InstanceIds", idList);
                        outputs.put("InstanceStates", stateList);
                        return ActionResult.of(outputs);
                    });
        });
    }

    private static CompletionStage<Verdict<List<String>>> describe(ActionContext ctx, List<String> ids) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        ids.forEach(request.putArray("InstanceIds")::add);
        return Paged.all(ctx, "ec2", "DescribeInstances", request, "Reservations").thenApply(reservations -> {
            Map<String, String> states = new LinkedHashMap<>();
            for (JsonNode r : reservations) {
                for (JsonNode i : r.path("Instances")) {
                    states.put(i.path("InstanceId").asText(), i.path("State").path("Name").asText());
                }
            }
            List<String> ordered = new ArrayList<>();
            List<String> waiting = new ArrayList<>();
            for (String id : ids) {
                String s = states.getOrDefault(id, "not listed yet");
                ordered.add(s);
                if (s.equals("terminated") || s.equals("shutting-down")) {
                    return Verdict.<List<String>>failure("instance " + id + " is " + s + " instead of running");
                }
                if (!s.equals("running")) waiting.add(id + " " + s);
            }
            return waiting.isEmpty() ? Verdict.success(ordered) : Verdict.<List<String>>retry(String.join(", ", waiting));
        }).exceptionallyCompose(e -> {
            // EC2 is eventually consistent: new ids may be unknown to DescribeInstances for a moment.
            if (ApiErrors.code(ApiErrors.unwrap(e)).equals("InvalidInstanceID.NotFound")) {
                return java.util.concurrent.CompletableFuture.completedFuture(Verdict.retry("instances not visible yet"));
            }
            return java.util.concurrent.CompletableFuture.failedFuture(ApiErrors.unwrap(e));
        });
    }
}
