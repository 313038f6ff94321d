package dev.fleetops.runbook.action.control;

import java.util.List;

/**
 * A step waiting for people: aws:approve (approvers, a minimum of approvals) or aws:pause (one Resume).
 *
 * @param approvers    who may decide (recorded; fleetops does not authenticate local signals)
 * @param minApprovals approvals needed; one rejection decides
 */
public record DecisionRequest(String executionId, String stepName, Kind kind, String message, List<String> approvers,
                              int minApprovals) {

    public enum Kind { APPROVAL, PAUSE }

    public DecisionRequest {
        approvers = List.copyOf(approvers);
    }
}
