package dev.fleetops.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.json.Json;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The daemon's health for /healthz and /readyz: named checks (a queue reachable, the journal reachable, the
 * scheduler alive), each run when asked, bounded by {@link #TIMEOUT}, and remembered with its last result.
 */
public final class Health {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** One check's last result: empty {@code failure} when it passed. */
    public record Result(String name, Optional<String> failure, Instant at) {
        public boolean ok() {
            return failure.isEmpty();
        }
    }

    private record Check(String name, Supplier<CompletionStage<?>> probe) { }

    private final List<Check> checks = new CopyOnWriteArrayList<>();
    private final Map<String, Result> last = new ConcurrentHashMap<>();
    /** The one clock (docs/design.md, "Time is injected"): the scheduler's, once {@link #scheduler} gave it. */
    private volatile Scheduler clock;

    /** Adds a check: healthy when {@code probe}'s stage completes normally within the timeout. */
    public Health check(String name, Supplier<CompletionStage<?>> probe) {
        checks.add(new Check(name, probe));
        return this;
    }

    /** The queue answers GetQueueAttributes (it exists, and the credentials reach it). */
    public Health queue(SqsAsyncClient sqs, String queueUrl) {
        return check("queue " + queueUrl, () -> sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)));
    }

    /**
     * The scheduler runs its tasks: a tick every {@code interval} of its time; alive while the last tick is less
     * than three intervals of real time old (virtual time on the simulator runs at real pace or faster).
     */
    public Health scheduler(Scheduler scheduler, Duration interval) {
        this.clock = scheduler;
        AtomicLong lastTick = new AtomicLong(System.nanoTime());
        scheduler.schedule(Duration.ZERO, new Runnable() {
            @Override
            public void run() {
                lastTick.set(System.nanoTime());
                scheduler.schedule(interval, this);
            }
        });
        long limit = interval.multipliedBy(3).toNanos();
        return check("scheduler", () -> {
            long age = System.nanoTime() - lastTick.get();
            return age < limit ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(new IllegalStateException("no tick for " + age / 1_000_000_000 + " s"));
        });
    }

    /** Runs every check now; returns their results, remembered as the last ones. */
    public List<Result> run() {
        List<CompletableFuture<Result>> running = checks.stream().map(c -> {
            CompletableFuture<?> f;
            try {
                f = c.probe().get().toCompletableFuture();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            return f.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).handle((v, e) -> new Result(c.name(),
                    e == null ? Optional.<String>empty() : Optional.of(describe(e)), clock != null ? clock.now() : Instant.EPOCH));
        }).toList();
        List<Result> results = running.stream().map(CompletableFuture::join).toList();
        results.forEach(r -> last.put(r.name(), r));
        return results;
    }

    /** The last result of each check, as /healthz shows them: {name: {ok, error?, at}}. */
    public static ObjectNode json(List<Result> results) {
        ObjectNode checks = Json.object();
        for (Result r : results) {
            ObjectNode o = checks.putObject(r.name()).put("ok", r.ok()).put("at", r.at().toString());
            r.failure().ifPresent(f -> o.put("error", f));
        }
        return checks;
    }

    public Map<String, Result> last() {
        return Map.copyOf(last);
    }

    private static String describe(Throwable e) {
        Throwable c = e;
        while ((c instanceof java.util.concurrent.CompletionException || c instanceof java.util.concurrent.ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof java.util.concurrent.TimeoutException) return "no answer within " + TIMEOUT.toSeconds() + " s";
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
