package dev.fleetops.windows;

/** Window execution and task statuses, SSM's names (reference 6.1). */
public enum WindowStatus {
    PENDING, IN_PROGRESS, SUCCESS, FAILED, TIMED_OUT, CANCELLING, CANCELLED, SKIPPED_OVERLAPPING
}
