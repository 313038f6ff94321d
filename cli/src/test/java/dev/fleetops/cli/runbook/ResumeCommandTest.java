package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.engine.ExecutionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** A run waiting at aws:approve in one "terminal", decided with fleetops resume from another. */
class ResumeCommandTest {

    private static final String DOC = "../examples/approval/RebootAfterApproval.yaml";

    @Test
    void anIdWithPathCharactersIsAnInputError(@TempDir Path store) {
        for (String id : new String[]{"../x", "a/b", "..", "x\\y"}) {
            CliRun resume = CliRun.of("resume", id, "--approve", "--store", store.toString());
            assertThat(resume.exitCode()).as(id).isEqualTo(2);
            assertThat(resume.err()).as(id).contains("'" + id + "' is not an execution id");
        }
    }

    @Test
    void approvingTheWaitingRunLetsItFinish(@TempDir Path store) throws Exception {
        CompletableFuture<CliRun> run = startWaitingRun(store);
        String id = waitingExecution(store);

        CliRun resume = CliRun.of("resume", id, "--approve", "--comment", "change CHG-1", "--store", store.toString());
        assertThat(resume.exitCode()).as(resume.err()).isZero();
        assertThat(resume.out()).contains("Approve sent to " + id).contains("waiting at step Approve");

        CliRun r = run.get(2, TimeUnit.MINUTES);
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.parse(r.out()).path("AutomationExecution");
        assertThat(j.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(j.at("/StepExecutions/1/StepName").asText()).isEqualTo("Reboot");
        assertThat(j.at("/StepExecutions/1/StepStatus").asText()).isEqualTo("Success");
    }

    @Test
    void rejectingItFailsTheRun(@TempDir Path store) throws Exception {
        CompletableFuture<CliRun> run = startWaitingRun(store);
        String id = waitingExecution(store);

        CliRun resume = CliRun.of("-o", "json", "resume", id, "--reject", "--store", store.toString());
        assertThat(resume.exitCode()).as(resume.err()).isZero();
        JsonNode ack = Json.parse(resume.out());
        assertThat(ack.at("/Fleetops/Signal/SignalType").asText()).isEqualTo("Reject");
        assertThat(ack.at("/Fleetops/Signal/StepName").asText()).isEqualTo("Approve");
        assertThat(ack.at("/AutomationExecution/AutomationExecutionId").asText()).isEqualTo(id);
        assertThat(ack.at("/AutomationExecution/AutomationExecutionStatus").asText()).isEqualTo("Waiting");

        CliRun r = run.get(2, TimeUnit.MINUTES);
        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode j = Json.parse(r.out()).path("AutomationExecution");
        assertThat(j.path("AutomationExecutionStatus").asText()).isEqualTo("Failed");
        assertThat(j.at("/StepExecutions/0/StepStatus").asText()).isEqualTo("Failed");
        assertThat(j.at("/StepExecutions/0/FailureMessage").asText()).containsIgnoringCase("reject");
        for (JsonNode s : j.path("StepExecutions")) {
            if (s.path("StepName").asText().equals("Reboot")) assertThat(s.path("StepStatus").asText()).isNotEqualTo("Success");
        }
    }

    @Test
    void approveAllRunsThroughWithoutAnyone() {
        CliRun r = CliRun.of("-o", "json", "run", DOC, "-p", "InstanceId=@instance:web:0", "--approve-all");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"AutomationExecutionStatus\" : \"Success\"");
    }

    @Test
    void anUnknownOrEndedExecutionIsAUsageError(@TempDir Path store) throws Exception {
        CliRun unknown = CliRun.of("resume", "0d5f4b57-0000-4000-8000-000000000000", "--approve", "--store", store.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no execution 0d5f4b57-0000-4000-8000-000000000000 in " + store);

        CliRun done = CliRun.of("-o", "json", "run", DOC, "-p", "InstanceId=@instance:web:0", "--approve-all",
                "--store", store.toString());
        String id = Json.parse(done.out()).at("/AutomationExecution/AutomationExecutionId").asText();
        CliRun again = CliRun.of("resume", id, "--reject", "--store", store.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already ended Success");

        assertThat(CliRun.of("resume", id, "--store", store.toString()).exitCode()).isEqualTo(2);
        assertThat(CliRun.of("resume", id, "--approve", "--reject").exitCode()).isEqualTo(2);
    }

    private static CompletableFuture<CliRun> startWaitingRun(Path store) {
        return CompletableFuture.supplyAsync(() -> CliRun.of("-o", "json", "run", DOC, "-p", "InstanceId=@instance:web:0",
                "--store", store.toString()));
    }

    /** The id of the run once its record shows it waiting (the run lives on another thread, in real time). */
    private static String waitingExecution(Path dir) {
        ExecutionStore store = ExecutionStore.directory(dir);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            for (String id : store.ids()) {
                ExecutionRecord r = store.load(id).orElseThrow();
                if (r.status() == Status.Waiting) return id;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        throw new AssertionError("no execution waiting in " + dir + " after a minute");
    }
}
