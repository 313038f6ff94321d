package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.runbook.action.control.Signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records and signals in memory: tests, the simulator, and runs that need not survive the process. */
final class InMemoryExecutionStore implements ExecutionStore {

    private final Map<String, ExecutionRecord> records = new LinkedHashMap<>();
    private final Map<String, List<Signal>> signals = new LinkedHashMap<>();

    @Override
    public synchronized void save(ExecutionRecord record) {
        records.put(record.id(), record);
    }

    @Override
    public synchronized Optional<ExecutionRecord> load(String executionId) {
        return Optional.ofNullable(records.get(executionId));
    }

    @Override
    public synchronized List<String> ids() {
        return List.copyOf(records.keySet());
    }

    @Override
    public synchronized void signal(String executionId, Signal signal) {
        signals.computeIfAbsent(executionId, k -> new ArrayList<>()).add(signal);
    }

    @Override
    public synchronized List<Signal> takeSignals(String executionId) {
        List<Signal> out = signals.remove(executionId);
        return out == null ? List.of() : out;
    }
}
