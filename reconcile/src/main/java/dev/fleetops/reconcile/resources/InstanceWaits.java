package dev.fleetops.reconcile.resources;

import dev.fleetops.reconcile.ApplyContext;
import dev.fleetops.waiters.Backoff;
import dev.fleetops.waiters.Outcome;
import dev.fleetops.waiters.Poll;
import dev.fleetops.waiters.Verdict;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Waits for an instance to reach a state through {@link Poll}: the batched reader polls every 15 s (the EC2
 * waiters' delay), and a state-change event about the instance pokes the poll at once. Never a blocking SDK
 * waiter (mgmt's aws:ec2 held its vertex up to 400 s in one, engine/resources/aws_ec2.go).
 */
final class InstanceWaits {

    static final Duration POLL = Duration.ofSeconds(15);

    private InstanceWaits() { }

    /**
     * @param current receives the running poll (so events can poke it) and null when the wait ends
     * @return the instance in one of {@code states}; "terminated" is also met by an instance EC2 no longer shows
     */
    static CompletionStage<Instance> until(String id, Set<String> states, ApplyContext ctx,
                                           Consumer<Poll<Instance>> current) {
        InstanceReader reader = InstanceReader.of(ctx.services());
        Poll<Instance> poll = Poll.start(ctx.services().scheduler(), Backoff.fixed(POLL), ctx.services().random(),
                ctx.waitLimit(), n -> reader.byId(id).thenApply((Optional<Instance> o) -> {
                    if (o.isEmpty()) {
                        return states.contains("terminated") ? Verdict.success(null)
                                : Verdict.retry(id + " not visible yet");
                    }
                    String s = o.get().state().nameAsString();
                    return states.contains(s) ? Verdict.success(o.get()) : Verdict.retry(id + " is " + s);
                }));
        current.accept(poll);
        ctx.cancelled().thenRun(poll::cancel);
        return poll.outcome().thenApply(o -> {
            current.accept(null);
            if (o instanceof Outcome.Succeeded<Instance> s) return s.value();
            if (o instanceof Outcome.TimedOut<Instance> t) {
                throw new IllegalStateException(id + " did not become " + String.join(" or ", states) + " within "
                        + ctx.waitLimit().toSeconds() + " s (last seen: " + t.lastSeen() + ")");
            }
            if (o instanceof Outcome.Failed<Instance> f) throw new IllegalStateException(f.message());
            throw new CancellationException("wait for " + id + " cancelled");
        });
    }
}
