package dev.fleetops.runbook.onsim;

import dev.fleetops.sim.SimRegion;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.time.Duration;
import java.util.List;

/** What an operator checks after a crash: a target group's members and their health, as DescribeTargetHealth says. */
public final class TargetGroupView {

    private TargetGroupView() { }

    public static List<TargetHealthDescription> targets(SimRegion region, String targetGroupArn) {
        return region.scheduler().await(region.cloud().elbv2().describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)),
                Duration.ofMinutes(1)).targetHealthDescriptions();
    }

    /** UNUSED when the instance is not registered (out of rotation). */
    public static TargetHealthStateEnum health(SimRegion region, String targetGroupArn, String instance) {
        return targets(region, targetGroupArn).stream().filter(t -> t.target().id().equals(instance)).findFirst()
                .map(t -> t.targetHealth().state()).orElse(TargetHealthStateEnum.UNUSED);
    }
}
