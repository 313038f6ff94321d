package dev.fleetops.sim.elbv2;

/** DescribeTargetHealth reason codes with the descriptions AWS gives them. */
enum Reason {
    REGISTRATION_IN_PROGRESS("Elb.RegistrationInProgress", "Target registration is in progress"),
    INITIAL_HEALTH_CHECKING("Elb.InitialHealthChecking", "Initial health checks in progress"),
    /** The connection is refused (the instance runs, its app does not answer). */
    FAILED_HEALTH_CHECKS("Target.FailedHealthChecks", "Health checks failed"),
    /** Nothing answers at all (the instance is not running). */
    TIMEOUT("Target.Timeout", "Request timed out"),
    /** The app answers 200, which the group's matcher does not accept. */
    RESPONSE_CODE_MISMATCH("Target.ResponseCodeMismatch", "Health checks failed with these codes: [200]"),
    NOT_REGISTERED("Target.NotRegistered", "Target is not registered to the target group"),
    NOT_IN_USE("Target.NotInUse", "Target group is not configured to receive traffic from the load balancer"),
    INVALID_STATE_STOPPED("Target.InvalidState", "Target is in the stopped state"),
    DEREGISTRATION_IN_PROGRESS("Target.DeregistrationInProgress", "Target deregistration is in progress");

    final String code;
    final String description;

    Reason(String code, String description) {
        this.code = code;
        this.description = description;
    }
}
