package dev.fleetops.handlers.spot;

import dev.fleetops.handlers.Api;
import dev.fleetops.waiters.Backoff;
import dev.fleetops.waiters.Outcome;
import dev.fleetops.waiters.Poll;
import dev.fleetops.waiters.Verdict;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.Instance;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The custom waiter seed 003 meant to write: polls DescribeAutoScalingGroups until the group has {@code target}
 * InService instances besides the interrupted one. (Seed 003's acceptor matched "InService != desired", so it
 * returned at once.) Bounded by the caller's deadline; built on {@link Poll}.
 */
final class ReplacementWaiter {

    /** @param inService InService instances other than the interrupted one at the last poll */
    record Result(boolean reached, int inService, String lastSeen) { }

    private final Api api;
    private final AutoScalingAsyncClient asg;
    private final String group;
    private final String interrupted;
    private int lastCount;

    ReplacementWaiter(Api api, AutoScalingAsyncClient asg, String group, String interrupted) {
        this.api = api;
        this.asg = asg;
        this.group = group;
        this.interrupted = interrupted;
    }

    CompletableFuture<Result> await(int target, Duration bound, Duration every) {
        Poll<Integer> poll = Poll.start(api.scheduler(), Backoff.fixed(every), new SplittableRandom(interrupted.hashCode()),
                bound, n -> api.<DescribeAutoScalingGroupsResponse>call("autoscaling", "DescribeAutoScalingGroups",
                                () -> asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(group)),
                                "AutoScalingGroupName", group)
                        .thenApply(r -> judge(r, target)));
        return poll.outcome().thenApply(o -> {
            if (o instanceof Outcome.Succeeded<Integer> s) return new Result(true, s.value(), "reached");
            if (o instanceof Outcome.TimedOut<Integer> t) return new Result(false, lastCount, t.lastSeen());
            if (o instanceof Outcome.Failed<Integer> f) return new Result(false, lastCount, f.message());
            return new Result(false, lastCount, "cancelled");
        });
    }

    private Verdict<Integer> judge(DescribeAutoScalingGroupsResponse r, int target) {
        if (r.autoScalingGroups().isEmpty()) return Verdict.failure("group " + group + " is gone");
        int inService = 0;
        for (Instance i : r.autoScalingGroups().get(0).instances()) {
            if (!i.instanceId().equals(interrupted) && "InService".equals(i.lifecycleStateAsString())) inService++;
        }
        lastCount = inService;
        return inService >= target ? Verdict.success(inService)
                : Verdict.retry(inService + " of " + target + " other instances InService");
    }
}
