package dev.fleetops.sim.scenario;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.time.VirtualScheduler;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Runs virtual time until the region is at rest: every Auto Scaling group has exactly its desired number of
 * instances InService and Healthy, and every registered target of every target group in use by a load balancer
 * is healthy. Observed only
 * through the SDK describe calls, as a user would, polling every {@link #POLL} of virtual time.
 */
final class Settler {

    static final Duration POLL = Duration.ofSeconds(5);
    private static final Duration CALL_WAIT = Duration.ofMinutes(1);

    private final Cloud cloud;
    private final VirtualScheduler scheduler;
    private final String which;

    Settler(SimRegion region) {
        this.cloud = region.cloud();
        this.scheduler = region.scheduler();
        this.which = region.regions().size() == 1 ? "the region"
                : "Region " + region.context().region() + " of account " + region.context().accountId();
    }

    /** @throws Scenarios.NotSettled naming every group and target group still short of rest when maxWait has passed */
    void settle(Duration maxWait) {
        long deadline = scheduler.elapsedNanos() + maxWait.toNanos();
        while (true) {
            List<String> unsettled = unsettled();
            if (unsettled.isEmpty()) return;
            if (scheduler.elapsedNanos() >= deadline) {
                throw new Scenarios.NotSettled(which + " did not settle within " + ScenarioFields.show(maxWait)
                        + " of virtual time: " + String.join("; ", unsettled));
            }
            scheduler.runFor(POLL);
        }
    }

    /** What is not at rest yet, in words; empty when settled. */
    List<String> unsettled() {
        List<String> out = new ArrayList<>();
        for (AutoScalingGroup g : groups()) {
            long ready = g.instances().stream()
                    .filter(i -> i.lifecycleStateAsString().equals("InService") && "Healthy".equals(i.healthStatus()))
                    .count();
            if (ready != g.desiredCapacity() || g.instances().size() != g.desiredCapacity()) {
                out.add("group " + g.autoScalingGroupName() + ": " + ready + " of " + g.desiredCapacity()
                        + " instances InService and Healthy (" + g.instances().size() + " in the group)");
            }
        }
        for (TargetGroup tg : targetGroups()) {
            List<TargetHealthDescription> targets = await(cloud.elbv2().describeTargetHealth(r -> r
                    .targetGroupArn(tg.targetGroupArn()))).targetHealthDescriptions();
            List<String> notHealthy = targets.stream()
                    .filter(t -> !atRest(t))
                    .map(t -> t.target().id() + " " + t.targetHealth().stateAsString()
                            + (t.targetHealth().reason() != null ? " (" + t.targetHealth().reasonAsString() + ")" : ""))
                    .toList();
            if (!notHealthy.isEmpty()) {
                out.add("target group " + tg.targetGroupName() + ": " + String.join(", ", notHealthy));
            }
        }
        return out;
    }

    /**
     * Healthy, or unused because no load balancer uses the target group (AWS's Target.NotInUse): such a target
     * is never health-checked, so it would never turn healthy.
     */
    private static boolean atRest(TargetHealthDescription t) {
        return t.targetHealth().state() == TargetHealthStateEnum.HEALTHY
                || (t.targetHealth().state() == TargetHealthStateEnum.UNUSED
                        && "Target.NotInUse".equals(t.targetHealth().reasonAsString()));
    }

    private List<AutoScalingGroup> groups() {
        List<AutoScalingGroup> all = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeAutoScalingGroupsResponse page = await(cloud.autoScaling().describeAutoScalingGroups(r -> r
                    .maxRecords(100).nextToken(next)));
            all.addAll(page.autoScalingGroups());
            token = page.nextToken();
        } while (token != null);
        return all;
    }

    private List<TargetGroup> targetGroups() {
        List<TargetGroup> all = new ArrayList<>();
        String marker = null;
        do {
            String next = marker;
            DescribeTargetGroupsResponse page = await(cloud.elbv2().describeTargetGroups(r -> r
                    .pageSize(400).marker(next)));
            all.addAll(page.targetGroups());
            marker = page.nextMarker();
        } while (marker != null);
        return all;
    }

    private <T> T await(CompletionStage<T> call) {
        return scheduler.await(call, CALL_WAIT);
    }
}
