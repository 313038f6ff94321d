package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.engine.RunbookEvent;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The live step list: labelled per target under rate control, indented by nesting only, with a running tally. */
class StepProgressTest {

    private final VirtualScheduler time = new VirtualScheduler();
    private final StringWriter text = new StringWriter();
    private final StepProgress progress = new StepProgress(new PrintWriter(text, true), time);

    @Test
    void thirtyTargetsGetOneLabelledLineEachWithoutAGrowingIndentAndARunningTally() {
        List<String> targets = IntStream.range(0, 30).mapToObj(i -> String.format("i-%017x", i)).toList();
        progress.rateControlled("InstanceId", targets);
        for (int i = 0; i < targets.size(); i++) {
            progress.accept(new RunbookEvent.ExecutionStarted(record("exec-" + i, "Reboot", Status.InProgress,
                    Map.of("InstanceId", List.of(targets.get(i))))));
            progress.accept(new RunbookEvent.StepStarted("exec-" + i, step("Reboot", "aws:executeAwsApi", Status.InProgress)));
        }
        for (int i = 0; i < targets.size(); i++) {
            time.runFor(Duration.ofSeconds(1));
            progress.accept(new RunbookEvent.ExecutionEnded(record("exec-" + i, "Reboot", i == 7 ? Status.Failed : Status.Success,
                    Map.of("InstanceId", List.of(targets.get(i))))));
        }

        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(90);
        for (String line : lines) {
            // "[+00:00:00] " then the target, then the text: the same column for every target
            assertThat(line).matches("\\[\\+\\d\\d:\\d\\d:\\d\\d] i-0{15}[0-9a-f]{2} (run|  >|end) .*");
        }
        assertThat(lines).contains("[+00:00:00] i-00000000000000000 run Reboot (exec-0)",
                "[+00:00:00] i-0000000000000001d   > Reboot [aws:executeAwsApi]",
                "[+00:00:01] i-00000000000000000 end Reboot: Success  [done 1 / failed 0 / remaining 29]",
                "[+00:00:08] i-00000000000000007 end Reboot: Failed  [done 7 / failed 1 / remaining 22]",
                "[+00:00:30] i-0000000000000001d end Reboot: Success  [done 29 / failed 1 / remaining 0]");
    }

    @Test
    void aChildExecutionIsIndentedUnderItsTargetAndTheStepThatStartedIt() {
        progress.rateControlled("InstanceId", List.of("i-a", "i-b"));
        for (String t : List.of("i-a", "i-b")) {
            progress.accept(new RunbookEvent.ExecutionStarted(record("run-" + t, "Graceful", Status.InProgress,
                    Map.of("InstanceId", List.of(t)))));
            progress.accept(new RunbookEvent.StepStarted("run-" + t, childStep(t)));
        }
        // i-b's child starts first; ChildStarted only follows its first events, as in the engine
        progress.accept(new RunbookEvent.ExecutionStarted(record("child-b", "RebootWithHealthcheck", Status.InProgress,
                Map.of("InstanceIds", List.of("i-b")))));
        progress.accept(new RunbookEvent.StepStarted("child-b", step("InvokeReboot", "aws:runCommand", Status.InProgress)));
        progress.accept(new RunbookEvent.ChildStarted("run-i-b", "Reboot", "child-b", "RebootWithHealthcheck"));
        progress.accept(new RunbookEvent.ExecutionEnded(record("child-b", "RebootWithHealthcheck", Status.Success, Map.of())));

        assertThat(text.toString().lines()).containsSubsequence(
                "[+00:00:00] i-b run Graceful (run-i-b)",
                "[+00:00:00] i-b   > Reboot [aws:executeAutomation]",
                "[+00:00:00] i-b     run RebootWithHealthcheck (child-b)",
                "[+00:00:00] i-b       > InvokeReboot [aws:runCommand]",
                "[+00:00:00] i-b     end RebootWithHealthcheck: Success");
    }

    @Test
    void withoutRateControlSuccessiveChildrenStayOneLevelDeepAndLinesHaveNoLabel() {
        progress.accept(new RunbookEvent.ExecutionStarted(record("parent", "Outer", Status.InProgress, Map.of())));
        List<String> expected = new ArrayList<>();
        expected.add("[+00:00:00] run Outer (parent)");
        for (int i = 0; i < 3; i++) {
            progress.accept(new RunbookEvent.StepStarted("parent", step("Child" + i, "aws:executeAutomation", Status.InProgress)));
            progress.accept(new RunbookEvent.ExecutionStarted(record("c" + i, "Inner", Status.InProgress, Map.of())));
            progress.accept(new RunbookEvent.ChildStarted("parent", "Child" + i, "c" + i, "Inner"));
            progress.accept(new RunbookEvent.ExecutionEnded(record("c" + i, "Inner", Status.Success, Map.of())));
            progress.accept(new RunbookEvent.StepEnded("parent", step("Child" + i, "aws:executeAutomation", Status.Success)));
            expected.add("[+00:00:00]     run Inner (c" + i + ")");
        }
        assertThat(text.toString().lines()).containsSubsequence(expected);
    }

    private static ExecutionRecord record(String id, String document, Status status, Map<String, List<String>> parameters) {
        return new ExecutionRecord(id, "runbook", document, status, Optional.of(Instant.EPOCH), Optional.empty(),
                parameters, Map.of(), Optional.empty(), List.of(), Optional.empty());
    }

    private static StepRecord step(String name, String action, Status status) {
        return step(name, action, status, Map.of());
    }

    private static StepRecord childStep(String target) {
        JsonNode runtime = Json.tree(Map.of("InstanceIds", List.of(target)));
        return step("Reboot", "aws:executeAutomation", Status.InProgress,
                Map.of("DocumentName", Json.tree("RebootWithHealthcheck"), "RuntimeParameters", runtime));
    }

    private static StepRecord step(String name, String action, Status status, Map<String, JsonNode> inputs) {
        return new StepRecord(name, action, status, 1, inputs, Map.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), List.of(), List.of());
    }
}
