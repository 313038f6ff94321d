package dev.fleetops.sim.api;

import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.time.VirtualScheduler;

import dev.fleetops.retry.CallRetries;
import dev.fleetops.retry.RetryPolicy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.route53.Route53AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Every simulated API call passes here: it is counted, may be throttled (EC2 token buckets, when the scenario
 * turns them on), may get an injected error, and answers after the injected latency (zero by default). The
 * operation itself runs when the answer is due, on the virtual-time thread, so callbacks never run inside the
 * caller's stack.
 *
 * <p>Failed attempts are retried here as the SDK's clients retry on AWS (the simulated clients have no retry
 * stage of their own): {@link CallRetries} under the gate's {@link RetryPolicy}, on virtual time. Each attempt is
 * counted and faulted like any call. Retrying at this boundary rather than through a proxy of each client
 * interface avoids generating proxy classes (seconds of CPU for EC2; docs/retries.md).
 */
public final class ApiGate {

    /** The client interface of each service key of {@link FaultPlan}: whose model says what is safe to retry. */
    private static final Map<String, Class<? extends SdkClient>> CLIENTS = Map.of("ec2", Ec2AsyncClient.class,
            "autoscaling", AutoScalingAsyncClient.class, "elbv2", ElasticLoadBalancingV2AsyncClient.class,
            "ssm", SsmAsyncClient.class, "sqs", SqsAsyncClient.class, "events", EventBridgeAsyncClient.class,
            "route53", Route53AsyncClient.class);

    private final VirtualScheduler scheduler;
    private final FaultPlan faults;
    private final SplittableRandom random;
    private final Map<String, Long> calls = new TreeMap<>();
    private final Map<String, Long> rejected = new TreeMap<>();
    private final Ec2Throttling throttling;
    private final SplittableRandom retryRandom;
    private volatile CallRetries retries;
    private int backstage;
    private List<FaultPlan.ApiFault> switched = List.of(); // the admin API's, beside the scenario's (sim serve)

    /**
     * @param random      the stream injected errors are drawn from (the region's fault stream)
     * @param retryRandom the stream the waits between retries are drawn from
     */
    public ApiGate(VirtualScheduler scheduler, FaultPlan faults, SplittableRandom random, SplittableRandom retryRandom) {
        this.scheduler = scheduler;
        this.faults = faults;
        this.random = random;
        this.retryRandom = retryRandom;
        this.throttling = faults.throttling() ? new Ec2Throttling(scheduler) : null;
        this.retries = new CallRetries(RetryPolicy.standard(), scheduler, retryRandom);
    }

    /** Retries calls per {@code policy} from now on (the SDK's standard mode until then). */
    public void retryWith(RetryPolicy policy) {
        this.retries = new CallRetries(policy, scheduler, retryRandom);
    }

    public RetryPolicy retryPolicy() {
        return retries.policy();
    }

    /** A call that charges no resource tokens. */
    public <T> CompletableFuture<T> call(String service, String operation, Supplier<T> action) {
        return call(service, operation, 0, action);
    }

    /**
     * @param resources number of instances the call acts on, for EC2's resource token buckets
     *                  (RunInstances, StartInstances, StopInstances, TerminateInstances)
     */
    public <T> CompletableFuture<T> call(String service, String operation, int resources, Supplier<T> action) {
        return call(service, operation, resources, false, action);
    }

    /**
     * @param narrowed the call carries filters or MaxResults: EC2 charges DescribeInstances/DescribeInstanceStatus
     *                 to its larger non-mutating bucket then ({@link Ec2Throttling})
     */
    public <T> CompletableFuture<T> call(String service, String operation, int resources, boolean narrowed,
                                         Supplier<T> action) {
        if (backstage > 0) return backstageCall(action);
        Class<? extends SdkClient> client = CLIENTS.get(service);
        if (client == null) return attempt(service, operation, resources, narrowed, action);
        return retries.call(client, operation, null, service + " " + operation,
                () -> attempt(service, operation, resources, narrowed, action));
    }

    private <T> CompletableFuture<T> attempt(String service, String operation, int resources, boolean narrowed,
                                             Supplier<T> action) {
        String key = service + ":" + operation;
        calls.merge(key, 1L, Long::sum);
        CompletableFuture<T> answer = new CompletableFuture<>();
        Duration latency = Duration.ZERO;
        RuntimeException error = null;
        long elapsed = scheduler.elapsedNanos();
        for (FaultPlan.ApiFault f : switched.isEmpty() ? faults.apiFaults() : concat(faults.apiFaults(), switched)) {
            if (!f.service().equals(service)) continue;
            if (!f.operation().equals("*") && !f.operation().equals(operation)) continue;
            if (elapsed < f.from().toNanos()) continue;
            if (f.until().isPresent() && elapsed >= f.until().get().toNanos()) continue;
            latency = latency.plus(f.latency());
            if (error == null && f.errorCode().isPresent() && random.nextDouble() < f.rate()) {
                error = SimErrors.forService(service, f.errorCode().get(),
                        "Injected fault on " + operation + " (scenario)");
            }
        }
        if (error == null && throttling != null && service.equals("ec2") && !throttling.tryAcquire(operation, resources, narrowed)) {
            error = SimErrors.ec2("RequestLimitExceeded", "Request limit exceeded.");
        }
        if (error != null) rejected.merge(key, 1L, Long::sum);
        RuntimeException failure = error;
        scheduler.schedule(latency, () -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
                return;
            }
            try {
                answer.complete(action.get());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /**
     * Replaces the faults switched on while the region runs (the {@code sim serve} admin API's) with {@code now}; the
     * scenario's own stay. Errors are drawn from the same fault stream, so the same calls get the same errors for a
     * seed. Call on the thread that owns the region.
     */
    public void switchFaults(List<FaultPlan.ApiFault> now) {
        this.switched = List.copyOf(now);
    }

    public List<FaultPlan.ApiFault> switchedFaults() {
        return switched;
    }

    private static List<FaultPlan.ApiFault> concat(List<FaultPlan.ApiFault> a, List<FaultPlan.ApiFault> b) {
        List<FaultPlan.ApiFault> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Calls made so far, by {@code service:Operation}, including rejected ones. */
    public Map<String, Long> calls() {
        return Map.copyOf(calls);
    }

    public long calls(String service, String operation) {
        return calls.getOrDefault(service + ":" + operation, 0L);
    }

    /** Calls answered with an injected or throttling error, by {@code service:Operation}. */
    public Map<String, Long> rejected() {
        return Map.copyOf(rejected);
    }

    public long totalCalls() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Runs {@code setup} with every call it makes neither counted, faulted, delayed nor throttled: a scenario's
     * own set-up and settling, which are not part of the workload the faults and counts are about.
     */
    public <T> T backstage(Supplier<T> setup) {
        backstage++;
        try {
            return setup.get();
        } finally {
            backstage--;
        }
    }

    private <T> CompletableFuture<T> backstageCall(Supplier<T> action) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        scheduler.schedule(Duration.ZERO, () -> {
            try {
                answer.complete(action.get());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }
}
