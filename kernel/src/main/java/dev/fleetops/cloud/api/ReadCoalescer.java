package dev.fleetops.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.json.Json;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Shares calls among concurrent executions reading the same resources ({@link CombinableRead}: DescribeTargetHealth,
 * DescribeInstanceStatus, ListCommandInvocations of a command): per key (the request without what differs between
 * callers) at most one call per tick, in windows aligned on the clock.
 * <ul>
 *   <li>A read in a window whose call another execution made takes that call's answer (in flight or done) when the
 *       call holds what it asks, was sent after this execution's last write, and this step attempt had no part in it
 *       (a wait polling again wants news).</li>
 *   <li>Otherwise it goes at once, as its own call would, unless the key is busy (another execution reads it, this
 *       window or the last) and had its call this window: then it waits for the next window's start, where every
 *       reader meets. A single execution pays nothing.</li>
 *   <li>Requests that differ only in the resources they name are one request naming them all (at most 100 per
 *       call), each caller getting back exactly the entries its own request asked for.</li>
 * </ul>
 * Only these reads are coalesced; every other call, and every mutating call, goes straight through (and marks its
 * execution's last write).
 *
 * <p>Errors stay per caller: a throttled or transient answer of a shared call is every caller's answer (each wait
 * slows down or polls again as for its own call; the call itself was retried by the client's one retry policy,
 * the SDK's on AWS and the simulator's gate), while any other error of a combined call (an unknown id fails the
 * whole request) makes each caller send its own request, so each sees the error its own call gets. A caller
 * giving up on its answer does not cancel the shared call.
 */
public final class ReadCoalescer {

    /**
     * The poll tick of shared reads: on {@code bench maintenance} (1,000 children, 100 at a time) the shortest
     * tick within 3 API calls per simulated second (BENCHMARKS.md).
     */
    public static final Duration DEFAULT_TICK = Duration.ofMillis(2500);

    /**
     * Other executions reading a key that make it busy: then its readers meet on the tick (one call per tick for
     * all, and waits that end within a tick of the change). A single execution is never held back and polls on its
     * own backoff, as without shared reads.
     */
    static final int BUSY_OTHERS = 1;

    /**
     * Who reads: {@code party} is the execution (its writes must be seen by its later reads; reads of one party
     * alone are never held back) and {@code ask} the step attempt (never handed an answer it had already).
     */
    public record Reader(Object party, Object ask) {
        public Reader {
            Objects.requireNonNull(party);
            Objects.requireNonNull(ask);
        }

        /** A reader known to no one: each call its own party. */
        static Reader anonymous() {
            return new Reader(new Object(), new Object());
        }
    }

