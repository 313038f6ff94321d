package dev.fleetops.handlers;

import dev.fleetops.time.Scheduler;
import dev.fleetops.waiters.Backoff;
import dev.fleetops.waiters.Outcome;
import dev.fleetops.waiters.Poll;
import dev.fleetops.waiters.Verdict;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Follows one instance's draining to {@code unused} (or absent) in each of several target groups, through
 * DescribeTargetHealth polls ({@link Poll}). A draining target shows {@code draining} for the whole deregistration
 * delay even when it has no requests left (User Guide for Application Load Balancers: "Deregistration delay"), so
 * this waits rather than assuming.
 */
public final class TargetDrain {

    /** Draining lasts tens of seconds to minutes: poll every 2 s at first, then up to every 10 s. */
    static final Backoff BACKOFF = Backoff.growing(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(10), 0.1);

    /** How one target group's drain ended: {@code drainedAt} set when unused/absent was seen. */
    public record Result(String targetGroupArn, Optional<Instant> drainedAt, String lastSeen) {
        public boolean drained() {
            return drainedAt.isPresent();
        }
    }

    private final Api api;
    private final ElasticLoadBalancingV2AsyncClient elbv2;
    private final Scheduler scheduler;

    public TargetDrain(Api api, ElasticLoadBalancingV2AsyncClient elbv2) {
        this.api = api;
        this.elbv2 = elbv2;
        this.scheduler = api.scheduler();
    }

    /** Waits, in every group at once, until the instance is unused/absent or {@code timeout} passes. */
    public CompletableFuture<List<Result>> await(String instanceId, List<String> targetGroupArns, Duration timeout) {
        List<CompletableFuture<Result>> each = new ArrayList<>();
        for (String tg : targetGroupArns) each.add(awaitOne(instanceId, tg, timeout));
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<Result> awaitOne(String instanceId, String tg, Duration timeout) {
        Poll<Instant> poll = Poll.start(scheduler, BACKOFF, new SplittableRandom(instanceId.hashCode() ^ tg.hashCode()),
                timeout, n -> api.<DescribeTargetHealthResponse>call("elbv2", "DescribeTargetHealth",
                                () -> elbv2.describeTargetHealth(b -> b.targetGroupArn(tg).targets(t -> t.id(instanceId))),
                                "TargetGroupArn", tg, "Target", instanceId)
                        .handle((r, e) -> judge(r, e)));
        return poll.outcome().thenApply(o -> {
            if (o instanceof Outcome.Succeeded<Instant> s) return new Result(tg, Optional.of(s.value()), "unused");
            if (o instanceof Outcome.TimedOut<Instant> t) return new Result(tg, Optional.empty(), t.lastSeen());
            if (o instanceof Outcome.Failed<Instant> f) return new Result(tg, Optional.empty(), f.message());
            return new Result(tg, Optional.empty(), "cancelled");
        });
    }

    private Verdict<Instant> judge(DescribeTargetHealthResponse r, Throwable e) {
        if (e != null) {
            // InvalidTarget: the instance is gone or no longer a target (the AWS TargetDeregistered waiter's success).
            if (AwsErrors.is(e, "InvalidTarget")) return Verdict.success(scheduler.now());
            if (AwsErrors.is(e, "TargetGroupNotFound")) return Verdict.success(scheduler.now());
            if (AwsErrors.unwrap(e) instanceof RuntimeException re) throw re; // Poll judges throttling and failures
            return Verdict.failure(AwsErrors.message(e));
        }
        for (TargetHealthDescription d : r.targetHealthDescriptions()) {
            String state = d.targetHealth() == null ? "" : d.targetHealth().stateAsString();
            if (!"unused".equals(state)) return Verdict.retry("target " + state);
        }
        return Verdict.success(scheduler.now());
    }
}
