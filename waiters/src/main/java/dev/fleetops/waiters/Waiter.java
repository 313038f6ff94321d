package dev.fleetops.waiters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.JmesPath;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.core.SdkResponse;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A waiter as the AWS model defines one: an operation called on every poll and the acceptors that judge its answer,
 * with a delay between polls. Runs on {@link Poll}, so it has a mandatory deadline, slows down when throttled, is
 * really cancelled, and polls again at once when an event names one of the watched resources.
 *
 * <p>Unlike the Java SDK v2's hand-built waiters, an answer no acceptor matches follows the Smithy rule (error:
 * failure; response: retry), and a throttling error no acceptor names slows the wait down instead of ending it.
 *
 * @param name      {@code <Resource><State>}, e.g. InstanceRunning
 * @param operation makes the API call; called once per poll
 * @param acceptors tried in order, the first match decides
 * @param backoff   delay between polls
 */
public record Waiter(String name, Supplier<CompletableFuture<? extends SdkResponse>> operation, List<Acceptor> acceptors,
                     Backoff backoff) {

    public Waiter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(operation, "operation");
        acceptors = List.copyOf(acceptors);
        if (acceptors.stream().noneMatch(a -> a.state() == Acceptor.State.SUCCESS)) {
            throw new IllegalArgumentException(name + ": a waiter needs at least one success acceptor");
        }
        acceptors.forEach(a -> {
            if (a.matcher() instanceof Acceptor.Matcher.Path p) JmesPath.compile(p.argument());
            if (a.matcher() instanceof Acceptor.Matcher.PathAll p) JmesPath.compile(p.argument());
            if (a.matcher() instanceof Acceptor.Matcher.PathAny p) JmesPath.compile(p.argument());
        });
    }

    /**
     * Starts waiting. The outcome's success value is the matching response as JSON.
     *
     * @param timeout mandatory (Smithy: callers must give a total maximum wait time)
     * @param trigger events that make it poll again now
     * @param watched the resource ids whose notices count (empty: every notice)
     */
    public Poll<JsonNode> start(Scheduler scheduler, RandomGenerator random, Duration timeout, EventTrigger trigger,
                                Set<String> watched) {
        Poll<JsonNode> poll = Poll.start(scheduler, backoff, random, timeout, n -> pollOnce());
        EventTrigger.Subscription sub = trigger.subscribe(notice -> {
            if (watched.isEmpty() || watched.contains(notice.resourceId())) poll.poke();
        });
        poll.outcome().whenComplete((o, e) -> sub.close());
        return poll;
    }

    public Poll<JsonNode> start(Scheduler scheduler, RandomGenerator random, Duration timeout) {
        return start(scheduler, random, timeout, EventTrigger.none(), Set.of());
    }

    private CompletionStage<Verdict<JsonNode>> pollOnce() {
        CompletableFuture<? extends SdkResponse> call = operation.get();
        return call.handle((response, error) -> {
            Answer answer = error == null ? Answer.of(response) : Answer.of(error);
            if (answer.isError() && Poll.pollAgain(answer.error())
                    && Acceptors.firstMatch(acceptors, answer).isEmpty()) {
                throw new java.util.concurrent.CompletionException(answer.error()); // Poll polls again
            }
            return Acceptors.judge(acceptors, answer);
        });
    }
}
