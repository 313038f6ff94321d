package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.runbook.action.control.Signal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where execution records live while and after they run, and where signals for waiting executions are left.
 * The engine saves the record on every step transition, so another process can read it (one JSON file per
 * execution in a directory store) or send it a decision ({@code fleetops resume}). Implementations are safe to call
 * from any thread.
 */
public interface ExecutionStore {

    void save(ExecutionRecord record);

    Optional<ExecutionRecord> load(String executionId);

    /** Waits until every record saved so far is stored (a directory store writes behind the caller). */
    default void flush() {
    }

    /** Ids of the stored executions, oldest first. */
    List<String> ids();

    /** Leaves a signal for an execution (it need not be waiting yet: the next wait picks it up). */
    void signal(String executionId, Signal signal);

    /** Takes (removes) the signals left for an execution, in the order they were sent. */
    List<Signal> takeSignals(String executionId);

    static ExecutionStore inMemory() {
        return new InMemoryExecutionStore();
    }

    /** One JSON file per execution under {@code directory} (created when missing). */
    static ExecutionStore directory(Path directory) {
        return new FileExecutionStore(directory);
    }

    /** {@code ~/.fleetops/executions}, the CLI's default. */
    static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".fleetops", "executions");
    }
}
