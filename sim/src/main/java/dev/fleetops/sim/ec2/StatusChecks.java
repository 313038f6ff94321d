package dev.fleetops.sim.ec2;

import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.InstanceStatusDetails;
import software.amazon.awssdk.services.ec2.model.InstanceStatusSummary;
import software.amazon.awssdk.services.ec2.model.StatusName;
import software.amazon.awssdk.services.ec2.model.StatusType;
import software.amazon.awssdk.services.ec2.model.SummaryStatus;

import java.time.Instant;

/**
 * DescribeInstanceStatus as of a virtual instant. Computed on demand from when the checks of the current run
 * finish ({@link SimInstance#checksDoneAt}), so no event per instance is needed. An impaired instance fails the
 * instance check (reachability) while the system check passes: the usual picture of a guest that does not boot.
 * A reboot does not reset the checks.
 */
final class StatusChecks {

    private StatusChecks() { }

    static SummaryStatus instanceStatus(SimInstance i, long nowNanos) {
        if (!i.is(InstanceStateName.RUNNING) || i.checksDoneAt < 0) return SummaryStatus.NOT_APPLICABLE;
        if (nowNanos < i.checksDoneAt) return SummaryStatus.INITIALIZING;
        return i.impaired ? SummaryStatus.IMPAIRED : SummaryStatus.OK;
    }

    static SummaryStatus systemStatus(SimInstance i, long nowNanos) {
        if (!i.is(InstanceStateName.RUNNING) || i.checksDoneAt < 0) return SummaryStatus.NOT_APPLICABLE;
        return nowNanos < i.checksDoneAt ? SummaryStatus.INITIALIZING : SummaryStatus.OK;
    }

    /** "reachability" detail value matching a summary status, as the filters see it. */
    static String reachability(SummaryStatus s) {
        return switch (s) {
            case OK -> "passed";
            case IMPAIRED -> "failed";
            case INITIALIZING -> "initializing";
            default -> null;
        };
    }

    /** @param checksDone the instant {@code checksDoneAt} stands for (impairedSince) */
    static InstanceStatus describe(SimInstance i, long nowNanos, Instant checksDone) {
        return InstanceStatus.builder()
                .instanceId(i.id)
                .availabilityZone(i.availabilityZone)
                .instanceState(Ec2Model.state(i.state))
                .instanceStatus(summary(instanceStatus(i, nowNanos), checksDone))
                .systemStatus(summary(systemStatus(i, nowNanos), checksDone))
                .build();
    }

    private static InstanceStatusSummary summary(SummaryStatus s, Instant since) {
        if (s == SummaryStatus.NOT_APPLICABLE) return InstanceStatusSummary.builder().status(s).build();
        InstanceStatusDetails.Builder d = InstanceStatusDetails.builder()
                .name(StatusName.REACHABILITY)
                .status(StatusType.fromValue(reachability(s)));
        if (s == SummaryStatus.IMPAIRED) d.impairedSince(since);
        return InstanceStatusSummary.builder().status(s).details(d.build()).build();
    }
}
