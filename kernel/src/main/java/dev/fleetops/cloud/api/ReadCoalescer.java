package dev.fleetops.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.json.Json;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Shares one call per poll tick among concurrent reads of the same resource set: identical requests of
 * DescribeTargetHealth or DescribeInstanceStatus make at most one call per tick (windows aligned on the clock, every
 * {@link #tick()}: a quiet read goes at once, a busy one waits for the next window's start), and requests that differ only in the resources they name are sent as one request naming them
 * all (at most 100 per call), each caller getting back exactly the entries its own request asked for. Only these
 * reads are ever coalesced; every other call, and every mutating call, goes straight through.
 *
 * <p>Errors stay per caller: a throttled or transient answer of a shared call is every caller's answer (each wait
 * slows down or polls again as for its own call; the call itself was retried by the client's one retry policy,
 * the SDK's on AWS and the simulator's gate), while any other error of a combined call (an unknown id fails the
 * whole request) makes each caller send its own request, so each sees the error its own call gets. A caller
 * giving up on its answer does not cancel the shared call.
 */
public final class ReadCoalescer {

    /** The poll tick of shared reads. */
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(2);

    private final Scheduler scheduler;
    private final Duration tick;
    private final Predicate<Throwable> everyonesError;
    private final Map<Key, List<Caller>> pending = new HashMap<>();
    private final Map<Key, Long> lastWindow = new HashMap<>();
    private long asked;
    private long sent;

    /**
     * @param everyonesError whether an error of a combined call is every caller's answer (throttling and transient
     *                       errors: the retry package's classification, {@code AwsError.Kind}); any other error makes
     *                       each caller send its own request
     */
    public ReadCoalescer(Scheduler scheduler, Duration tick, Predicate<Throwable> everyonesError) {
        if (tick.isNegative() || tick.isZero()) throw new IllegalArgumentException("read tick must be positive: " + tick);
        this.scheduler = scheduler;
        this.tick = tick;
        this.everyonesError = everyonesError;
    }

    public Duration tick() {
        return tick;
    }

    /** Whether reads of this operation are shared (a wait polling it can poll every tick at no extra cost). */
    public static boolean coalesces(String service, String operation) {
        return CombinableRead.of(service, operation).isPresent();
    }

    /** Requests the callers made / calls actually sent, for reports. */
    public synchronized long asked() {
        return asked;
    }

    public synchronized long sent() {
        return sent;
    }

    private record Key(Object cloud, CombinableRead read, String request, boolean combined) { }

    private record Caller(JsonNode input, CompletableFuture<JsonNode> answer) { }

    /**
     * The answer to {@code input}, through a shared call when {@code service operation} is a coalesced read;
     * {@code send} makes one real call.
     */
    CompletionStage<JsonNode> read(Object cloud, String service, String operation, JsonNode input,
                                   Function<JsonNode, CompletionStage<JsonNode>> send) {
        Optional<CombinableRead> read = CombinableRead.of(service, operation);
        if (read.isEmpty() || !(input instanceof ObjectNode)) return send.apply(input);
        CombinableRead r = read.get();
        boolean combined = r.combinable(input);
        Key key = new Key(cloud, r, Json.compact(combined ? r.rest(input) : input), combined);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        Duration delay = null;
        synchronized (this) {
            asked++;
            List<Caller> callers = pending.computeIfAbsent(key, k -> new ArrayList<>());
            if (callers.isEmpty()) delay = slot(key);
            callers.add(new Caller(input.deepCopy(), answer));
        }
        if (delay != null) scheduler.schedule(delay, () -> flush(key, send));
        return answer.copy(); // a caller's cancellation stays its own
    }

    /**
     * When the next call of {@code key} goes: ticks are windows aligned on the clock (multiples of the tick), and
     * each key makes at most one call per window. A read of a quiet key goes at once (no latency added); one in a
     * window that had its call waits for the next window's start, where every other reader of the key meets it.
     */
    private Duration slot(Key key) {
        long now = scheduler.now().toEpochMilli();
        long t = tick.toMillis();
        long window = Math.floorDiv(now, t);
        Long last = lastWindow.get(key);
        if (last == null || last < window) {
            lastWindow.put(key, window);
            if (lastWindow.size() > 1024) lastWindow.values().removeIf(w -> w < window); // quiet keys need no slot
            return Duration.ZERO; // still batched: readers of the same instant share it
        }
        lastWindow.put(key, last + 1);
        return Duration.ofMillis((last + 1) * t - now);
    }

    private void flush(Key key, Function<JsonNode, CompletionStage<JsonNode>> send) {
        List<Caller> callers;
        synchronized (this) {
            callers = pending.remove(key);
        }
        if (callers == null) return;
        if (!key.combined()) {
            count(1);
            send.apply(callers.get(0).input()).whenComplete((v, e) -> {
                for (Caller c : callers) {
                    if (e != null) c.answer().completeExceptionally(e);
                    else c.answer().complete(v.deepCopy());
                }
            });
            return;
        }
        for (List<Caller> group : groups(key.read(), callers)) sendCombined(key.read(), group, send);
    }

    /** Callers in order, cut so that no call names more than 100 resources and no caller is split. */
    private static List<List<Caller>> groups(CombinableRead read, List<Caller> callers) {
        List<List<Caller>> out = new ArrayList<>();
        List<Caller> group = new ArrayList<>();
        LinkedHashSet<JsonNode> items = new LinkedHashSet<>();
        for (Caller c : callers) {
            LinkedHashSet<JsonNode> with = new LinkedHashSet<>(items);
            c.input().get(read.listMember).forEach(with::add);
            if (with.size() > CombinableRead.MAX_PER_CALL && !group.isEmpty()) {
                out.add(group);
                group = new ArrayList<>();
                with = new LinkedHashSet<>();
                c.input().get(read.listMember).forEach(with::add);
            }
            group.add(c);
            items = with;
        }
        if (!group.isEmpty()) out.add(group);
        return out;
    }

    private void sendCombined(CombinableRead read, List<Caller> group, Function<JsonNode, CompletionStage<JsonNode>> send) {
        if (group.size() == 1) {
            count(1);
            send.apply(group.get(0).input()).whenComplete((v, e) -> settle(group.get(0), v, e));
            return;
        }
        LinkedHashSet<JsonNode> items = new LinkedHashSet<>();
        for (Caller c : group) c.input().get(read.listMember).forEach(items::add);
        ObjectNode request = read.combined(read.rest(group.get(0).input()), new ArrayList<>(items));
        count(1);
        send.apply(request).whenComplete((v, e) -> {
            if (e == null) {
                for (Caller c : group) c.answer().complete(read.filter(v, c.input()));
                return;
            }
            if (everyonesError.test(e)) {
                for (Caller c : group) c.answer().completeExceptionally(e);
                return;
            }
            // One bad id fails the whole request: each caller asks on its own and gets its own answer.
            count(group.size());
            for (Caller c : group) send.apply(c.input()).whenComplete((own, err) -> settle(c, own, err));
        });
    }

    private static void settle(Caller c, JsonNode v, Throwable e) {
        if (e != null) c.answer().completeExceptionally(e);
        else c.answer().complete(v);
    }

    private synchronized void count(long calls) {
        sent += calls;
    }
}
