package dev.fleetops.reconcile;

/** Where a resource stands in a run, as `apply` reports it. */
public enum ResourceStatus {
    /** Not checked yet (waiting for its watch or for what it requires). */
    pending,
    /** Checked: already in the desired state. */
    converged,
    /** Was wrong and was fixed during this run. */
    changed,
    /** Noop: is wrong and would be fixed. */
    would_change,
    /** Check/apply or watch failed after its retries, or what it requires failed. */
    failed;

    /** The name in reports: would-change rather than would_change. */
    public String label() {
        return name().replace('_', '-');
    }
}
