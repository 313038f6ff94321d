package dev.fleetops.cli.runbook;

import dev.fleetops.cli.CliRun;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.runbook.engine.ExecutionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** fleetops recover: its exit codes, and bad stores refused before anything is touched; resume when nothing waits. */
class RecoverCommandTest {

    @Test
    void anEmptyStoreHasNothingToRecoverAndExitsZero(@TempDir Path store) {
        CliRun r = CliRun.of("recover", "--store", store.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("nothing to recover");
    }

    @Test
    void aFileThatIsNotAJournalIsRefusedWithExitTwoAndLeftAsItWas(@TempDir Path store) throws Exception {
        Path db = store.resolve("journal.db");
        Files.writeString(db, "not a database");
        CliRun r = CliRun.of("recover", "--store", store.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(db.toString()).contains("not a SQLite database").contains("expected a fleetops journal")
                .doesNotContain("Exception");
        assertThat(Files.readString(db)).isEqualTo("not a database");
    }

    @Test
    void onTheSimulatorRecoverNeedsTheStore() {
        CliRun r = CliRun.of("recover");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--store");
    }

    @Test
    void resumeOfAnExecutionThatWaitsForNoSignalSaysSoWithExitTwo(@TempDir Path store) {
        ExecutionRecord running = new ExecutionRecord("exec-1", "runbook", "RebootInstanceGraceful", Status.InProgress,
                Optional.of(Instant.parse("2026-01-05T09:00:00Z")), Optional.empty(), Map.of(), Map.of(), Optional.empty(),
                List.of(), Optional.empty(), List.of());
        ExecutionStore.directory(store).save(running);
        CliRun r = CliRun.of("resume", "exec-1", "--approve", "--store", store.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("not waiting for a signal").contains("fleetops recover");
        assertThat(ExecutionStore.directory(store).takeSignals("exec-1")).as("nothing was sent").isEmpty();
    }
}
