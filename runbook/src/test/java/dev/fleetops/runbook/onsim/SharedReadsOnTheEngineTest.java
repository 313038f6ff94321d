package dev.fleetops.runbook.onsim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's shared reads (its default) against every read on its own, same scenario and seed: a single run
 * pays nothing for them, and concurrent runs see exactly the step outputs their own reads give, with fewer calls.
 */
class SharedReadsOnTheEngineTest {

    static final Path RUNBOOKS = Path.of("..", "examples", "runbooks");

    @TempDir
    Path dir;

    record Run(List<ExecutionRecord> records, Duration makespan, Map<String, Long> calls) {
        long total() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Test
    void aSingleGracefulRunIsNoSlowerAndMakesNoMoreCalls() throws Exception {
        Run alone = graceful(false, 1);
        Run shared = graceful(true, 1);
        assertThat(alone.records().get(0).status()).isEqualTo(Status.Success);
        assertThat(shared.records().get(0).status()).isEqualTo(Status.Success);
        assertThat(shared.makespan()).as("virtual time of the run").isEqualTo(alone.makespan());
        assertThat(shared.calls()).as("calls by operation").isEqualTo(alone.calls());
        // the same outputs, the very same commands; only the engine's own (random) execution ids differ
        assertThat(masked(outputs(shared.records().get(0)), "ExecutionId"))
                .isEqualTo(masked(outputs(alone.records().get(0)), "ExecutionId"));
    }

    @Test
    void threeConcurrentRunsSeeTheSameStepOutputsSooner() throws Exception {
        Run alone = graceful(false, 3);
        Run shared = graceful(true, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(masked(outputs(shared.records().get(i)), "ExecutionId", "CommandId")).as("run %d", i)
                    .isEqualTo(masked(outputs(alone.records().get(i)), "ExecutionId", "CommandId"));
        }
        // they meet on the tick: 410 s against 457 s, for more calls than three waits on their own backoff
        // (DescribeTargetHealth every tick through the web scenario's 300 s drain: 127 against 69)
        assertThat(shared.makespan()).isLessThan(alone.makespan());
    }

    @Test
    void concurrentGracefulRunsSeeTheSameStepOutputsWithFewerCallsAndSooner() throws Exception {
        Run alone = graceful(false, 6);
        Run shared = graceful(true, 6);
        for (int i = 0; i < 6; i++) {
            assertThat(shared.records().get(i).status()).isEqualTo(Status.Success);
            // the same outputs step by step, RebootWithHealthcheck's runCommand steps included (Status,
            // ResponseCode, Output)
            // ResponseCode, Output; the ids are the engine's and the simulator's, drawn in the order commands go)
            assertThat(masked(outputs(shared.records().get(i)), "ExecutionId", "CommandId")).as("run %d", i)
                    .isEqualTo(masked(outputs(alone.records().get(i)), "ExecutionId", "CommandId"));
        }
        assertThat(shared.calls().get("ssm:ListCommandInvocations"))
                .as("one listing per tick answers the six commands in flight")
                .isLessThan(alone.calls().get("ssm:ListCommandInvocations"));
        assertThat(shared.calls().get("elbv2:DescribeTargetHealth")).isLessThan(alone.calls().get("elbv2:DescribeTargetHealth"));
        assertThat(shared.calls()).doesNotContainKey("ssm:ListCommands"); // every command ended Success on its instance
        assertThat(shared.calls().get("ssm:SendCommand")).isEqualTo(alone.calls().get("ssm:SendCommand"));
        assertThat(shared.total()).isLessThan(alone.total());
        assertThat(shared.makespan()).as("waits poll every tick").isLessThan(alone.makespan());
    }

    /** Seed 004's graceful reboot on {@code n} instances of the web scenario at once (one execution each). */
    Run graceful(boolean shared, int n) throws Exception {
        SimRegion region = Scenarios.start(Scenarios.load("web", Map.of("size", String.valueOf(Math.max(3, n)))), 7);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        Path docs = dir.resolve("docs");
        Files.createDirectories(docs);
        for (String d : List.of("RebootWithHealthcheck.yaml", "RebootInstanceGracefulAtScale.yaml")) {
            Files.copy(RUNBOOKS.resolve(d), docs.resolve(d), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        RunbookEngine engine = RunbookEngine.builder(region.cloud()).docs(docs).ssmDocuments(false)
                .sharedReads(shared).build();
        String tg = GracefulRebootUnderFaultsTest.targetGroup(region);
        List<String> instances = GracefulRebootUnderFaultsTest.instances(region);
        Map<String, Long> before = Map.copyOf(region.context().gate().calls());
        var start = region.scheduler().now();
        List<CompletableFuture<ExecutionRecord>> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runs.add(engine.run("RebootInstanceGracefulAtScale", Map.of("InstanceId", List.of(instances.get(i)),
                    "TargetGroupArn", List.of(tg))).toCompletableFuture());
        }
        List<ExecutionRecord> records = new ArrayList<>();
        for (var r : runs) records.add(region.scheduler().await(r, Duration.ofHours(2)));
        var end = records.stream().map(r -> r.end().orElseThrow()).max(java.util.Comparator.naturalOrder()).orElseThrow();
        Map<String, Long> calls = new java.util.TreeMap<>();
        region.context().gate().calls().forEach((op, c) -> {
            long made = c - before.getOrDefault(op, 0L);
            if (made > 0) calls.put(op, made);
        });
        return new Run(records, Duration.between(start, end), calls);
    }

    /** The outputs with each named id replaced by a mark (each must be there, a UUID). */
    static List<String> masked(List<String> outputs, String... ids) {
        List<String> out = new ArrayList<>();
        for (String o : outputs) {
            for (String id : ids) o = o.replaceAll(id + "=\"[0-9a-f-]{36}\"", id + "=<id>");
            out.add(o);
        }
        for (String id : ids) assertThat(String.join("\n", out)).contains(id + "=<id>");
        return out;
    }

    /** Every step's status and outputs, child executions' steps included. */
    static List<String> outputs(ExecutionRecord r) {
        List<String> out = new ArrayList<>();
        for (StepRecord s : r.steps()) {
            Map<String, JsonNode> o = new java.util.TreeMap<>(s.outputs());
            out.add(s.stepName() + " " + s.status() + " " + o);
            for (ExecutionRecord c : s.children()) out.addAll(outputs(c).stream().map(x -> s.stepName() + "/" + x).toList());
        }
        return out;
    }
}
