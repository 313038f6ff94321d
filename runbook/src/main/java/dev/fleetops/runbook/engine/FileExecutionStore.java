package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.files.PrivateFiles;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.action.control.Signal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One JSON record per execution ({@code ID.json}) in a directory, and a folder of signal files per execution
 * ({@code ID.signals/NNNNNNNNNNNNN-TYPE.json}). Every file is written to a temporary name and moved into place,
 * so a reader in another process never sees half a file.
 */
final class FileExecutionStore implements ExecutionStore {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path directory;
    private final RecordWriter writer;

    FileExecutionStore(Path directory) {
        this.directory = directory;
        this.writer = RecordWriter.of(directory, (id, record) -> write(inStore(id, ".json"), Json.pretty(record)));
    }

    /**
     * Off the caller's thread (RecordWriter): the engine saves on every step transition. The final record is on disk
     * before this returns, once per execution: whoever learns that a run ended (a script after {@code fleetops run},
     * a test about to delete the directory) finds its file written, not still pending in a daemon thread. A failed
     * write is still not thrown here, at the engine: {@link #flush()} reports it.
     */
    @Override
    public void save(ExecutionRecord record) {
        writer.offer(record);
        if (record.status().terminal()) writer.awaitWritten();
    }

    @Override
    public void flush() {
        writer.flush();
    }

    @Override
    public Optional<ExecutionRecord> load(String executionId) {
        Optional<ExecutionRecord> pending = writer.pending(executionId);
        if (pending.isPresent()) return pending;
        Path file = inStore(executionId, ".json");
        try {
            return Optional.of(Json.MAPPER.readValue(Files.readString(file), ExecutionRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(file + " is not an execution record: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> ids() {
        List<String> pending = writer.pendingIds(); // newer than every file
        if (!Files.isDirectory(directory)) return pending;
        try (Stream<Path> files = Files.list(directory)) {
            List<String> ids = new ArrayList<>(files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(FileExecutionStore::modified))
                    .map(f -> f.getFileName().toString().replaceFirst("\\.json$", ""))
                    .filter(id -> !pending.contains(id))
                    .toList());
            ids.addAll(pending);
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void signal(String executionId, Signal signal) {
        // time in the name orders signals from several processes; the sequence breaks ties within one
        String name = String.format(Locale.ROOT, "%013d-%06d-%s.json", signal.time().toEpochMilli(), SEQUENCE.incrementAndGet() % 1_000_000,
                signal.type());
        write(signals(executionId).resolve(name), Json.compact(signal));
    }

    @Override
    public List<Signal> takeSignals(String executionId) {
        Path dir = signals(executionId);
        if (!Files.isDirectory(dir)) return List.of();
        List<Signal> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                try {
                    out.add(Json.MAPPER.readValue(Files.readString(f), Signal.class));
                } catch (JsonProcessingException e) {
                    // a malformed signal is dropped rather than blocking the run forever
                } catch (NoSuchFileException e) {
                    continue; // taken by a concurrent reader
                }
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private Path signals(String executionId) {
        return inStore(executionId, ".signals");
    }

    /** Records hold parameters and outputs: 0600 in a 0700 directory on POSIX ({@link PrivateFiles}). */
    private static void write(Path target, String text) {
        try {
            PrivateFiles.writeAtomically(target, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    /** A record's file: an id with a path separator or '..' would name a file outside the store, and is refused. */
    private Path inStore(String executionId, String suffix) {
        if (executionId.isEmpty() || executionId.contains("/") || executionId.contains("\\") || executionId.contains("..")) {
            throw new IllegalArgumentException("'" + executionId + "' is not an execution id");
        }
        return directory.resolve(executionId + suffix);
    }
}
