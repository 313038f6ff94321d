package dev.fleetops.cli.common;

/** The exit codes every command uses. */
public final class ExitCodes {

    /** Done, and the result is what was asked for. */
    public static final int OK = 0;
    /** Ran, but the outcome failed (a runbook Failed, nothing became ready, a resource did not converge). */
    public static final int FAILED = 1;
    /** Usage or input error: bad flag, bad file, bad value. Nothing was changed. */
    public static final int USAGE = 2;
    /**
     * The environment cannot reach AWS as asked (no region, unknown profile, no credentials): the message says what
     * is missing and how to provide it. Nothing was changed. See docs/aws.md.
     */
    public static final int ENVIRONMENT = 3;
    /**
     * {@code apply --noop}: the plan is complete and some resource would change (terraform plan
     * -detailed-exitcode's 2, which is our usage code). 0 is "no changes", 1 an error. See docs/apply.md.
     */
    public static final int CHANGES_PENDING = 4;

    private ExitCodes() { }
}
