package dev.fleetops.waiters.firstready;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.waiters.ApiCalls;
import dev.fleetops.waiters.Backoff;
import dev.fleetops.waiters.EventTrigger;
import dev.fleetops.waiters.InstanceChecks;
import dev.fleetops.waiters.InstanceStatusWait;
import dev.fleetops.waiters.Outcome;
import dev.fleetops.waiters.Poll;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ssm.model.SendCommandResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Seed 000 done right (docs/first-ready.md): the first instance of an Auto Scaling group whose status checks
 * pass. DescribeAutoScalingGroups for the members, then one {@link InstanceStatusWait} over all of them (one
 * DescribeInstanceStatus per 100 ids per round, any-of, fail fast when none can pass any more); on success every
 * poll stops at once (the wait's own cancellation, not an SDK future's); then optionally one TerminateInstances
 * for the losers and the setup on the winner through SSM, followed to its end with the same poll loop.
 */
public final class FirstReady {

    public enum OnLosers { KEEP, TERMINATE }

    /**
     * @param setupTimeout how long to follow the setup command (AWS-RunShellScript's own default limit is 1 h)
     */
    public record Request(String group, Duration timeout, Set<InstanceChecks.Check> checks, Setup setup,
                          OnLosers onLosers, Backoff backoff, EventTrigger trigger, Duration setupTimeout) {
        public Request {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(timeout, "a wait needs a deadline");
            checks = checks.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(checks));
        }

        /** Both checks, no setup, losers kept, EC2 model delays (15 s to 120 s), no events. */
        public static Request of(String group, Duration timeout) {
            return new Request(group, timeout, EnumSet.allOf(InstanceChecks.Check.class), null, OnLosers.KEEP,
                    Backoff.smithy(Duration.ofSeconds(15), Duration.ofSeconds(120)), EventTrigger.none(),
                    Duration.ofHours(1));
        }

        public Request withChecks(Set<InstanceChecks.Check> c) {
            return new Request(group, timeout, c, setup, onLosers, backoff, trigger, setupTimeout);
        }

        public Request withSetup(Setup s) {
            return new Request(group, timeout, checks, s, onLosers, backoff, trigger, setupTimeout);
        }

        public Request withOnLosers(OnLosers o) {
            return new Request(group, timeout, checks, setup, o, backoff, trigger, setupTimeout);
        }

        public Request withBackoff(Backoff b) {
            return new Request(group, timeout, checks, setup, onLosers, b, trigger, setupTimeout);
        }

