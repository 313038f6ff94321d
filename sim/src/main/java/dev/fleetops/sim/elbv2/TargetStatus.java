package dev.fleetops.sim.elbv2;

/** Where a registered target stands, as DescribeTargetHealth reports it ({@link #awsState}). */
enum TargetStatus {
    INITIAL("initial"),
    HEALTHY("healthy"),
    UNHEALTHY("unhealthy"),
    /** Registered, but no load balancer routes to the group: not health checked. */
    NOT_IN_USE("unused"),
    /** Registered, but the instance is stopped: not health checked. */
    INVALID_STATE("unused"),
    DRAINING("draining");

    final String awsState;

    TargetStatus(String awsState) {
        this.awsState = awsState;
    }

    /** Health checked, and a candidate for requests when the group fails open (no target healthy). */
    boolean failOpenCandidate() {
        return this == INITIAL || this == UNHEALTHY;
    }
}
