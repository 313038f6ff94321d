package dev.fleetops.handlers;

import dev.fleetops.waiters.Backoff;
import dev.fleetops.waiters.Outcome;
import dev.fleetops.waiters.Poll;
import dev.fleetops.waiters.Verdict;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The custom waiter seed 003 meant to write: polls DescribeAutoScalingGroups until the group has {@code target}
 * InService instances besides the interrupted one (seed 003's acceptor matched "InService != desired", so it
 * returned at once) and, when the group has target groups, until that many of them are also {@code healthy} in
 * every one of them: a newly registered target serves only after one passing health check (User Guide for
 * Application Load Balancers: "Health checks for Application Load Balancer target groups").
 * Bounded by the caller's deadline; built on {@link Poll}. Shared by the handlers that replace an instance before
 * it goes (spot-interruption, scheduled-change).
 */
public final class ReplacementWaiter {

    /** @param inService InService instances other than the interrupted one at the last poll */
    public record Result(boolean reached, int inService, String lastSeen) { }

    private final Api api;
    private final AutoScalingAsyncClient asg;
    private final String group;
    private final String interrupted;
    private int lastCount;

    private final ElasticLoadBalancingV2AsyncClient elbv2;
    private final List<String> targetGroups;

    public ReplacementWaiter(Api api, AutoScalingAsyncClient asg, ElasticLoadBalancingV2AsyncClient elbv2, String group,
                      List<String> targetGroups, String interrupted) {
        this.api = api;
        this.asg = asg;
        this.elbv2 = elbv2;
        this.targetGroups = targetGroups;
        this.group = group;
        this.interrupted = interrupted;
    }

    public CompletableFuture<Result> await(int target, Duration bound, Duration every) {
        Poll<Integer> poll = Poll.start(api.scheduler(), Backoff.fixed(every), new SplittableRandom(interrupted.hashCode()),
                bound, n -> api.<DescribeAutoScalingGroupsResponse>call("autoscaling", "DescribeAutoScalingGroups",
                                () -> asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(group)),
                                "AutoScalingGroupName", group)
                        .thenCompose(r -> judge(r, target)));
        return poll.outcome().thenApply(o -> {
            if (o instanceof Outcome.Succeeded<Integer> s) return new Result(true, s.value(), "reached");
            if (o instanceof Outcome.TimedOut<Integer> t) return new Result(false, lastCount, t.lastSeen());
            if (o instanceof Outcome.Failed<Integer> f) return new Result(false, lastCount, f.message());
            return new Result(false, lastCount, "cancelled");
        });
    }

    private CompletableFuture<Verdict<Integer>> judge(DescribeAutoScalingGroupsResponse r, int target) {
        if (r.autoScalingGroups().isEmpty()) return done(Verdict.failure("group " + group + " is gone"));
        Set<String> inService = new LinkedHashSet<>();
        for (Instance i : r.autoScalingGroups().get(0).instances()) {
            if (!i.instanceId().equals(interrupted) && "InService".equals(i.lifecycleStateAsString())) {
                inService.add(i.instanceId());
            }
        }
        lastCount = inService.size();
        if (inService.size() < target) return done(Verdict.retry(inService.size() + " of " + target + " other instances InService"));
        if (targetGroups.isEmpty()) return done(Verdict.success(inService.size()));
        List<CompletableFuture<Set<String>>> healthy = new ArrayList<>();
        for (String tg : targetGroups) healthy.add(healthyIn(tg));
        return CompletableFuture.allOf(healthy.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Set<String> serving = new LinkedHashSet<>(inService);
            for (CompletableFuture<Set<String>> h : healthy) serving.retainAll(h.join());
            return serving.size() >= target ? Verdict.success(serving.size())
                    : Verdict.retry(inService.size() + " other instances InService, " + serving.size() + " of " + target
                    + " healthy in every target group");
        });
    }

    private CompletableFuture<Set<String>> healthyIn(String tg) {
        return api.<DescribeTargetHealthResponse>call("elbv2", "DescribeTargetHealth",
                () -> elbv2.describeTargetHealth(b -> b.targetGroupArn(tg)), "TargetGroupArn", tg).thenApply(h -> {
                    Set<String> out = new LinkedHashSet<>();
                    for (TargetHealthDescription d : h.targetHealthDescriptions()) {
                        if (d.targetHealth() != null && "healthy".equals(d.targetHealth().stateAsString())) {
                            out.add(d.target().id());
                        }
                    }
                    return out;
                });
    }

    private static CompletableFuture<Verdict<Integer>> done(Verdict<Integer> v) {
        return CompletableFuture.completedFuture(v);
    }
}
