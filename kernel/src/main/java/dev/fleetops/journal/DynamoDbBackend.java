package dev.fleetops.journal;

import dev.fleetops.cloud.dynamodb.DynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The shared store of several replicas. Appends of one batch are grouped per execution: each group is one
 * TransactWriteItems (checking the lease's token, putting the entries, moving the execution's head on only from
 * the sequence number it read). The calls of one batch about different executions (their lease acquisitions,
 * appends, history reads) are in flight together, each execution's in the order they were submitted; one round
 * trip's latency is then shared by the whole batch instead of paid once per call (docs/journal.md, "Two lanes").
 */
final class DynamoDbBackend implements Backend {

    /** TransactWriteItems takes at most 100 items: the lease check, the head, and the entries. */
    private static final int ENTRIES_PER_TRANSACTION = 98;

    /**
     * Calls of one batch in flight together: the chains of different executions, and the reads of one read batch
     * (below the async client's default of 50 connections, so a burst does not queue in the client).
     */
    static final int IN_FLIGHT = 32;

    private final DynamoDbTables t;
    private final DynamoDbAsyncClient db;
    private final DynamoDbLeases leases;
    private final DynamoDbInbox inbox;
    /** Threads that wait for the async client's answers, so that a batch's chains are in flight together. */
    private final ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
        Thread th = new Thread(r, "fleetops-journal-dynamodb");
        th.setDaemon(true); // like the writer: what was acknowledged is durable
        return th;
    });

    DynamoDbBackend(DynamoDbTables tables) {
        this.t = tables;
        this.db = tables.client();
        this.leases = new DynamoDbLeases(tables);
        this.inbox = new DynamoDbInbox(tables);
    }

    @Override
    public String describe() {
        return t.toString();
    }

    @Override
    public int readsPerBatch() {
        return IN_FLIGHT;
    }

    /**
     * Each key's calls (an execution's appends, history and lease; an event's inbox item) in the order they were
     * submitted, one chain per key, the chains of different keys in flight together; calls without a key (the
     * listings, a flush) after them. A store failure fails the rest of its own chain, not the others.
     */
    @Override
    public void execute(List<Call> batch) {
        Map<String, List<Call>> chains = new LinkedHashMap<>();
        List<Call> unkeyed = new ArrayList<>();
        for (Call c : batch) {
            String k = key(c.op);
            if (k == null) unkeyed.add(c);
            else chains.computeIfAbsent(k, x -> new ArrayList<>()).add(c);
        }
        inFlight(chains.values().stream().map(chain -> (Runnable) () -> chain(chain)).toList());
        inFlight(unkeyed.stream().map(c -> (Runnable) () -> chain(List.of(c))).toList());
    }

    /** Runs {@code work} on the pool, all of it in flight together, and waits for it (each piece is bounded). */
    private void inFlight(List<Runnable> work) {
        if (work.size() == 1) {
            work.get(0).run();
            return;
        }
        CompletableFuture.allOf(work.stream().map(w -> CompletableFuture.runAsync(w, pool)).toArray(CompletableFuture[]::new)).join();
    }

    /** The execution, lease or inbox item a call is about; null for the listings and a flush. */
    static String key(Op op) {
        if (op instanceof Op.Append a) return "x:" + a.executionId();
        if (op instanceof Op.History h) return "x:" + h.executionId();
        if (op instanceof Op.Acquire a) return "x:" + a.resource();
        if (op instanceof Op.Renew r) return "x:" + r.lease().resource();
        if (op instanceof Op.Release r) return "x:" + r.lease().resource();
        if (op instanceof Op.Put p) return "i:" + p.eventId();
        if (op instanceof Op.Done d) return "i:" + d.eventId();
        return null;
    }

    /** One key's calls, in order: consecutive appends as one group; after a store failure the rest fail with it. */
    private void chain(List<Call> calls) {
        List<Call> appends = new ArrayList<>();
        try {
            for (Call c : calls) {
                if (c.op instanceof Op.Append) {
                    appends.add(c);
                    continue;
                }
                appendAll(appends); // what came before is written before what comes after reads
                appends.clear();
                try {
                    c.succeed(run(c.op));
                } catch (FencedException | IllegalStateException refused) {
                    c.fail(refused);
                }
            }
            appendAll(appends);
        } catch (RuntimeException e) {
            StoreException failed = e instanceof StoreException s ? s
                    : new StoreException("the journal " + describe() + " could not carry out a call: " + e, e);
            calls.stream().filter(c -> !c.decided()).forEach(c -> c.fail(failed));
        }
    }

    private void appendAll(List<Call> appends) {
        if (appends.isEmpty()) return;
        Map<String, List<Call>> byExecution = new LinkedHashMap<>();
        for (Call c : appends) byExecution.computeIfAbsent(((Op.Append) c.op).executionId(), k -> new ArrayList<>()).add(c);
        List<CompletableFuture<Void>> groups = new ArrayList<>();
        for (var e : byExecution.entrySet()) groups.add(appendGroup(e.getKey(), e.getValue()));
        // the groups' transactions follow one another: each may take the usual bound
        int transactions = byExecution.values().stream().mapToInt(c -> (c.size() + ENTRIES_PER_TRANSACTION - 1) / ENTRIES_PER_TRANSACTION).max().orElse(1);
        t.call(t.entries(), "TransactWriteItems", CompletableFuture.allOf(groups.toArray(CompletableFuture[]::new)),
                DynamoDbTable.DEFAULT_TIMEOUT.multipliedBy(transactions + 1));
    }

    /** One execution's appends of this batch, in order; each call is decided when the stage completes. */
    private CompletableFuture<Void> appendGroup(String id, List<Call> calls) {
        var head = db.getItem(b -> b.tableName(t.executions()).key(Map.of(DynamoDbTables.EXECUTION_ID, s(id))).consistentRead(true));
        var lease = db.getItem(b -> b.tableName(t.leases()).key(Map.of(DynamoDbTables.RESOURCE, s(id))).consistentRead(true));
        return head.thenCombine(lease, (h, l) -> {
            Optional<Rules.Head> current = h.hasItem() && !h.item().isEmpty()
                    ? Optional.of(new Rules.Head(n(h.item(), "LastSeq"), h.item().containsKey("Status"))) : Optional.empty();
            Optional<Rules.Held> held = l.hasItem() && !l.item().isEmpty() ? Optional.of(held(l.item())) : Optional.empty();
            return plan(id, calls, current, held);
        }).thenCompose(plan -> commit(id, plan, 0)).exceptionally(e -> {
            // a read failed: this group's undecided calls fail, the other groups' outcomes stand
            StoreException failed = new StoreException("appending to execution " + id + " in " + t.entries() + " failed: " + e, e);
            calls.stream().filter(c -> !c.decided()).forEach(c -> c.fail(failed));
            return null;
        });
    }

    /** The calls that may be written, with their sequence numbers; the others are decided (refused) here. */
    private record Planned(Call call, long seq) { }

    private record Plan(List<Planned> writes, Optional<Rules.Head> head, long token) { }

    private Plan plan(String id, List<Call> calls, Optional<Rules.Head> head, Optional<Rules.Held> held) {
        List<Planned> writes = new ArrayList<>();
        Optional<Rules.Head> at = head;
        long token = held.map(Rules.Held::token).orElse(Journal.UNLEASED);
        for (Call c : calls) {
            Op.Append a = (Op.Append) c.op;
            try {
                Rules.checkFence(id, a.token(), held);
                long seq = Rules.nextSequence(id, at, a.entry());
                writes.add(new Planned(c, seq));
                at = Optional.of(new Rules.Head(seq, a.entry() instanceof Entry.Ended));
            } catch (FencedException | IllegalStateException refused) {
                c.fail(refused);
            }
        }
        return new Plan(writes, head, token);
    }

    private CompletableFuture<Void> commit(String id, Plan plan, int from) {
        if (from >= plan.writes().size()) return CompletableFuture.completedFuture(null);
        List<Planned> chunk = plan.writes().subList(from, Math.min(plan.writes().size(), from + ENTRIES_PER_TRANSACTION));
        long before = from == 0 ? plan.head().map(Rules.Head::lastSequence).orElse(0L) : plan.writes().get(from - 1).seq();
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(t.leases()).key(Map.of(DynamoDbTables.RESOURCE, s(id)))
                .conditionExpression(plan.token() == Journal.UNLEASED ? "attribute_not_exists(#k)" : "#t = :t")
                .expressionAttributeNames(plan.token() == Journal.UNLEASED ? Map.of("#k", DynamoDbTables.RESOURCE) : Map.of("#t", "Token"))
                .expressionAttributeValues(plan.token() == Journal.UNLEASED ? null : Map.of(":t", n(plan.token())))).build());
        items.add(headWrite(id, chunk, before));
        for (Planned p : chunk) {
            Entry e = ((Op.Append) p.call().op).entry();
            items.add(TransactWriteItem.builder().put(b -> b.tableName(t.entries())
                    .item(Map.of(DynamoDbTables.EXECUTION_ID, s(id), DynamoDbTables.SEQ, n(p.seq()), "Type", s(e.type()), "Body", s(EntryCodec.encode(e))))
                    .conditionExpression("attribute_not_exists(#s)").expressionAttributeNames(Map.of("#s", DynamoDbTables.SEQ))).build());
        }
        return db.transactWriteItems(b -> b.transactItems(items)).handle((ok, error) -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause == null) {
                chunk.forEach(p -> p.call().succeed(p.seq()));
                return true;
            }
            RuntimeException refused = cause instanceof TransactionCanceledException tc && tc.hasCancellationReasons()
                    && "ConditionalCheckFailed".equals(tc.cancellationReasons().get(0).code())
                    ? new FencedException(id, plan.token(), currentToken(id))
                    : cause instanceof TransactionCanceledException
                    ? new StoreException("execution " + id + " in " + t.entries() + " was appended to by another writer at the same time "
                            + "(without a lease?): " + cause.getMessage(), cause)
                    : new StoreException("appending to execution " + id + " in " + t.entries() + " failed: " + cause, cause);
            plan.writes().subList(from, plan.writes().size()).forEach(p -> p.call().fail(refused));
            return false;
        }).thenCompose(ok -> ok ? commit(id, plan, from + chunk.size()) : CompletableFuture.completedFuture(null));
    }

    /** The head moves from {@code before} to the chunk's last sequence number, and no one else's may have moved it. */
    private TransactWriteItem headWrite(String id, List<Planned> chunk, long before) {
        long last = chunk.get(chunk.size() - 1).seq();
        Optional<Entry.Ended> ended = chunk.stream().map(p -> ((Op.Append) p.call().op).entry())
                .filter(Entry.Ended.class::isInstance).map(Entry.Ended.class::cast).findFirst();
        Optional<Entry.Started> started = chunk.stream().map(p -> ((Op.Append) p.call().op).entry())
                .filter(Entry.Started.class::isInstance).map(Entry.Started.class::cast).findFirst();
        if (started.isPresent()) {
            Map<String, AttributeValue> item = new HashMap<>(Map.of(DynamoDbTables.EXECUTION_ID, s(id), "LastSeq", n(last),
                    "Started", s(EntryCodec.encode(started.get())), "Created", s(started.get().at().toString())));
            ended.ifPresent(e -> item.put("Status", s(e.status().name())));
            return TransactWriteItem.builder().put(b -> b.tableName(t.executions()).item(item)
                    .conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", DynamoDbTables.EXECUTION_ID))).build();
        }
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":last", n(last), ":before", n(before)));
        ended.ifPresent(e -> values.put(":status", s(e.status().name())));
        return TransactWriteItem.builder().update(b -> b.tableName(t.executions()).key(Map.of(DynamoDbTables.EXECUTION_ID, s(id)))
                .updateExpression("SET LastSeq = :last" + (ended.isPresent() ? ", #st = :status" : ""))
                .conditionExpression("LastSeq = :before")
                .expressionAttributeNames(ended.isPresent() ? Map.of("#st", "Status") : null)
                .expressionAttributeValues(values)).build();
    }

    private long currentToken(String id) {
        var l = t.call(t.leases(), "GetItem", db.getItem(b -> b.tableName(t.leases()).key(Map.of(DynamoDbTables.RESOURCE, s(id))).consistentRead(true)));
        return l.hasItem() && !l.item().isEmpty() ? n(l.item(), "Token") : Journal.UNLEASED;
    }

    private Object run(Op op) {
        if (op instanceof Op.History h) return history(h.executionId());
        if (op instanceof Op.Open) return open();
        if (op instanceof Op.Flush) return null;
        if (op instanceof Op.Acquire a) return leases.acquire(a);
        if (op instanceof Op.Renew r) return leases.renew(r);
        if (op instanceof Op.Release r) return leases.release(r.lease());
        if (op instanceof Op.Takeable k) return leases.leases(h -> Rules.takeable(h, k.now()));
        if (op instanceof Op.Held k) return leases.leases(h -> Rules.live(h, k.now()));
        if (op instanceof Op.Put p) return inbox.put(p);
        if (op instanceof Op.Done d) return inbox.done(d);
        if (op instanceof Op.Pending) return inbox.pending();
        throw new IllegalStateException("unknown operation " + op);
    }

    private List<Recorded> history(String id) {
        List<Recorded> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = t.call(t.entries(), "Query", db.query(b -> b.tableName(t.entries()).consistentRead(true)
                    .keyConditionExpression("#k = :id").expressionAttributeNames(Map.of("#k", DynamoDbTables.EXECUTION_ID))
                    .expressionAttributeValues(Map.of(":id", s(id))).exclusiveStartKey(from)));
            for (var item : page.items()) {
                long seq = n(item, DynamoDbTables.SEQ);
                out.add(new Recorded(id, seq, EntryCodec.decode(t.entries() + " (execution " + id + ", entry " + seq + ")",
                        item.get("Type").s(), item.get("Body").s())));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /** A scan with a filter: fine for the few executions a fleet has open; a sparse index would serve more. */
    private List<OpenExecution> open() {
        List<Map<String, AttributeValue>> items = scan(t, t.executions(), "attribute_not_exists(#st)", Map.of("#st", "Status"));
        return items.stream().sorted(Comparator.comparing((Map<String, AttributeValue> i) -> Instant.parse(i.get("Created").s()))
                        .thenComparing(i -> i.get(DynamoDbTables.EXECUTION_ID).s()))
                .map(i -> new OpenExecution(i.get(DynamoDbTables.EXECUTION_ID).s(), (Entry.Started) EntryCodec.decode(
                        t.executions() + " (execution " + i.get(DynamoDbTables.EXECUTION_ID).s() + ")", "started", i.get("Started").s()),
                        n(i, "LastSeq")))
                .toList();
    }

    static List<Map<String, AttributeValue>> scan(DynamoDbTables t, String table, String filter, Map<String, String> names) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = t.call(table, "Scan", t.client().scan(b -> b.tableName(table).consistentRead(true)
                    .filterExpression(filter).expressionAttributeNames(names).exclusiveStartKey(from)));
            out.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    static Rules.Held held(Map<String, AttributeValue> item) {
        AttributeValue owner = item.get("Owner");
        return new Rules.Held(item.get(DynamoDbTables.RESOURCE).s(), owner == null ? null : owner.s(), n(item, "Token"),
                Instant.parse(item.get("ExpiresAt").s()), Duration.ofMillis(n(item, "TtlMs")));
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static long n(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    @Override
    public void close() {
        // the client is the caller's: it may serve other stores; the writer has stopped, so the pool is idle
        pool.shutdown();
    }
}
