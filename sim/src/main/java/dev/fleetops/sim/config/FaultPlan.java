package dev.fleetops.sim.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Faults a scenario injects.
 *
 * @param throttling      EC2 request and resource token buckets as documented by AWS (off by default)
 * @param apiFaults       per-operation errors and latency
 * @param impaired        instances whose status checks never pass (they go initializing -> impaired)
 * @param impairedShare   share (0-1) of launched instances, drawn from the fault stream, that never pass checks
 * @param spotInterruptions Spot interruptions at given times
 * @param spotInterruptionRatePerHour mean interruptions per Spot instance-hour (Poisson, fault stream); 0 = none
 * @param scheduledEvents AWS Health scheduled changes (instance retirement, reboot or stop maintenance)
 */
public record FaultPlan(boolean throttling, List<ApiFault> apiFaults, List<InstanceRef> impaired, double impairedShare,
                        List<SpotInterruption> spotInterruptions, double spotInterruptionRatePerHour,
                        List<ScheduledEvent> scheduledEvents) {

    public FaultPlan {
        apiFaults = List.copyOf(apiFaults);
        impaired = List.copyOf(impaired);
        spotInterruptions = List.copyOf(spotInterruptions);
        scheduledEvents = List.copyOf(scheduledEvents);
    }

    /** A plan without scheduled events. */
    public FaultPlan(boolean throttling, List<ApiFault> apiFaults, List<InstanceRef> impaired, double impairedShare,
                     List<SpotInterruption> spotInterruptions, double spotInterruptionRatePerHour) {
        this(throttling, apiFaults, impaired, impairedShare, spotInterruptions, spotInterruptionRatePerHour, List.of());
    }

    public static FaultPlan none() {
        return new FaultPlan(false, List.of(), List.of(), 0, List.of(), 0);
    }

    /**
     * An error and/or latency on one operation.
     *
     * @param service    ec2, autoscaling, elbv2, ssm, sqs, events, route53
     * @param operation  the API name, e.g. DescribeInstances; "*" for every operation of the service
     * @param errorCode  AWS error code to answer with (e.g. RequestLimitExceeded, ResourceContention); empty: none
     * @param rate       probability (0-1) that a call gets the error
     * @param latency    added to every call of the operation
     * @param from       only from this time after the start (inclusive)
     * @param until      only until this time after the start (exclusive); empty: forever
     */
    public record ApiFault(String service, String operation, Optional<String> errorCode, double rate,
                           Duration latency, Duration from, Optional<Duration> until) { }

    /** An instance named by its group and launch order (0 = first launched), or by its Name tag. */
    public record InstanceRef(Optional<String> group, int index, Optional<String> name) { }

    /** A Spot interruption: the warning at {@code at}, the interruption {@code Timings.spotWarning} later. */
    public record SpotInterruption(Duration at, InstanceRef instance, String action) { }

    /**
     * An AWS Health scheduled change for one instance: the event is emitted at {@code at}, and the change happens
     * {@code notice} later (its {@code startTime}) to whatever instance is still running then.
     *
     * @param code instance-retirement, instance-stop, instance-reboot or system-reboot (the names of
     *             DescribeInstanceStatus's scheduled event codes, Amazon EC2 User Guide: "Scheduled events for
     *             Amazon EC2 instances")
     */
    public record ScheduledEvent(Duration at, InstanceRef instance, String code, Duration notice) {

        public static final List<String> CODES = List.of("instance-retirement", "instance-stop", "instance-reboot",
                "system-reboot");
    }
}
