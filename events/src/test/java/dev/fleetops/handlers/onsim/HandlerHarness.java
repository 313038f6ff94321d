package dev.fleetops.handlers.onsim;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.events.Classified;
import dev.fleetops.events.Classifier;
import dev.fleetops.events.IdempotencyStores;
import dev.fleetops.events.spi.Effect;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.Handler;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.events.spi.Recorder;
import dev.fleetops.events.spi.Scope;
import dev.fleetops.events.spi.HandlerJournal;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.SourceReader;
import dev.fleetops.time.VirtualScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one handler on one event, as the dispatcher does, on a cloud with a virtual scheduler (for the tests of every
 * handler package).
 */
public final class HandlerHarness {

    private HandlerHarness() { }

    /** An event from its JSON text (the seeds' payloads), classified as intake does, received now. */
    public static Event event(String json, Instant received) {
        Classified c = new Classifier("us-east-1").classify(json, received);
        if (c instanceof Classified.Accepted a) return a.event();
        throw new IllegalArgumentException("not accepted: " + c);
    }

    public static MapNode settings(String yaml) {
        return SourceReader.read("settings.yaml", yaml.isBlank() ? "{}" : yaml).asMap();
    }

    public static HandlerContext context(Cloud cloud, Handler handler, Event event, RunbookRunner runbooks) {
        return context(cloud, handler, event, runbooks, IdempotencyStores.inMemory(cloud.scheduler()), effect -> { });
    }

    /** A context over a given idempotency store, reporting the handler's effects to {@code effects}. */
    public static HandlerContext context(Cloud cloud, Handler handler, Event event, RunbookRunner runbooks,
                                  IdempotencyStore store, Consumer<Effect> effects) {
        return context(cloud, handler, event, runbooks, store, effects, Scope.ALL);
    }

    /** As above, the handler acting on the groups of {@code scope} only. */
    public static HandlerContext context(Cloud cloud, Handler handler, Event event, RunbookRunner runbooks,
                                         IdempotencyStore store, Consumer<Effect> effects, Scope scope) {
        Recorder recorder = new Recorder(cloud.scheduler(), handler.name(), event, event.deadline());
        return new HandlerContext(cloud, cloud.scheduler(), runbooks, recorder, store, effects, HandlerJournal.NONE, scope);
    }

    public static CompletableFuture<HandlerRecord> start(Cloud cloud, Handler handler, Event event) {
        return handler.handle(event, context(cloud, handler, event, (d, p) -> {
            throw new UnsupportedOperationException("no runbooks here");
        })).toCompletableFuture();
    }

    /** Drives virtual time until the handler is done. */
    public static HandlerRecord run(VirtualScheduler scheduler, Cloud cloud, Handler handler, Event event, Duration maxWait) {
        return scheduler.await(start(cloud, handler, event), maxWait);
    }

    /**
     * Drives virtual time while also waiting for real I/O (Chef, Consul, webhook servers answer on their own
     * threads): virtual time runs whenever it has work; otherwise the test waits for the next real answer.
     */
    public static <T> T awaitWithIo(VirtualScheduler scheduler, CompletableFuture<T> f, Duration realTimeout) throws Exception {
        long end = System.nanoTime() + realTimeout.toNanos();
        while (!f.isDone()) {
            scheduler.runUntil(f::isDone, Duration.ofMinutes(10));
            if (f.isDone()) break;
            if (System.nanoTime() > end) throw new AssertionError("no answer within " + realTimeout);
            try {
                f.get(20, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // still waiting on real I/O; virtual time may have work again
            }
        }
        return f.join();
    }

    /** The API calls of a record as "Operation k=v k=v" lines, for readable assertions. */
    public static List<String> calls(HandlerRecord r) {
        List<String> out = new ArrayList<>();
        for (var c : r.apiCalls()) {
            StringBuilder b = new StringBuilder(c.operation());
            c.parameters().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            c.errorCode().ifPresent(e -> b.append(" -> ").append(e));
            out.add(b.toString());
        }
        return out;
    }
}
