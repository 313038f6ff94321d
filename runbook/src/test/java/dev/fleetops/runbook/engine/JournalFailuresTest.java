package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A journal write that fails is never silent (docs/recovery.md, "What is written, when"): entries the engine does not
 * wait for (a step's start and end, the execution's end) used to fail unseen, so a `run` could exit 0 with nothing
 * in the journal. The engine lists each execution whose journal lost an entry once everything handed over is settled.
 */
class JournalFailuresTest {

    @TempDir
    Path store;

    static final String NAP = """
            schemaVersion: '0.3'
            mainSteps:
              - {name: Nap, action: 'aws:sleep', inputs: {Duration: PT10S}}
            """;

    @Test
    void anEntryTheStoreRefusedIsListedOnceSettled() {
        EngineFixture f = new EngineFixture();
        Journal journal = Journals.sqlite(store, f.scheduler, Runnable::run);
        RunbookEngine engine = RunbookEngine.builder(f.cloud).ssmDocuments(false).journal(journal, "host-a:1:1").build();
        Execution run = engine.start(engine.validator().validate("nap.yaml", NAP), Map.of());
        f.scheduler.runFor(Duration.ofSeconds(5));
        journal.close(); // the store goes away mid-run: the step's end and the execution's end cannot be written

        ExecutionRecord r = f.scheduler.await(run.result(), Duration.ofMinutes(1));
        List<String> lost = engine.journalSettled().toCompletableFuture().join();

        assertThat(r.status()).as("a sleep makes no call: the run itself succeeds").hasToString("Success");
        assertThat(lost).singleElement().satisfies(m -> assertThat(m).startsWith("execution " + run.id() + ": its '")
                .contains("entry was not journaled").contains("is closed"));
    }

    @Test
    void nothingIsListedWhenEveryEntryIsDurable() {
        EngineFixture f = new EngineFixture();
        Journal journal = Journals.sqlite(store, f.scheduler, Runnable::run);
        RunbookEngine engine = RunbookEngine.builder(f.cloud).ssmDocuments(false).journal(journal, "host-a:1:1").build();
        Execution run = engine.start(engine.validator().validate("nap.yaml", NAP), Map.of());
        f.scheduler.await(run.result(), Duration.ofMinutes(1));

        assertThat(engine.journalSettled().toCompletableFuture().join()).isEmpty();
        assertThat(journal.history(run.id()).toCompletableFuture().join()).last()
                .satisfies(e -> assertThat(e.entry().type()).isEqualTo("ended"));
        journal.close();
    }
}
