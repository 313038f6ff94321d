package dev.fleetops.waiters;

import dev.fleetops.retry.AwsError;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.SdkJson;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceStatusResponse;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Waits on many instances at once with DescribeInstanceStatus: one poll round is one call per batch of at most 100
 * ids ({@code IncludeAllInstances=true}, so stopped and terminated instances stay visible), each instance judged by
 * {@link InstanceChecks} acceptors. Success when any (or, by {@link Quorum}, all) instance succeeds; fails fast as
 * soon as the goal has become impossible (ANY: every instance failed; ALL: one did). A throttled round slows the
 * whole wait down ({@link Poll}). A notice about a watched instance polls just that instance's batch now.
 */
public final class InstanceStatusWait {

    /** DescribeInstanceStatus takes at most 100 explicit instance ids. */
    public static final int BATCH = 100;
    static final String OPERATION = "ec2:DescribeInstanceStatus";
    static final String NOT_FOUND = "InvalidInstanceID.NotFound";

    public enum Quorum { ANY, ALL }

    /**
     * @param pokesOn which notices poll again at once (see {@link #relevantNotices})
     * @param pacing  null: every round polls every instance after the {@code backoff} delay; else (quorum ANY only)
     *                rounds paced and capped as {@link ReadyPacing} says (with its fast rounds, if it has them)
     */
    public record Settings(Set<InstanceChecks.Check> checks, Quorum quorum, Backoff backoff, Duration timeout,
                           EventTrigger trigger, Predicate<EventTrigger.Notice> pokesOn, ReadyPacing pacing) {
        public Settings {
            Objects.requireNonNull(timeout, "a wait needs a deadline");
            checks = Set.copyOf(checks);
        }

        /** The SDK waiter's way: any instance, the EC2 model's delays (15 s min, 120 s max, Smithy waiter backoff), no events. */
        public static Settings firstReady(Set<InstanceChecks.Check> checks, Duration timeout) {
            return new Settings(checks, Quorum.ANY, Backoff.smithy(Duration.ofSeconds(15), Duration.ofSeconds(120)),
                    timeout, EventTrigger.none(), relevantNotices(checks), null);
        }

        public Settings withTrigger(EventTrigger t) {
            return new Settings(checks, quorum, backoff, timeout, t, pokesOn, pacing);
        }

        public Settings withBackoff(Backoff b) {
            return new Settings(checks, quorum, b, timeout, trigger, pokesOn, pacing);
        }

        public Settings withQuorum(Quorum q) {
            return new Settings(checks, q, backoff, timeout, trigger, pokesOn, pacing);
        }

        /** Paced polling (null: plain backoff); pacing replaces {@code backoff} for the rounds. */
        public Settings withPacing(ReadyPacing p) {
            if (p != null && quorum != Quorum.ANY) throw new IllegalArgumentException("pacing needs quorum ANY");
            return new Settings(checks, quorum, backoff, timeout, trigger, pokesOn, p);
        }
    }

    /**
     * The notices that can change a verdict: a terminal state always (fail fast); {@code running} only when no status
     * check is asked for, since the checks pass minutes after the state change and no event announces that.
     */
    public static Predicate<EventTrigger.Notice> relevantNotices(Set<InstanceChecks.Check> checks) {
        return n -> n.state() != null && (InstanceChecks.TERMINAL_STATES.contains(n.state())
                || (checks.isEmpty() && n.state().equals("running")));
    }

    /**
     * What was last seen of one instance.
     *
     * @param verdict SUCCESS (ready), FAILURE (can no longer pass) or RETRY
     * @param seenAt  when this status was first seen (null: never answered)
     */
    public record Status(String instanceId, String state, String instanceStatus, String systemStatus,
                         Acceptor.State verdict, String why, Instant seenAt) {
        static Status unseen(String id) {
            return new Status(id, "unknown", null, null, Acceptor.State.RETRY, "not seen yet", null);
        }

        /** "running/ok/initializing": state, then the instance and system checks when running. */
        public String summary() {
            return instanceStatus == null || state.equals("unknown") ? state
                    : state + (state.equals("running") ? " (instance " + instanceStatus + ", system " + systemStatus + ")" : "");
        }
    }

    /** @param ready the instances that passed, in the order of the watched ids */
    public record Result(List<String> ready, Map<String, Status> statuses) { }

    private final Ec2AsyncClient ec2;
    private final Scheduler scheduler;
    private final List<String> ids;
    private final List<List<String>> batches;
    private final Settings settings;
    private final List<Acceptor> acceptors;
    private final ApiCalls calls;
    private final Map<String, Status> statuses = new LinkedHashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Poll<Result> poll;
    private int rounds;
    private final RandomGenerator random;
    // paced polling (settings.pacing): when each instance was last seen not running, when it may pass at the earliest
    private final Map<String, Instant> notRunningAt = new java.util.HashMap<>();
    private final Map<String, Instant> mayPassAt = new java.util.HashMap<>();
    private Instant nextFullAt;
    private int fullRounds;
    private int lastRoundCalls;
    private java.util.function.Consumer<String> progress = s -> { };

