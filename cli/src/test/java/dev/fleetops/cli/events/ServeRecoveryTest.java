package dev.fleetops.cli.events;

import dev.fleetops.cli.CliRun;
import dev.fleetops.events.Intake;
import dev.fleetops.execution.Status;
import dev.fleetops.journal.Entry;
import dev.fleetops.journal.ExecutionKind;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.journal.Recorded;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve} at start-up finishes what a dead process left open in its store's journal: an interrupted runbook
 * execution (resumed by the runbook engine's recovery) and an interrupted handler run of a runbook rule (continued
 * through the intake; its runbook a child of the run), while the intake is already up.
 */
class ServeRecoveryTest {

    static final String EVENT_ID = "7a0a6b36-0000-4000-8000-00000000beef";
    static final String EVENT = """
            {"version":"0","id":"%s","detail-type":"EC2 Spot Instance Interruption Warning","source":"aws.ec2",
             "account":"123456789012","time":"2024-05-01T10:00:00Z","region":"us-east-1","resources":[],
             "detail":{"instance-id":"i-0123456789abcdef0","instance-action":"terminate"}}""".formatted(EVENT_ID);

    @TempDir
    Path dir;

    @Test
    void anInterruptedHandlerRunAndAnInterruptedRunbookAreBothFinishedAtStartUp() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("Pause.yaml"), """
                schemaVersion: "0.3"
                mainSteps:
                  - name: Pause
                    action: aws:sleep
                    inputs:
                      Duration: PT5S
                """);
        Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - name: on-spot
                    pattern: {source: [aws.ec2], detail-type: [EC2 Spot Instance Interruption Warning]}
                    runbook: Pause
                """);
        Path cfg = dir.resolve("serve.yaml");
        Files.writeString(cfg, "rules: rules.yaml\nbus: true\n");
        Path store = dir.resolve("store");
        String handlerRun = Intake.handlerRunId(EVENT_ID, "on-spot");
        String runbook = UUID.randomUUID().toString();
        Instant t = Instant.parse("2024-05-01T10:00:01Z");
        try (Journal j = Journals.sqlite(store, new VirtualScheduler(), Runnable::run)) {
            // what a process killed -9 right after starting them leaves: started entries, no end, no live owner
            j.append(handlerRun, Journal.UNLEASED, new Entry.Started(t, ExecutionKind.HANDLER, "runbook", Optional.empty(),
                    Map.of("EventId", List.of(EVENT_ID), "Event", List.of(EVENT), "Rule", List.of("on-spot")), Optional.empty()))
                    .toCompletableFuture().join();
            j.append(runbook, Journal.UNLEASED, new Entry.Started(t, ExecutionKind.RUNBOOK, "Pause", Optional.empty(),
                    Map.of(), Optional.empty())).toCompletableFuture().join();
        }

        CliRun r = CliRun.of("serve", "--store", store.toString(), "--config", cfg.toString(), "--docs", docs.toString(),
                "--for", "2m", "--scenario-param", "size=1");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("2 open execution(s) in the journal: recovering them on the scheduler")
                .contains("recovered runbook execution " + runbook + ": Success")
                .contains("recovered handler execution " + handlerRun + ": Success")
                .contains("rule on-spot: event " + EVENT_ID + " handled: Success");
        assertThat(r.out()).contains("fleetops_recovered_executions_total{kind=\"handler\",outcome=\"Success\"} 1.0")
                .contains("fleetops_recovered_executions_total{kind=\"runbook\",outcome=\"Success\"} 1.0");
        try (Journal j = Journals.sqlite(store, new VirtualScheduler(), Runnable::run)) {
            assertThat(j.open().toCompletableFuture().join()).isEmpty();
            List<Recorded> h = j.history(handlerRun).toCompletableFuture().join();
            assertThat(((Entry.Ended) h.get(h.size() - 1).entry()).status()).isEqualTo(Status.Success);
            String child = UUID.nameUUIDFromBytes((handlerRun + "/child/1").getBytes(StandardCharsets.UTF_8)).toString();
            Entry.Started s = (Entry.Started) j.history(child).toCompletableFuture().join().get(0).entry();
            assertThat(s.kind()).isEqualTo(ExecutionKind.RUNBOOK);
            assertThat(s.runs()).isEqualTo("Pause");
            assertThat(s.parentId()).as("the rule's runbook is a child of the handler run").contains(handlerRun);
        }
    }
}
