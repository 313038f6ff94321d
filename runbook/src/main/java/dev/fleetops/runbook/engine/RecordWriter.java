package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * Write-behind for the per-execution JSON records of a directory store. The engine saves a record on every step
 * transition, on its scheduler thread; serializing and renaming a file there made every transition wait for the
 * disk. Here a save only replaces the execution's pending record, and one daemon thread writes the latest of each
 * (a burst of transitions becomes one write). The records are a view for readers ({@code resume}, reports,
 * {@code -o json}); recovery reads the journal, so a record lost to kill -9 costs nothing but a stale file.
 *
 * <p>One writer per directory and process, so a store opened twice in one process reads its own pending saves.
 * Pending records are written at exit by a shutdown hook, and by {@link #flush()}.
 */
final class RecordWriter {

    private static final ConcurrentMap<Path, RecordWriter> BY_DIRECTORY = new ConcurrentHashMap<>();
    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "execution-records");
        t.setDaemon(true);
        return t;
    });

    static {
        // through the writer thread, not beside it: two writers of one record would share its temporary file
        Runtime.getRuntime().addShutdownHook(new Thread(() -> BY_DIRECTORY.values().forEach(w -> {
            try {
                w.flush();
            } catch (RuntimeException reported) {
                // drain printed it
            }
        }), "execution-records-flush"));
    }

    private final BiConsumer<String, ExecutionRecord> write;
    private final Map<String, ExecutionRecord> pending = new LinkedHashMap<>();
    private RuntimeException failure;

    private RecordWriter(BiConsumer<String, ExecutionRecord> write) {
        this.write = write;
    }

    /** The writer of {@code directory}; {@code write} stores one record (the first caller's is kept). */
    static RecordWriter of(Path directory, BiConsumer<String, ExecutionRecord> write) {
        return BY_DIRECTORY.computeIfAbsent(directory.toAbsolutePath().normalize(), d -> new RecordWriter(write));
    }

    void offer(ExecutionRecord record) {
        boolean first;
        synchronized (this) {
            first = pending.isEmpty();
            pending.put(record.id(), record);
        }
        if (first) THREAD.execute(this::drain);
    }

    synchronized Optional<ExecutionRecord> pending(String id) {
        return Optional.ofNullable(pending.get(id));
    }

    synchronized List<String> pendingIds() {
        return new ArrayList<>(pending.keySet());
    }

    /** Waits until every record saved so far is on disk; throws the last write failure, once. */
    void flush() {
        awaitWritten();
        RuntimeException f;
        synchronized (this) {
            f = failure;
            failure = null;
        }
        if (f != null) throw f;
    }

    /** Waits until every record saved so far was written or failed; a failure stays for {@link #flush()}. */
    void awaitWritten() {
        try {
            THREAD.submit(this::drain).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void drain() {
        while (true) {
            Map.Entry<String, ExecutionRecord> next;
            synchronized (this) {
                if (pending.isEmpty()) return;
                next = Map.entry(pending.keySet().iterator().next(), pending.values().iterator().next()); // a copy: the map's entry changes with the next save
            }
            try {
                write.accept(next.getKey(), next.getValue());
            } catch (RuntimeException e) {
                synchronized (this) {
                    if (failure == null) System.err.println("fleetops: cannot write the execution record of "
                            + next.getKey() + ": " + e.getMessage() + " (the journal still holds the execution)");
                    failure = e;
                }
            }
            synchronized (this) {
                pending.remove(next.getKey(), next.getValue()); // a newer save stays pending
            }
        }
    }
}