    private InstanceStatusWait(Ec2AsyncClient ec2, Scheduler scheduler, RandomGenerator random, List<String> ids,
                               Settings settings, ApiCalls calls) {
        this.ec2 = ec2;
        this.scheduler = scheduler;
        this.ids = List.copyOf(new LinkedHashSet<>(ids));
        this.batches = chunk(this.ids);
        this.settings = settings;
        this.acceptors = InstanceChecks.acceptors(settings.checks());
        this.calls = calls;
        this.random = random;
        this.ids.forEach(id -> statuses.put(id, Status.unseen(id)));
        Backoff backoff = settings.pacing() == null ? settings.backoff() : (attempt, r) -> pacedDelay();
        this.poll = Poll.start(scheduler, backoff, random, settings.timeout(), this::round);
        EventTrigger.Subscription sub = settings.trigger().subscribe(notice ->
                scheduler.schedule(Duration.ZERO, () -> noticed(notice)));
        poll.outcome().whenComplete((o, e) -> sub.close());
    }

    /**
     * @param ids   the instances to watch (duplicates ignored; at least one)
     * @param calls where the API calls made are counted
     */
    public static InstanceStatusWait start(Ec2AsyncClient ec2, Scheduler scheduler, RandomGenerator random,
                                           List<String> ids, Settings settings, ApiCalls calls) {
        if (ids.isEmpty()) throw new IllegalArgumentException("no instance to wait for");
        return new InstanceStatusWait(ec2, scheduler, random, ids, settings, calls);
    }

    public CompletableFuture<Outcome<Result>> outcome() {
        return poll.outcome();
    }

    /** Stops at once: no API call is made after this. */
    public void cancel() {
        poll.cancel();
    }

    /** The last status seen of every watched instance, in watched order. */
    public Map<String, Status> statuses() {
        return java.util.Collections.unmodifiableMap(statuses);
    }

    /** Hears, after every round that did not end the wait, what was seen ("3 pending, 7 running (...)"). */
    public InstanceStatusWait onProgress(java.util.function.Consumer<String> listener) {
        this.progress = listener;
        return this;
    }

    /** Poll rounds started (scheduled rounds and event-triggered ones). */
    public int rounds() {
        return rounds;
    }

    public int throttled() {
        return poll.throttled();
    }

    private synchronized void noticed(EventTrigger.Notice n) {
        if (poll.outcome().isDone() || !statuses.containsKey(n.resourceId()) || !settings.pokesOn().test(n)) return;
        dirty.add(n.resourceId());
        poll.poke();
    }

