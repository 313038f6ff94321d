package dev.fleetops.events.spi;

/**
 * One thing a handler did to an instance while handling an event, reported as it happens through
 * {@link HandlerContext#effect} (the record says it all afterwards; this is for whoever watches live).
 *
 * @param action what was done, e.g. {@link #DETACHED}, {@link #HEARTBEAT}
 */
public record Effect(String instanceId, String action) {

    /** Detached from its Auto Scaling group without decrementing the desired capacity. */
    public static final String DETACHED = "detached";

    /** Taken out of its Auto Scaling group (TerminateInstanceInAutoScalingGroup) once its replacement serves. */
    public static final String REPLACED = "replaced";

    /** A lifecycle-hook heartbeat sent (RecordLifecycleActionHeartbeat). */
    public static final String HEARTBEAT = "lifecycle-heartbeat";

    /** Left alone: outside the serve's scope (managed tag, allow-list); the record says why. */
    public static final String SKIPPED = "skipped";
}
