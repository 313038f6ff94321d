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
import dev.fleetops.waiters.ReadyPacing;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import dev.fleetops.journal.ExecutionKind;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.OpenExecution;
import dev.fleetops.json.Json;
import dev.fleetops.retry.AwsError;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
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
     * @param pacing       how rounds are paced ({@link ReadyPacing#defaults()}: every 15 s, at most 1 call/s; {@link
     *                     ReadyPacing#fastWhileLikely()} polls faster near the winner); null: every round polls every
     *                     instance after the {@code backoff} delay
     */
    public record Request(String group, Duration timeout, Set<InstanceChecks.Check> checks, Setup setup,
                          OnLosers onLosers, Backoff backoff, EventTrigger trigger, Duration setupTimeout,
                          ReadyPacing pacing) {
        public Request {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(timeout, "a wait needs a deadline");
            checks = checks.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(checks));
        }

        /** Both checks, no setup, losers kept, default pacing (EC2 model delays, 15 s to 120 s, fast 1 s when likely), no events. */
        public static Request of(String group, Duration timeout) {
            return new Request(group, timeout, EnumSet.allOf(InstanceChecks.Check.class), null, OnLosers.KEEP,
                    Backoff.smithy(Duration.ofSeconds(15), Duration.ofSeconds(120)), EventTrigger.none(),
                    Duration.ofHours(1), ReadyPacing.defaults());
        }

        public Request withChecks(Set<InstanceChecks.Check> c) {
            return new Request(group, timeout, c, setup, onLosers, backoff, trigger, setupTimeout, pacing);
        }

        public Request withSetup(Setup s) {
            return new Request(group, timeout, checks, s, onLosers, backoff, trigger, setupTimeout, pacing);
        }

        public Request withOnLosers(OnLosers o) {
            return new Request(group, timeout, checks, setup, o, backoff, trigger, setupTimeout, pacing);
        }

        public Request withBackoff(Backoff b) {
            return new Request(group, timeout, checks, setup, onLosers, b, trigger, setupTimeout, null); // plain polling
        }

        public Request withTrigger(EventTrigger t) {
            return new Request(group, timeout, checks, setup, onLosers, backoff, t, setupTimeout, pacing);
        }

        public Request withSetupTimeout(Duration d) {
            return new Request(group, timeout, checks, setup, onLosers, backoff, trigger, d, pacing);
        }

        public Request withPacing(ReadyPacing p) {
            return new Request(group, timeout, checks, setup, onLosers, backoff, trigger, setupTimeout, p);
        }
    }

    /**
     * Where a wait is journaled (docs/first-ready.md, "Journaled"): the store, this process's lease owner id, and
     * which owner ids name dead processes (their waits are taken over at once).
     */
    public record Journaling(Journal store, String owner, Predicate<String> gone) { }

    /** What became of one open wait {@link #recoverAll} found: its result, or why it was left. */
    public record Recovered(String executionId, String group, Optional<FirstReadyResult> result, Optional<String> skipped) { }

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
    private final Journaling journaling;
    private volatile FirstReadyJournal journal;

    private FirstReady(Cloud cloud, RandomGenerator random, Request request, Consumer<String> progress, Journaling journaling) {
        this.journaling = journaling;
        this.cloud = cloud;
        this.random = random;
        this.request = request;
        this.progress = progress;
        this.start = cloud.scheduler().now();
    }

    /** Starts; the result completes exceptionally only with {@link NoSuchGroup} or an API error on the group. */
    public static FirstReady start(Cloud cloud, RandomGenerator random, Request request, Consumer<String> progress) {
        FirstReady f = new FirstReady(cloud, random, request, progress, null);
        f.describeGroup();
        return f;
    }

    /** As {@link #start}, journaled: its started entry is durable before the group is read. */
    public static FirstReady start(Cloud cloud, RandomGenerator random, Request request, Consumer<String> progress,
                                   Journaling journaling) {
        FirstReady f = new FirstReady(cloud, random, request, progress, journaling);
        FirstReadyJournal.begin(journaling, request, cloud.scheduler()).whenComplete((j, e) -> {
            if (e != null) {
                f.result.completeExceptionally(e);
                return;
            }
            f.journal = j;
            f.describeGroup();
        });
        return f;
    }

    /**
     * Takes up every first-ready wait the journal holds open and no live owner runs: a recorded winner is not
     * chosen again (the losers are handled again, idempotently, unless that is recorded as done, and the setup's
     * recorded command is followed rather than sent again); a wait that had no winner yet waits again from the
     * start. {@code adapt} adds to the request what the journal does not keep (the trigger of this cloud).
     */
    public static CompletionStage<List<Recovered>> recoverAll(Cloud cloud, RandomGenerator random, Journaling journaling,
                                                              Consumer<String> progress, UnaryOperator<Request> adapt) {
        // on virtual time the list is awaited first, so the clock cannot run past the moment the work is queued
        CompletionStage<List<OpenExecution>> listed = journaling.store().open();
        if (cloud.scheduler().isVirtual()) listed = CompletableFuture.completedFuture(listed.toCompletableFuture().join());
        return listed.thenComposeAsync(open -> {
            List<CompletableFuture<Recovered>> all = new ArrayList<>();
            for (OpenExecution o : open) {
                if (o.started().kind() != ExecutionKind.FIRST_READY || o.started().parentId().isPresent()) continue;
                all.add(FirstReadyJournal.resume(journaling, o.executionId(), cloud.scheduler()).thenCompose(j -> {
                    if (j.isEmpty()) {
                        return CompletableFuture.completedFuture(new Recovered(o.executionId(), o.started().runs(),
                                Optional.empty(), Optional.of("leased by a live owner")));
                    }
                    Request request = adapt.apply(FirstReadyJournal.request(o.started()));
                    FirstReady f = new FirstReady(cloud, random, request, progress, journaling);
                    f.journal = j.get();
                    Optional<FirstReadyJournal.Winner> w = j.get().winner();
                    if (w.isPresent()) f.resumeWith(w.get());
                    else f.describeGroup();
                    return f.result().thenApply(r -> new Recovered(o.executionId(), request.group(), Optional.of(r), Optional.empty()));
                }).toCompletableFuture());
            }
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                    .thenApply(v -> all.stream().map(CompletableFuture::join).toList());
        }, cloud.scheduler().executor());
    }

    /** The journaled wait's execution id (empty when not journaled, or before its started entry is durable). */
    public Optional<String> executionId() {
        FirstReadyJournal j = journal;
        return j == null ? Optional.empty() : Optional.of(j.executionId());
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
        if (journal != null) progress.accept("journaled as execution " + journal.executionId());
        progress.accept("watching " + ids.size() + " instances of " + request.group() + " ("
                + InstanceStatusWait.chunks(ids.size()) + " DescribeInstanceStatus call(s) per round, checks: "
                + checksLabel() + ")");
        InstanceStatusWait.Settings settings = InstanceStatusWait.Settings.firstReady(request.checks(), request.timeout())
                .withBackoff(request.backoff()).withTrigger(request.trigger())
                // with no check asked for, running is enough: no check time to pace by, so plain rounds (and events)
                .withPacing(request.checks().isEmpty() ? null : request.pacing());
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
            CompletionStage<Void> recorded = journal == null ? CompletableFuture.completedFuture(null)
                    : journal.winnerChosen(new FirstReadyJournal.Winner(winner, knownAt, losers));
            recorded.whenComplete((v, e) -> {
                if (e != null) {
                    finish(FirstReadyResult.Status.SETUP_FAILED, winner + " is ready, but it could not be journaled ("
                            + describe(e) + "): nothing was done to any instance", winner, knownAt, statuses, List.of(), null);
                    return;
                }
                handleLosers(winner, knownAt, statuses, losers);
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

    /** A recovered wait: its winner as the journal recorded it. */
    private void resumeWith(FirstReadyJournal.Winner w) {
        progress.accept("resumed: " + w.instanceId() + " was ready at " + w.knownAt() + " (journaled), not chosen again");
        handleLosers(w.instanceId(), w.knownAt(), Map.of(), w.losers());
    }

    private void handleLosers(String winner, Instant knownAt, Map<String, InstanceStatusWait.Status> statuses,
                              List<String> losers) {
        terminateLosers(losers).whenComplete((terminated, e) -> {
            if (e != null) {
                finish(FirstReadyResult.Status.SETUP_FAILED, winner + " is ready, but terminating the losers "
                        + "failed: " + describe(e), winner, knownAt, statuses, List.of(), null);
                return;
            }
            runSetup(winner, knownAt, statuses, terminated);
        });
    }

    private CompletableFuture<List<String>> terminateLosers(List<String> losers) {
        if (request.onLosers() != OnLosers.TERMINATE || losers.isEmpty() || cancelled) {
            return CompletableFuture.completedFuture(List.of());
        }
        FirstReadyJournal j = journal;
        if (j != null && j.losersTerminated()) {
            progress.accept("the " + losers.size() + " other instance(s) were terminated before (journaled)");
            return CompletableFuture.completedFuture(List.copyOf(losers));
        }
        CompletionStage<Void> intent = j == null ? CompletableFuture.completedFuture(null) : j.aboutToTerminate(losers);
        return intent.toCompletableFuture().thenCompose(v -> {
            progress.accept("terminating " + losers.size() + " other instance(s) in one TerminateInstances call");
            calls.count("ec2:TerminateInstances");
            // TerminateInstances is idempotent by nature: a recovered wait that repeats it changes nothing
            return cloud.ec2().terminateInstances(r -> r.instanceIds(losers)).whenComplete((r, e) -> {
                if (j != null) j.terminated(e == null ? Optional.empty() : Optional.of(describe(e)));
            }).thenApply(r -> List.copyOf(losers));
        });
    }

    private void runSetup(String winner, Instant knownAt, Map<String, InstanceStatusWait.Status> statuses,
                          List<String> terminated) {
        Setup setup = request.setup();
        if (setup == null || cancelled) {
            finish(cancelled ? FirstReadyResult.Status.CANCELLED : FirstReadyResult.Status.READY,
                    winner + " is ready", winner, knownAt, statuses, terminated, null);
            return;
        }
        CompletionStage<FirstReadyJournal.SetupRun> child = journal == null ? CompletableFuture.completedFuture(null)
                : journal.setup(journaling, setup, winner, cloud.scheduler());
        child.whenComplete((sr, e) -> {
            if (e != null) {
                finish(FirstReadyResult.Status.SETUP_FAILED, winner + " is ready, but its setup could not be journaled: "
                        + describe(e), winner, knownAt, statuses, terminated, null);
                return;
            }
            Optional<String> sentBefore = sr == null ? Optional.empty() : sr.commandId();
            if (sentBefore.isPresent()) {
                progress.accept("following " + setup.documentName() + " command " + sentBefore.get()
                        + " on " + winner + " (sent before, journaled): not sent again");
                follow(sentBefore.get(), setup.documentName(), sr, winner, knownAt, statuses, terminated);
                return;
            }
            send(setup, sr, winner, knownAt, statuses, terminated, SentCommands.marker(random), 1);
        });
    }

    private void send(Setup setup, FirstReadyJournal.SetupRun sr, String winner, Instant knownAt,
                      Map<String, InstanceStatusWait.Status> statuses, List<String> terminated, String marker, int sends) {
        CompletionStage<Void> intent = sr == null || sends > 1 ? CompletableFuture.completedFuture(null)
                : sr.aboutToSend(Json.object().put("InstanceId", winner).put("DocumentName", setup.documentName()));
        Instant sentAt = cloud.scheduler().now();
        intent.toCompletableFuture().thenCompose(v -> {
            progress.accept("running " + setup.documentName() + " on " + winner + " through SSM");
            calls.count("ssm:SendCommand");
            return cloud.ssm().sendCommand(r -> r.instanceIds(winner).documentName(setup.documentName())
                    .parameters(setup.parameters()).comment(SentCommands.comment(marker)));
        }).whenComplete((sent, e) -> {
            if (e != null && AwsError.of(e).kind() == AwsError.Kind.UNKNOWN_OUTCOME && sends < SentCommands.MAX_SENDS) {
                // the command may have been sent: follow it if so, else send it again (the same marker)
                calls.count("ssm:ListCommands");
                SentCommands.find(cloud.ssm(), winner, marker, sentAt).whenComplete((found, le) -> {
                    if (le != null) {
                        finish(FirstReadyResult.Status.SETUP_FAILED, winner + " is ready, but SendCommand failed: "
                                + describe(e) + "; looking for the command failed: " + describe(le), winner, knownAt,
                                statuses, terminated, null, sr);
                    } else if (found.isPresent()) {
                        if (sr != null) sr.sent(found.get());
                        follow(found.get(), setup.documentName(), sr, winner, knownAt, statuses, terminated);
                    } else {
                        send(setup, sr, winner, knownAt, statuses, terminated, marker, sends + 1);
                    }
                });
                return;
            }
            if (e != null && AwsError.of(e).kind() == AwsError.Kind.THROTTLING && sends < SentCommands.MAX_SENDS) {
                // rejected before anything was sent (AwsError.Kind.THROTTLING): send again, a little later
                cloud.scheduler().schedule(Duration.ofSeconds(2L << sends),
                        () -> send(setup, sr, winner, knownAt, statuses, terminated, marker, sends + 1));
                return;
            }
            if (e != null) {
                finish(FirstReadyResult.Status.SETUP_FAILED, winner + " is ready, but SendCommand failed: "
                        + describe(e), winner, knownAt, statuses, terminated, null, sr);
                return;
            }
            if (sr != null) sr.sent(sent.command().commandId());
            follow(sent.command().commandId(), sent.command().documentName(), sr, winner, knownAt, statuses, terminated);
        });
    }

    private void follow(String commandId, String documentName, FirstReadyJournal.SetupRun sr, String winner, Instant knownAt,
                        Map<String, InstanceStatusWait.Status> statuses, List<String> terminated) {
        commandPoll = CommandFinished.of(cloud.ssm(), commandId, winner, Backoff.runbookDefault(), calls)
                .start(cloud.scheduler(), random, request.setupTimeout());
        if (cancelled) commandPoll.cancel();
        commandPoll.outcome().whenComplete((o, e) -> {
            FirstReadyResult.CommandResult cr;
            if (o instanceof Outcome.Succeeded<JsonNode> s) {
                JsonNode inv = s.value();
                cr = new FirstReadyResult.CommandResult(commandId, documentName, winner,
                        inv.path("Status").asText(), inv.path("StatusDetails").asText(),
                        inv.path("ResponseCode").asInt(-1), inv.path("StandardOutputContent").asText(""),
                        inv.path("StandardErrorContent").asText(""));
            } else {
                String why = o instanceof Outcome.Failed<JsonNode> f ? f.message()
                        : o instanceof Outcome.TimedOut<JsonNode> t ? "not finished within "
                        + request.setupTimeout().toSeconds() + " s (" + t.lastSeen() + ")" : "cancelled";
                cr = new FirstReadyResult.CommandResult(commandId, documentName, winner,
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
            finish(st, message, winner, knownAt, statuses, terminated, cr, sr);
        });
    }

    private void finish(FirstReadyResult.Status status, String message, String winner, Instant knownAt,
                        Map<String, InstanceStatusWait.Status> statuses, List<String> terminated,
                        FirstReadyResult.CommandResult command) {
        finish(status, message, winner, knownAt, statuses, terminated, command, null);
    }

    /** The result, once the setup's execution (if any) and then the wait's have ended in the journal. */
    private void finish(FirstReadyResult.Status status, String message, String winner, Instant knownAt,
                        Map<String, InstanceStatusWait.Status> statuses, List<String> terminated,
                        FirstReadyResult.CommandResult command, FirstReadyJournal.SetupRun sr) {
        Map<String, InstanceStatusWait.Status> ordered = wait != null ? new java.util.LinkedHashMap<>(wait.statuses())
                : new java.util.LinkedHashMap<>(statuses);
        FirstReadyResult r = new FirstReadyResult(status, message, request.group(), winner, knownAt,
                java.util.Collections.unmodifiableMap(ordered), terminated, calls.sorted(),
                wait == null ? 0 : wait.rounds(), wait == null ? 0 : wait.throttled(),
                Duration.between(start, cloud.scheduler().now()), command);
        FirstReadyJournal j = journal;
        if (j == null || status == FirstReadyResult.Status.CANCELLED) { // a cancelled wait stays open to be taken up
            result.complete(r);
            return;
        }
        CompletionStage<Void> child = sr == null ? CompletableFuture.completedFuture(null)
                : sr.end(command != null && command.succeeded(), message);
        child.handle((v, e) -> null).thenCompose(v -> j.end(r)).whenComplete((v, e) -> result.complete(r));
    }

    private String checksLabel() {
        if (request.checks().isEmpty()) return "none (running is enough)";
        return String.join(",", request.checks().stream().sorted().map(InstanceChecks.Check::label).toList());
    }

    private static String describe(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (c instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a && a.awsErrorDetails() != null) {
            return dev.fleetops.retry.AwsError.of(a).brief(); // never "null: null" for a 500 without a code
        }
        return String.valueOf(c.getMessage());
    }
}
