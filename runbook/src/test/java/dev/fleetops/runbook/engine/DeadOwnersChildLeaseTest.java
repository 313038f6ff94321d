package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.journal.Leases;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process of this host leased a handler's runbook child and died before the child's 'started' entry was durable
 * (seen in `bench chaos`): the next owner starts the child at once, taking the dead process's lease, instead of
 * failing the handler run with "leased by another owner" until the lease expires.
 *
 * <p>Repeated: the journal answers on its writer thread, and a driver that did not wait for it gave up with "nothing
 * left to run in virtual time" in 348 of 400 repetitions in a warm JVM (docs/journal.md, "Threads, durability and
 * virtual time"); once is not enough to see that.
 */
class DeadOwnersChildLeaseTest {

    @TempDir
    Path dir;

    @RepeatedTest(50)
    void aChildLeasedByADeadProcessOfThisHostStartsAtOnce() throws Exception {
        EngineFixture f = new EngineFixture();
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("Nap.yaml"), """
                schemaVersion: '0.3'
                mainSteps:
                  - {name: Nap, action: 'aws:sleep', inputs: {Duration: PT1S}}
                """);
        Journal journal = Journals.sqlite(dir.resolve("store"), f.scheduler, Runnable::run);
        // pid 2^22 + 1 is above Linux's pid_max: no process has it
        String dead = Owners.host() + ":4194305:1";
        assertThat(Owners.deadOnThisHost(dead)).isTrue();
        journal.leases().acquire("child-1", dead, Leases.DEFAULT_TTL).toCompletableFuture().join().orElseThrow();
        RunbookEngine engine = RunbookEngine.builder(f.cloud).docs(docs).ssmDocuments(false).journal(journal, "host-b:2:2").build();

        ExecutionRecord r = f.scheduler.await(engine.runChild("Nap", Map.of(), "child-1", "run-1"), Duration.ofSeconds(10));

        assertThat(r.status()).as(r.failureMessage().orElse("")).isEqualTo(Status.Success);
        assertThat(journal.history("child-1").toCompletableFuture().join()).first()
                .satisfies(e -> assertThat(e.entry().type()).isEqualTo("started"));
        journal.close();
    }
}
