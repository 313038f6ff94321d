package dev.fleetops.windows;

import dev.fleetops.runbook.rate.RateLimits;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task registered with a window (AWS Systems Manager API Reference: RegisterTaskWithMaintenanceWindow).
 *
 * @param taskArn    AUTOMATION: the runbook (a name for the document library, or a file path resolved against the
 *                   window file); RUN_COMMAND: the Command document's name (e.g. AWS-RunShellScript)
 * @param parameters with pseudo parameters ({{TARGET_ID}}...) still in place
 */
public record WindowTask(String name, Type type, String taskArn, int priority, RateLimits limits,
                         CutoffBehavior cutoffBehavior, Map<String, List<String>> parameters,
                         Optional<Integer> timeoutSeconds) {

    public enum Type { AUTOMATION, RUN_COMMAND }

    public enum CutoffBehavior { CONTINUE_TASK, CANCEL_TASK }
}
