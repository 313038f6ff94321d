package dev.fleetops.execution;

/**
 * Step and execution statuses, with SSM's names (reference/ssm-documents.md section 2.3). Exited is for
 * aws:loop only.
 */
public enum Status {
    Pending, InProgress, Waiting, Success, TimedOut, Cancelling, Cancelled, Failed, Exited;

    public boolean terminal() {
        return this == Success || this == TimedOut || this == Cancelled || this == Failed || this == Exited;
    }
}