    private final Scheduler scheduler;
    private final Duration tick;
    private final Predicate<Throwable> everyonesError;
    private final Map<Key, KeyState> keys = new HashMap<>();
    private final Map<OpKey, Parties> operations = new HashMap<>();
    private final Map<Object, Long> lastWrite = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Long> eldest) {
            return size() > 10_000; // a write older than a tick matters no more: only recent parties are kept
        }
    };
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

    /** Whether reads of this operation are shared. */
    public static boolean coalesces(String service, String operation) {
        return CombinableRead.of(service, operation).isPresent();
    }

    /**
     * Whether {@code service operation} on {@code cloud} is busy for {@code party}: {@link #BUSY_OTHERS} other
     * parties or more read it (this window or the last). Then a wait on it polls every tick (polling often costs no
     * more calls); otherwise on its own backoff.
     */
    public synchronized boolean shared(Object cloud, String service, String operation, Object party) {
        Optional<CombinableRead> read = CombinableRead.of(service, operation);
        if (read.isEmpty()) return false;
        Parties p = operations.get(new OpKey(cloud, read.get()));
        return p != null && p.others(window(), party) >= BUSY_OTHERS;
    }

    /** Requests the callers made / calls actually sent, for reports. */
    public synchronized long asked() {
        return asked;
    }

    public synchronized long sent() {
        return sent;
    }

    private record Key(Object cloud, CombinableRead read, String request, boolean combined) { }

    private record OpKey(Object cloud, CombinableRead read) { }

    private record Caller(JsonNode input, Reader reader, CompletableFuture<JsonNode> answer) { }

    /** One call sent for a key: what it asked, who took part, and its answer (the combined response). */
    private static final class Call {
        final long window;
        final long sentAt;
        final JsonNode request;
        final Set<Object> parties = new HashSet<>();
        final Set<Object> asks = new HashSet<>();
        final CompletableFuture<JsonNode> response = new CompletableFuture<>();

        Call(long window, long sentAt, JsonNode request, List<Caller> callers) {
            this.window = window;
            this.sentAt = sentAt;
            this.request = request;
            for (Caller c : callers) {
                parties.add(c.reader().party());
                asks.add(c.reader().ask());
            }
        }
    }

    private static final class KeyState {
        final Parties parties = new Parties();
        final List<Call> calls = new ArrayList<>(); // of the latest window that had one
        List<Caller> pending;                        // callers of the call about to go
    }

    /** The parties seen in the current and the previous window. */
    private static final class Parties {
        long window = Long.MIN_VALUE;
        Set<Object> current = new HashSet<>();
        Set<Object> previous = new HashSet<>();

        void see(long w, Object party) {
            roll(w);
            current.add(party);
        }

        /** How many parties other than {@code party} (counted up to {@link #BUSY_OTHERS}). */
        int others(long w, Object party) {
            roll(w);
            Set<Object> seen = new HashSet<>();
            for (Object o : current) if (!o.equals(party) && seen.add(o) && seen.size() >= BUSY_OTHERS) return seen.size();
            for (Object o : previous) if (!o.equals(party) && seen.add(o) && seen.size() >= BUSY_OTHERS) return seen.size();
            return seen.size();
        }

        private void roll(long w) {
            if (w == window) return;
            previous = w == window + 1 ? current : new HashSet<>();
            current = new HashSet<>();
            window = w;
        }
    }

    /**
     * The answer to {@code input}, through a shared call when {@code service operation} is a coalesced read;
     * {@code send} makes one real call. A null {@code reader} is a party of its own.
     */
    CompletionStage<JsonNode> read(Object cloud, String service, String operation, JsonNode input, Reader reader,
                                   Function<JsonNode, CompletionStage<JsonNode>> send) {
        Reader who = reader != null ? reader : Reader.anonymous();
        Optional<CombinableRead> read = CombinableRead.of(service, operation);
        if (read.isEmpty() || !(input instanceof ObjectNode)) {
            if (!isRead(operation)) wrote(who.party());
            return send.apply(input);
        }
        CombinableRead r = read.get();
        boolean combined = r.combinable(input);
        Key key = new Key(cloud, r, Json.compact(combined ? r.rest(input) : input), combined);
        Caller me = new Caller(input.deepCopy(), who, new CompletableFuture<>());
        Call share = null;
        Duration delay = null;
        long now = scheduler.now().toEpochMilli();
        long w = Math.floorDiv(now, tick.toMillis());
        synchronized (this) {
            asked++;
            if (keys.size() > 4096) { // keys quiet for two windows need no state
                keys.values().removeIf(s -> s.pending == null && (s.calls.isEmpty() || s.calls.get(0).window < w - 1));
            }
            KeyState k = keys.computeIfAbsent(key, x -> new KeyState());
            int others = k.parties.others(w, who.party());
            k.parties.see(w, who.party());
            operations.computeIfAbsent(new OpKey(cloud, r), x -> new Parties()).see(w, who.party());
            share = others > 0 ? shareable(key, k, w, me) : null;
            if (share != null) {
                share.asks.add(who.ask());
                share.parties.add(who.party());
            } else if (k.pending != null) {
                k.pending.add(me); // a call is about to go: it names this caller too
            } else {
                k.pending = new ArrayList<>(List.of(me));
                boolean quiet = k.calls.isEmpty() || k.calls.get(0).window < w;
                delay = quiet || others < BUSY_OTHERS ? Duration.ZERO : Duration.ofMillis((w + 1) * tick.toMillis() - now);
            }
        }
        if (share != null) deliver(key, share, me, send);
        else if (delay != null) scheduler.schedule(delay, () -> flush(key, send));
        return me.answer().copy(); // a caller's cancellation stays its own
    }

    /** A call of this window that answers {@code me}: holds what it asks, sent after its last write, new to its ask. */
    private Call shareable(Key key, KeyState k, long w, Caller me) {
        Long wrote = lastWrite.get(me.reader().party());
        for (int i = k.calls.size() - 1; i >= 0; i--) {
            Call c = k.calls.get(i);
            if (c.window != w || c.asks.contains(me.reader().ask())) continue;
            if (wrote != null && wrote >= c.sentAt) continue; // its own write may have changed the answer
            if (c.response.isCompletedExceptionally()) continue;
            if (c.parties.size() == 1 && c.parties.contains(me.reader().party())) continue; // alone: its own call
            if (!key.combined() || key.read().covers(c.request, me.input())) return c;
        }
        return null;
    }

    private void flush(Key key, Function<JsonNode, CompletionStage<JsonNode>> send) {
        List<Caller> callers;
        KeyState k;
        long now = scheduler.now().toEpochMilli();
        long w = Math.floorDiv(now, tick.toMillis());
        synchronized (this) {
            k = keys.get(key);
            if (k == null || k.pending == null) return;
            callers = k.pending;
            k.pending = null;
        }
        List<List<Caller>> groups = key.combined() ? groups(key.read(), callers) : List.of(callers);
        for (List<Caller> group : groups) {
            JsonNode request = key.combined() && group.size() > 1
                    ? key.read().combined(key.read().rest(group.get(0).input()), inputs(group)) : group.get(0).input();
            Call call = new Call(w, now, request, group);
            synchronized (this) {
                if (!k.calls.isEmpty() && k.calls.get(0).window != w) k.calls.clear();
                k.calls.add(call);
            }
            (key.read().paged && group.size() > 1 ? pages(key.read(), request, send, null) : counted(request, send))
                    .whenComplete((v, e) -> {
                        if (e != null) call.response.completeExceptionally(e);
                        else call.response.complete(v);
                    });
            for (Caller c : group) deliver(key, call, c, send);
        }
    }

    /** The caller's answer from {@code call}: its entries, or on a permanent error of a combined call its own call. */
    private void deliver(Key key, Call call, Caller c, Function<JsonNode, CompletionStage<JsonNode>> send) {
        boolean own = !key.combined() || call.request.equals(c.input());
        call.response.whenComplete((v, e) -> {
            if (e == null) {
                c.answer().complete(own ? v.deepCopy() : key.read().filter(v, c.input()));
            } else if (own || everyonesError.test(e)) {
                c.answer().completeExceptionally(e);
            } else {
                // One bad id fails the whole request: each caller asks on its own and gets its own answer.
                counted(c.input(), send).whenComplete((mine, err) -> {
                    if (err != null) c.answer().completeExceptionally(err);
                    else c.answer().complete(mine);
                });
            }
        });
    }

    /** Callers in order, cut so that no listed call names more than 100 resources and no caller is split. */
    private static List<List<Caller>> groups(CombinableRead read, List<Caller> callers) {
        List<List<Caller>> out = new ArrayList<>();
        List<Caller> group = new ArrayList<>();
        Set<JsonNode> items = new HashSet<>();
        for (Caller c : callers) {
            Set<JsonNode> with = new HashSet<>(items);
            if (!read.paged) c.input().get(read.listMember()).forEach(with::add);
            if (with.size() > CombinableRead.MAX_PER_CALL && !group.isEmpty()) {
                out.add(group);
                group = new ArrayList<>();
                with = new HashSet<>();
                c.input().get(read.listMember()).forEach(with::add);
            }
            group.add(c);
            items = with;
        }
        if (!group.isEmpty()) out.add(group);
        return out;
    }

    private static List<JsonNode> inputs(List<Caller> group) {
        List<JsonNode> out = new ArrayList<>();
        for (Caller c : group) out.add(c.input());
        return out;
    }

    /** A listing followed to its last page, the pages' entries joined (each page one call). */
    private CompletionStage<JsonNode> pages(CombinableRead r, JsonNode request,
                                            Function<JsonNode, CompletionStage<JsonNode>> send, ObjectNode sofar) {
        return counted(request, send).thenCompose(page -> {
            ObjectNode all = sofar;
            if (all == null) {
                all = page instanceof ObjectNode o ? o.deepCopy() : Json.object();
            } else {
                ArrayNode entries = all.withArray(r.resultMember);
                for (JsonNode e : page.path(r.resultMember)) entries.add(e);
            }
            String next = page.path("NextToken").asText("");
            if (next.isEmpty()) {
                all.remove("NextToken");
                return CompletableFuture.completedFuture((JsonNode) all);
            }
            return pages(r, ((ObjectNode) request.deepCopy()).put("NextToken", next), send, all);
        });
    }

    private CompletionStage<JsonNode> counted(JsonNode request, Function<JsonNode, CompletionStage<JsonNode>> send) {
        synchronized (this) {
            sent++;
        }
        return send.apply(request);
    }

    private long window() {
        return Math.floorDiv(scheduler.now().toEpochMilli(), tick.toMillis());
    }

    private synchronized void wrote(Object party) {
        lastWrite.put(party, scheduler.now().toEpochMilli());
    }

    /** Reads by name (Describe*, Get*, List*): any other call may change what a later read returns. */
    private static boolean isRead(String operation) {
        return operation.startsWith("Describe") || operation.startsWith("Get") || operation.startsWith("List");
    }
}
