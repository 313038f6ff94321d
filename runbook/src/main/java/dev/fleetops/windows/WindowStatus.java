package dev.fleetops.windows;

/** Window execution and task statuses, SSM's names (AWS Systems Manager API Reference: MaintenanceWindowExecution). */
public enum WindowStatus {
    PENDING, IN_PROGRESS, SUCCESS, FAILED, TIMED_OUT, CANCELLING, CANCELLED, SKIPPED_OVERLAPPING
}
