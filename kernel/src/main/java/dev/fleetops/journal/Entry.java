package dev.fleetops.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.execution.Status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of an execution's journal. Entries are appended, never changed: the history of an execution is the
 * sequence of its entries (see docs/journal.md). The order of the components is the stored JSON's.
 */
public sealed interface Entry {

    /** When the entry was made, on the execution's scheduler (virtual or real time). */
    Instant at();

    /** The name stored with the entry (one per record type, the journal's format). */
    String type();

    /**
     * The execution began. {@code runs} names what it runs: a document name, a handler name...; {@code
     * contentHash} is the document's content hash (SHA-256, hex) when it runs a document, so recovery can tell
     * whether the document changed since.
     */
    record Started(Instant at, ExecutionKind kind, String runs, Optional<String> contentHash,
                   Map<String, List<String>> parameters, Optional<String> parentId) implements Entry {
        public Started {
            parameters = Map.copyOf(parameters);
        }

        @Override
        public String type() {
            return "started";
        }
    }

    /**
     * Attempt {@code attempt} of step {@code step} began and must end by {@code deadline} (its timeout): a step
     * that is re-entered after a crash keeps that deadline rather than starting a fresh timeout.
     */
    record AttemptStarted(Instant at, String step, int attempt, Instant deadline) implements Entry {
        @Override
        public String type() {
            return "attempt";
        }
    }

    /**
     * Step {@code step}, attempt {@code attempt}, is about to call {@code service:operation} with {@code request}
     * and idempotency token {@code token}. Written (and durable) before the call is made.
     */
    record StepIntent(Instant at, String step, int attempt, String service, String operation, String token,
                      JsonNode request) implements Entry {
        @Override
        public String type() {
            return "intent";
        }
    }

    /** The outcome of step {@code step}, attempt {@code attempt}: its status, outputs, or error. */
    record StepResult(Instant at, String step, int attempt, Status status, Map<String, JsonNode> outputs,
                      Optional<String> error) implements Entry {
        public StepResult {
            outputs = Map.copyOf(outputs);
        }

        @Override
        public String type() {
            return "result";
        }
    }

    /** A decision reached the execution (approve, reject, cancel). */
    record SignalReceived(Instant at, Signal signal, Optional<String> user, Optional<String> comment) implements Entry {
        @Override
        public String type() {
            return "signal";
        }
    }

    /** The execution ended with {@code status} (a terminal status). */
    record Ended(Instant at, Status status, Optional<String> failureMessage) implements Entry {
        public Ended {
            if (!status.terminal()) throw new IllegalArgumentException("an execution ends with a terminal status, not " + status);
        }

        @Override
        public String type() {
            return "ended";
        }
    }

    /** The decisions an execution can receive. */
    enum Signal { Approve, Reject, Cancel }
}
