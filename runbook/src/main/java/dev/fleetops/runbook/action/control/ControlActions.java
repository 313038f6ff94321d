package dev.fleetops.runbook.action.control;

import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.document.ActionDefinitions;
import dev.fleetops.runbook.document.InputChecks;

import java.util.ArrayList;
import java.util.List;

import static dev.fleetops.runbook.document.ActionDefinition.automation;
import static dev.fleetops.runbook.document.ParameterType.MAP_LIST;
import static dev.fleetops.runbook.document.ParameterType.STRING;
import static dev.fleetops.runbook.document.ParameterType.STRING_LIST;

/**
 * The flow-control actions the engine runs itself: branch, sleep, pause, approve, loop, updateVariable and
 * executeAutomation. Inputs and outputs from each action's page of the AWS Systems Manager User Guide ("Systems
 * Manager Automation actions reference"). Found by {@link java.util.ServiceLoader}.
 */
public final class ControlActions implements ActionDefinitions {

    @Override
    public List<ActionDefinition> definitions() {
        return List.of(
                automation("aws:branch").required("Choices").optional("Default")
                        .check(InputChecks.branch())
                        .runs(BranchAction::new).build(),
                automation("aws:sleep").optional("Duration", "Timestamp")
                        .timeoutSeconds(604_799) // its documented maximum: a sleep must not time out before it ends
                        .notOnCancelPath()
                        .check(InputChecks.sleep())
                        .runs(SleepAction::new).build(),
                automation("aws:pause").optional("Message")
                        .notOnCancelPath()
                        .runs(PauseAction::new).build(),
                automation("aws:approve").required("Approvers").optional("NotificationArn", "Message", "MinRequiredApprovals")
                        .output("ApprovalStatus", STRING).output("ApproverDecisions", MAP_LIST)
                        .timeoutSeconds(604_800) // User Guide: aws:approve waits up to 7 days
                        .notOnCancelPath()
                        .permissions((s, d) -> new ActionDefinition.Permissions.Needed(
                                s.hasInput("NotificationArn") ? List.of("sns:Publish") : List.of(), List.of()))
                        .runs(ApproveAction::new).build(),
                automation("aws:loop").required("Steps").optional("Iterators", "IteratorDataType", "LoopCondition", "MaxIterations")
                        .check(InputChecks.loop())
                        .runs(LoopAction::new).build(),
                automation("aws:updateVariable").required("Name", "Value")
                        .check(InputChecks.updateVariable())
                        .runs(UpdateVariableAction::new).build(),
                automation("aws:executeAutomation").required("DocumentName")
                        .optional("DocumentVersion", "RuntimeParameters", "Tags", "TargetLocations", "TargetMaps",
                                "TargetParameterName", "Targets", "MaxConcurrency", "MaxErrors")
                        .output("Output", STRING_LIST).output("ExecutionId", STRING).output("Status", STRING)
                        // AWS starts and follows the child; fleetops reads it with GetDocument when not in --docs
                        .permissions((s, documents) -> {
                            List<String> notes = new ArrayList<>();
                            if (!s.literalInput("DocumentName").map(documents::contains).orElse(false)) {
                                notes.add("the child document's own calls are included only when it is given too");
                            }
                            return new ActionDefinition.Permissions.Needed(List.of("ssm:StartAutomationExecution",
                                    "ssm:GetAutomationExecution", "ssm:GetDocument"), notes);
                        })
                        .runs(ExecuteAutomationAction::new).build());
    }
}
