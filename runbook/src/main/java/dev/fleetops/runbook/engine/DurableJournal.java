package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.journal.Entry;
import dev.fleetops.journal.ExecutionKind;
import dev.fleetops.journal.Lease;
import dev.fleetops.journal.StoreException;
import dev.fleetops.time.Scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's journal on the kernel's durable one (docs/recovery.md): each execution is leased by this process's
 * owner id (renewed by a heartbeat) and every entry carries the lease's fencing token. Appends are queued per
 * execution until its lease is granted, then handed to the store's writer, so nothing here waits on the disk,
 * except on virtual time: there an intent is awaited inline, so that the simulation cannot move on while the
 * acknowledgement is in flight (its clock does not wait for the disk) and runs stay repeatable.
 * Intents are written for calls with an effect; reads (Describe*, Get*, List*) repeat harmlessly.
 */
final class DurableJournal implements Journal {

    private final dev.fleetops.journal.Journal store;
    private final String owner;
    private final Scheduler scheduler;
    private final boolean inline;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    /** Appends handed over and not yet acknowledged or refused (those waiting for their lease included). */
    private final java.util.Set<CompletableFuture<Long>> pending = ConcurrentHashMap.newKeySet();
    /** One line per execution whose journal lost an entry: never silent (docs/recovery.md, "What is written, when"). */
    private final java.util.Queue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();

    DurableJournal(dev.fleetops.journal.Journal store, String owner, Scheduler scheduler) {
        this.store = store;
        this.owner = owner;
        this.scheduler = scheduler;
        this.inline = scheduler.isVirtual();
    }

    String owner() {
        return owner;
    }

    dev.fleetops.journal.Journal store() {
        return store;
    }

    /** Recovery took {@code lease} on an execution that already has a journal: appends go on under it. */
    void adopt(Lease lease) {
        Run r = new Run(lease.resource(), false);
        runs.put(lease.resource(), r);
        r.leased(lease);
    }

    /** An execution that had ended runs again only to restore its record (a child its parent asks for again): nothing is written. */
    void replayOnly(String executionId) {
        runs.put(executionId, new Run(executionId, true));
    }

    @Override
    public void started(String executionId, String document, Optional<String> contentHash,
                        Map<String, List<String>> parameters, Optional<String> parentId) {
        Run adopted = runs.get(executionId);
        if (adopted != null) return; // resumed: its started entry is in the journal already
        Run r = new Run(executionId, false);
        runs.put(executionId, r);
        // a dead process of this host may have leased it and died before its 'started' was durable (a handler's
        // runbook child in bench chaos): its lease is taken at once rather than failing the run until it expires
        CompletionStage<Optional<Lease>> lease = store.leases().acquireFrom(executionId, owner,
                dev.fleetops.journal.Leases.DEFAULT_TTL, Owners::deadOnThisHost);
        if (inline) join(lease);
        lease.whenComplete((l, e) -> {
            if (e != null) r.failed(e);
            else if (l.isEmpty()) r.failed(new StoreException("execution " + executionId + " is leased by another owner"));
            else r.leased(l.get());
        });
        r.append(new Entry.Started(r.now(), ExecutionKind.RUNBOOK, document, contentHash, parameters, parentId));
    }

    @Override
    public CompletionStage<Void> aboutToCall(String executionId, String step, int attempt, String operation,
                                             String token, JsonNode request) {
        Run r = runs.get(executionId);
        if (r == null || r.ended || readOnly(operation)) return r != null && r.failure != null ? CompletableFuture.failedFuture(r.failure) : DONE;
        int colon = operation.indexOf(':');
        CompletionStage<Void> durable = r.append(new Entry.StepIntent(r.now(), step, attempt, operation.substring(0, colon),
                operation.substring(colon + 1), token, request)).thenApply(seq -> null);
        if (inline) join(durable);
        return durable;
    }

    @Override
    public void attemptStarted(String executionId, String step, int attempt, java.time.Instant deadline) {
        Run r = runs.get(executionId);
        if (r == null || r.ended) return;
        r.append(new Entry.AttemptStarted(r.now(), step, attempt, deadline));
    }

    @Override
    public void stepEnded(String executionId, String step, StepRecord result) {
        Run r = runs.get(executionId);
        if (r == null || r.ended) return;
        r.append(new Entry.StepResult(r.now(), step, result.attempt(), result.status(), result.outputs(), result.failureMessage()));
    }

    @Override
    public void ended(ExecutionRecord record) {
        Run r = runs.remove(record.id());
        if (r == null || r.ended) return;
        r.append(new Entry.Ended(r.now(), record.status(), record.failureMessage())).whenComplete((seq, e) -> r.release());
    }

    /**
     * Completes once every append handed over so far was acknowledged or refused (a new execution's wait for its
     * lease included), with a line for each execution whose journal lost an entry. A command waits for it before it
     * closes the store: an append still waiting for its lease when the store closed used to fail unseen.
     */
    CompletionStage<List<String>> settled() {
        List<CompletableFuture<Long>> now = pending.stream().filter(f -> !f.isDone()).toList();
        if (now.isEmpty()) return CompletableFuture.completedFuture(List.copyOf(failures));
        return CompletableFuture.allOf(now.toArray(CompletableFuture[]::new)).handle((v, e) -> null).thenCompose(v -> settled());
    }

    static boolean readOnly(String operation) {
        String op = operation.substring(operation.indexOf(':') + 1);
        return dev.fleetops.cloud.api.Operation.readOnly(op);
    }

    private static <T> void join(CompletionStage<T> stage) {
        try {
            stage.toCompletableFuture().join();
        } catch (RuntimeException e) {
            // the stage carries the failure to the caller
        }
    }

    /** One execution's lease and the appends waiting for it, in order. */
    private final class Run {
        final String id;
        final boolean ended;
        private final List<Runnable> waiting = new ArrayList<>();
        private Lease lease;
        private Scheduler.Cancellable heartbeat;
        volatile Throwable failure;
        private volatile boolean reported;

        Run(String id, boolean ended) {
            this.id = id;
            this.ended = ended;
        }

        java.time.Instant now() {
            return scheduler.now();
        }

        synchronized void leased(Lease l) {
            lease = l;
            heartbeat = store.leases().keep(l, this::failed);
            waiting.forEach(Runnable::run);
            waiting.clear();
        }

        synchronized void failed(Throwable e) {
            if (failure == null) failure = e;
            waiting.forEach(Runnable::run);
            waiting.clear();
        }

        synchronized CompletionStage<Long> append(Entry entry) {
            CompletableFuture<Long> out = new CompletableFuture<>();
            pending.add(out);
            out.whenComplete((seq, e) -> pending.remove(out));
            Runnable send = () -> {
                if (failure != null) {
                    lost(entry, failure);
                    out.completeExceptionally(failure);
                    return;
                }
                store.append(id, lease.token(), entry).whenComplete((seq, e) -> {
                    if (e != null) {
                        failed(e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e);
                        lost(entry, failure);
                        out.completeExceptionally(failure);
                    } else {
                        out.complete(seq);
                    }
                });
            };
            if (lease == null && failure == null) waiting.add(send);
            else send.run();
            return out;
        }

        /** The first entry this execution's journal lost, told once (later ones fail for the same reason). */
        private void lost(Entry entry, Throwable e) {
            if (reported) return;
            reported = true;
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            failures.add("execution " + id + ": its '" + entry.type() + "' entry was not journaled in " + owner + "'s store: "
                    + cause.getMessage());
        }

        synchronized void release() {
            if (heartbeat != null) heartbeat.cancel();
            if (lease != null) store.leases().release(lease);
        }
    }
}