    // synchronized: on real time the answers arrive on SDK threads and notices on the scheduler's
    private synchronized CompletionStage<Verdict<Result>> round(int n, boolean poked) {
        rounds++;
        List<List<String>> targets = poked && !dirty.isEmpty() ? chunk(dirty) : pacedTargets();
        dirty.clear();
        lastRoundCalls = targets.size();
        List<CompletableFuture<BatchAnswer>> answers = new ArrayList<>(targets.size());
        for (List<String> batch : targets) {
            calls.count(OPERATION);
            CompletableFuture<DescribeInstanceStatusResponse> call;
            try {
                call = ec2.describeInstanceStatus(r -> r.instanceIds(batch).includeAllInstances(true));
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            answers.add(call.handle((r, e) -> new BatchAnswer(r, e == null ? null : Answer.of(e))));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(v -> judge(answers.stream().map(CompletableFuture::join).toList()));
    }

    /** One batch's answer: the response, or the error. */
    private record BatchAnswer(DescribeInstanceStatusResponse response, Answer error) { }

    private synchronized Verdict<Result> judge(List<BatchAnswer> answers) {
        Throwable retryable = null;
        Instant now = scheduler.now();
        for (BatchAnswer b : answers) {
            Answer a = b.error();
            if (a == null) {
                for (InstanceStatus s : b.response().instanceStatuses()) record(s, now);
            } else if (Poll.pollAgain(a.error())) { // throttling or transient: Poll polls again
                retryable = a.error();
            } else if (!NOT_FOUND.equals(a.errorCode())) {
                throw new CompletionException(a.error()); // Smithy: an error no acceptor names ends the wait
            } // NotFound: fresh ids not visible yet (eventual consistency), retry
        }
        Verdict<Result> v = decide();
        if (v instanceof Verdict.Retry<Result> r) {
            progress.accept((retryable != null ? AwsError.of(retryable).label() + "; " : "") + r.why());
            if (retryable != null) throw new CompletionException(retryable);
        }
        return v;
    }

    private void record(InstanceStatus s, Instant now) {
        Status before = statuses.get(s.instanceId());
        if (before == null) return;
        JsonNode json = SdkJson.toJson(s);
        Acceptor hit = Acceptors.firstMatch(acceptors, Answer.ofJson(json)).orElseThrow();
        String state = s.instanceState() != null ? s.instanceState().nameAsString() : "unknown";
        String inst = s.instanceStatus() != null ? s.instanceStatus().statusAsString() : null;
        String sys = s.systemStatus() != null ? s.systemStatus().statusAsString() : null;
        if (settings.pacing() != null && settings.pacing().fast().isPresent()) paced(s.instanceId(), state, now);
        String why = hit.state() == Acceptor.State.FAILURE ? hit.message() : hit.state() == Acceptor.State.SUCCESS ? "ready" : "not yet";
        Instant seen = before.seenAt() != null && before.verdict() == hit.state() && before.state().equals(state)
                && Objects.equals(before.instanceStatus(), inst) && Objects.equals(before.systemStatus(), sys)
                ? before.seenAt() : now;
        statuses.put(s.instanceId(), new Status(s.instanceId(), state, inst, sys, hit.state(), why, seen));
    }

    private Verdict<Result> decide() {
        List<String> ready = new ArrayList<>();
        int failed = 0;
        for (Status s : statuses.values()) {
            if (s.verdict() == Acceptor.State.SUCCESS) ready.add(s.instanceId());
            if (s.verdict() == Acceptor.State.FAILURE) failed++;
        }
        Result result = new Result(List.copyOf(ready), Map.copyOf(statuses));
        if (settings.quorum() == Quorum.ANY) {
            if (!ready.isEmpty()) return Verdict.success(result);
            if (failed == statuses.size()) return Verdict.failure("no instance can pass any more: " + tally());
        } else {
            if (ready.size() == statuses.size()) return Verdict.success(result);
            if (failed > 0) return Verdict.failure(failed + " of " + statuses.size() + " can no longer pass: " + tally());
        }
        return Verdict.retry(tally());
    }

    private void paced(String id, String state, Instant now) {
        if (!state.equals("running")) {
            notRunningAt.put(id, now);
        } else if (!mayPassAt.containsKey(id)) {
            // running since after the last answer that showed it otherwise; first seen running: since any time
            Instant before = notRunningAt.get(id);
            mayPassAt.put(id, before == null ? now : before.plus(settings.pacing().checksTakeAtLeast()));
        }
    }

    /** Running, not yet judged, and running long enough to pass now: earliest first. */
    private List<String> mayPassNow(Instant now) {
        List<String> out = new ArrayList<>();
        for (Status s : statuses.values()) {
            Instant at = mayPassAt.get(s.instanceId());
            if (at != null && !at.isAfter(now) && s.verdict() == Acceptor.State.RETRY && s.state().equals("running")) {
                out.add(s.instanceId());
            }
        }
        out.sort(java.util.Comparator.comparing(mayPassAt::get));
        return out;
    }

    /** A full round when one is due (the slow pace), else the instances that may pass by now. */
    private List<List<String>> pacedTargets() {
        ReadyPacing pacing = settings.pacing();
        if (pacing == null) return batches;
        Instant now = scheduler.now();
        List<String> likely = mayPassNow(now);
        if (nextFullAt == null || !now.isBefore(nextFullAt) || likely.isEmpty()) {
            fullRounds++;
            nextFullAt = now.plus(pacing.slow().delay(fullRounds, random));
            return batches;
        }
        return chunk(likely);
    }

    /** Until the next full round, or sooner the next fast one when some instance may pass; within the call cap. */
    private synchronized Duration pacedDelay() {
        ReadyPacing pacing = settings.pacing();
        Instant now = scheduler.now();
        Instant next = nextFullAt == null ? now : nextFullAt;
        int nextCalls = batches.size();
        List<String> likely = mayPassNow(now);
        if (!likely.isEmpty()) {
            Instant fast = now.plus(pacing.fast().orElseThrow()); // likely instances exist only with fast rounds
            if (fast.isBefore(next)) {
                next = fast;
                nextCalls = chunks(likely.size());
            }
        } else {
            Instant soonest = null;
            for (Status s : statuses.values()) {
                Instant at = mayPassAt.get(s.instanceId());
                if (at != null && at.isAfter(now) && s.verdict() == Acceptor.State.RETRY && s.state().equals("running")
                        && (soonest == null || at.isBefore(soonest))) soonest = at;
            }
            if (soonest != null && soonest.isBefore(next)) {
                next = soonest;
                nextCalls = 1;
            }
        }
        Duration d = Duration.between(now, next);
        Duration least = pacing.spacing(Math.max(lastRoundCalls, nextCalls));
        return d.compareTo(least) < 0 ? least : d;
    }

    /** "7 running (instance initializing, ...), 2 pending, 1 terminated" */
    private String tally() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Status s : statuses.values()) counts.merge(s.summary(), 1, Integer::sum);
        StringBuilder b = new StringBuilder();
        counts.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(v).append(' ').append(k));
        return b.toString();
    }

    /** Calls per round for {@code n} ids: ceil(n / 100). */
    public static int chunks(int n) {
        return (n + BATCH - 1) / BATCH;
    }

    static List<List<String>> chunk(Collection<String> ids) {
        List<List<String>> out = new ArrayList<>();
        List<String> all = List.copyOf(ids);
        for (int i = 0; i < all.size(); i += BATCH) out.add(all.subList(i, Math.min(all.size(), i + BATCH)));
        return out;
    }
}
