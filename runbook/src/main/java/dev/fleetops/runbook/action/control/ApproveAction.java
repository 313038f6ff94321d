package dev.fleetops.runbook.action.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * aws:approve: Waiting until MinRequiredApprovals approvals (default 1) or one rejection. A rejection fails the
 * step (AWS Systems Manager User Guide: aws:approve). Outputs ApprovalStatus and ApproverDecisions. SNS notification is not sent.
 */
public final class ApproveAction implements ControlAction {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Override
    public String name() {
        return "aws:approve";
    }

    @Override
    public CompletionStage<ActionResult> execute(ControlContext context) {
        List<String> approvers = new ArrayList<>();
        JsonNode a = context.inputs().path("Approvers");
        if (a.isArray()) a.forEach(n -> approvers.add(n.asText()));
        else if (a.isTextual()) approvers.add(a.textValue());
        if (approvers.isEmpty() || approvers.size() > 10) {
            throw new ActionFailure(ActionFailure.Type.Verification, "Approvers must list 1 to 10 approvers, got " + approvers.size());
        }
        JsonNode min = context.inputs().get("MinRequiredApprovals");
        int required = min == null ? 1 : min.asInt(-1);
        if (required < 1 || required > approvers.size()) {
            throw new ActionFailure(ActionFailure.Type.Verification, "MinRequiredApprovals must be from 1 to the number of approvers ("
                    + approvers.size() + "), got " + (min == null ? "" : min.asText()));
        }
        String message = context.inputs().path("Message").asText("");
        context.note("waiting for " + required + " approval(s) from: " + String.join(", ", approvers));
        if (context.inputs().has("NotificationArn")) {
            context.note("NotificationArn " + context.inputs().get("NotificationArn").asText()
                    + ": fleetops does not publish to SNS; approve with fleetops resume " + context.executionId() + " --approve");
        }
        context.progress("waiting for approval: fleetops resume " + context.executionId() + " --approve|--reject");
        return context.decide(new DecisionRequest(context.executionId(), context.stepName(), DecisionRequest.Kind.APPROVAL,
                message, approvers, required)).thenApply(d -> result(d, approvers));
    }

    private static ActionResult result(Decision d, List<String> approvers) {
        ArrayNode decisions = F.arrayNode();
        List<String> notes = new ArrayList<>();
        for (Signal s : d.signals()) {
            var o = decisions.addObject().put("Approver", s.by())
                    .put("Decision", s.type() == Signal.Type.Reject ? "Rejected" : "Approved")
                    .put("DecisionTime", s.time().toString());
            s.comment().ifPresent(cm -> o.put("Comment", cm));
            if (!approvers.contains(s.by()) && !s.by().startsWith("--approve-all")) {
                notes.add(s.by() + " is not among the Approvers; fleetops records the decision without checking identities");
            }
        }
        if (!d.approved()) {
            Signal reject = d.signals().get(d.signals().size() - 1);
            throw new ActionFailure(ActionFailure.Type.Action, "rejected by " + reject.by()
                    + reject.comment().map(cm -> ": " + cm).orElse(""));
        }
        Map<String, JsonNode> outputs = new LinkedHashMap<>();
        outputs.put("ApprovalStatus", TextNode.valueOf("Approved"));
        outputs.put("ApproverDecisions", decisions);
        return new ActionResult(outputs, Optional.empty(), notes);
    }
}