        public Request withTrigger(EventTrigger t) {
            return new Request(group, timeout, checks, setup, onLosers, backoff, t, setupTimeout);
        }
    }

    /** The group does not exist: a mistake in the request, not an outcome. */
    public static final class NoSuchGroup extends IllegalArgumentException {
        NoSuchGroup(String group) {
            super("no Auto Scaling group named '" + group + "'");
        }
    }

    private final Cloud cloud;
    private final RandomGenerator random;
    private final Request request;
    private final Consumer<String> progress;
    private final ApiCalls calls = new ApiCalls();
    private final Instant start;
    private final CompletableFuture<FirstReadyResult> result = new CompletableFuture<>();
    private volatile InstanceStatusWait wait;
    private volatile Poll<JsonNode> commandPoll;
    private volatile boolean cancelled;

    private FirstReady(Cloud cloud, RandomGenerator random, Request request, Consumer<String> progress) {
        this.cloud = cloud;
        this.random = random;
        this.request = request;
        this.progress = progress;
        this.start = cloud.scheduler().now();
    }

    /** Starts; the result completes exceptionally only with {@link NoSuchGroup} or an API error on the group. */
    public static FirstReady start(Cloud cloud, RandomGenerator random, Request request, Consumer<String> progress) {
        FirstReady f = new FirstReady(cloud, random, request, progress);
        f.describeGroup();
        return f;
    }

    public CompletableFuture<FirstReadyResult> result() {
        return result;
    }

    /** The API calls made so far, by operation. */
    public ApiCalls calls() {
        return calls;
    }

    /** Stops everything at once: no API call is made after this. */
    public void cancel() {
        cancelled = true;
        if (wait != null) wait.cancel();
        if (commandPoll != null) commandPoll.cancel();
    }

    private void describeGroup() {
        calls.count("autoscaling:DescribeAutoScalingGroups");
        cloud.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(request.group()))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e instanceof CompletionException c ? c.getCause() : e);
                        return;
                    }
                    if (r.autoScalingGroups().isEmpty()) {
                        result.completeExceptionally(new NoSuchGroup(request.group()));
                        return;
                    }
                    watch(r.autoScalingGroups().get(0));
                });
    }

    private void watch(AutoScalingGroup group) {
        List<String> ids = group.instances().stream().map(Instance::instanceId).toList();
        if (cancelled) {
            finish(FirstReadyResult.Status.CANCELLED, "cancelled", null, null, Map.of(), List.of(), null);
            return;
        }
        if (ids.isEmpty()) {
            finish(FirstReadyResult.Status.NONE_READY, "group " + request.group() + " has no instances", null, null,
                    Map.of(), List.of(), null);
            return;
        }
        progress.accept("watching " + ids.size() + " instances of " + request.group() + " ("
                + InstanceStatusWait.chunks(ids.size()) + " DescribeInstanceStatus call(s) per round, checks: "
                + checksLabel() + ")");
        InstanceStatusWait.Settings settings = InstanceStatusWait.Settings.firstReady(request.checks(), request.timeout())
                .withBackoff(request.backoff()).withTrigger(request.trigger());
        wait = InstanceStatusWait.start(cloud.ec2(), cloud.scheduler(), random, ids, settings, calls)
                .onProgress(progress);
        wait.outcome().whenComplete((o, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
                return;
            }
            judged(o);
        });
    }

    private void judged(Outcome<InstanceStatusWait.Result> o) {
        Map<String, InstanceStatusWait.Status> statuses = Map.copyOf(wait.statuses());
        if (o instanceof Outcome.Succeeded<InstanceStatusWait.Result> s) {
            String winner = s.value().ready().get(0);
            Instant knownAt = cloud.scheduler().now();
            progress.accept("ready: " + winner + " after " + o.elapsed().toSeconds() + " s (" + o.polls()
                    + " rounds); polling stopped");
            List<String> losers = new ArrayList<>();
            for (InstanceStatusWait.Status st : wait.statuses().values()) {
                if (!st.instanceId().equals(winner) && !st.state().equals("terminated")
                        && !st.state().equals("shutting-down")) {
                    losers.add(st.instanceId());
                }
            }
            terminateLosers(losers).whenComplete((terminated, e) -> {
                if (e != null) {
                    finish(FirstReadyResult.Status.SETUP_FAILED, winner + " is ready, but terminating the losers "
                            + "failed: " + describe(e), winner, knownAt, statuses, List.of(), null);
                    return;
                }
                runSetup(winner, knownAt, statuses, terminated);
            });
        } else if (o instanceof Outcome.Failed<InstanceStatusWait.Result> f) {
            finish(FirstReadyResult.Status.NONE_READY, "no instance became ready: " + f.message(), null, null,
                    statuses, List.of(), null);
        } else if (o instanceof Outcome.TimedOut<InstanceStatusWait.Result> t) {
            finish(FirstReadyResult.Status.NONE_READY, "no instance became ready within "
                    + request.timeout().toSeconds() + " s; last seen: " + t.lastSeen(), null, null, statuses,
                    List.of(), null);
        } else {
            finish(FirstReadyResult.Status.CANCELLED, "cancelled", null, null, statuses, List.of(), null);
        }
    }

    private CompletableFuture<List<String>> terminateLosers(List<String> losers) {
        if (request.onLosers() != OnLosers.TERMINATE || losers.isEmpty() || cancelled) {
            return CompletableFuture.completedFuture(List.of());
        }
        progress.accept("terminating " + losers.size() + " other instance(s) in one TerminateInstances call");
        calls.count("ec2:TerminateInstances");
        return cloud.ec2().terminateInstances(r -> r.instanceIds(losers)).thenApply(r -> List.copyOf(losers));
    }

    private void runSetup(String winner, Instant knownAt, Map<String, InstanceStatusWait.Status> statuses,
                          List<String> terminated) {
        Setup setup = request.setup();
        if (setup == null || cancelled) {
            finish(cancelled ? FirstReadyResult.Status.CANCELLED : FirstReadyResult.Status.READY,
                    winner + " is ready", winner, knownAt, statuses, terminated, null);
            return;
        }
        progress.accept("running " + setup.documentName() + " on " + winner + " through SSM");
        calls.count("ssm:SendCommand");
        cloud.ssm().sendCommand(r -> r.instanceIds(winner).documentName(setup.documentName())
                        .parameters(setup.parameters()).comment("fleetops wait first-ready"))
                .whenComplete((sent, e) -> {
                    if (e != null) {
                        finish(FirstReadyResult.Status.SETUP_FAILED, winner + " is ready, but SendCommand failed: "
                                + describe(e), winner, knownAt, statuses, terminated, null);
                        return;
                    }
                    follow(sent, winner, knownAt, statuses, terminated);
                });
    }

    private void follow(SendCommandResponse sent, String winner, Instant knownAt,
                        Map<String, InstanceStatusWait.Status> statuses, List<String> terminated) {
        String commandId = sent.command().commandId();
        commandPoll = CommandFinished.of(cloud.ssm(), commandId, winner, Backoff.runbookDefault(), calls)
                .start(cloud.scheduler(), random, request.setupTimeout());
        if (cancelled) commandPoll.cancel();
        commandPoll.outcome().whenComplete((o, e) -> {
            FirstReadyResult.CommandResult cr;
            if (o instanceof Outcome.Succeeded<JsonNode> s) {
                JsonNode inv = s.value();
                cr = new FirstReadyResult.CommandResult(commandId, sent.command().documentName(), winner,
                        inv.path("Status").asText(), inv.path("StatusDetails").asText(),
                        inv.path("ResponseCode").asInt(-1), inv.path("StandardOutputContent").asText(""),
                        inv.path("StandardErrorContent").asText(""));
            } else {
                String why = o instanceof Outcome.Failed<JsonNode> f ? f.message()
                        : o instanceof Outcome.TimedOut<JsonNode> t ? "not finished within "
                        + request.setupTimeout().toSeconds() + " s (" + t.lastSeen() + ")" : "cancelled";
                cr = new FirstReadyResult.CommandResult(commandId, sent.command().documentName(), winner,
                        "NotFinished", why, -1, "", "");
            }
            boolean ok = cr.succeeded();
            FirstReadyResult.Status st = o instanceof Outcome.Cancelled<JsonNode> ? FirstReadyResult.Status.CANCELLED
                    : ok ? FirstReadyResult.Status.READY : FirstReadyResult.Status.SETUP_FAILED;
            String message = ok ? winner + " is ready and its setup succeeded"
                    : winner + " is ready, but its setup ended " + cr.status()
                    + (cr.exitCode() >= 0 ? " (exit code " + cr.exitCode() + ")" : "")
                    + (cr.statusDetails().isEmpty() || cr.statusDetails().equals(cr.status()) ? "" : ": " + cr.statusDetails());
            progress.accept("setup on " + winner + ": " + cr.status());
            finish(st, message, winner, knownAt, statuses, terminated, cr);
        });
    }

    private void finish(FirstReadyResult.Status status, String message, String winner, Instant knownAt,
                        Map<String, InstanceStatusWait.Status> statuses, List<String> terminated,
                        FirstReadyResult.CommandResult command) {
        Map<String, InstanceStatusWait.Status> ordered = wait != null ? new java.util.LinkedHashMap<>(wait.statuses())
                : new java.util.LinkedHashMap<>(statuses);
        result.complete(new FirstReadyResult(status, message, request.group(), winner, knownAt,
                java.util.Collections.unmodifiableMap(ordered), terminated, calls.sorted(),
                wait == null ? 0 : wait.rounds(), wait == null ? 0 : wait.throttled(),
                Duration.between(start, cloud.scheduler().now()), command));
    }

    private String checksLabel() {
        if (request.checks().isEmpty()) return "none (running is enough)";
        return String.join(",", request.checks().stream().sorted().map(InstanceChecks.Check::label).toList());
    }

    private static String describe(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (c instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a && a.awsErrorDetails() != null) {
            return a.awsErrorDetails().errorCode() + ": " + a.awsErrorDetails().errorMessage();
        }
        return String.valueOf(c.getMessage());
    }
}
