package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static dev.fleetops.runbook.engine.EngineFixture.fail;
import static dev.fleetops.runbook.engine.EngineFixture.hang;
import static dev.fleetops.runbook.engine.EngineFixture.ok;
import static dev.fleetops.runbook.engine.EngineFixture.step;
import static org.assertj.core.api.Assertions.assertThat;

/** Step properties (AWS Systems Manager User Guide: Automation step properties), default timeouts: one test per rule. */
class StepPropertiesTest {

    private final EngineFixture f = new EngineFixture();

    private static String api(String name, String extra) {
        return "  - name: " + name + "\n    action: aws:executeAwsApi\n" + extra
                + "    inputs: {Service: ec2, Api: DescribeInstances}\n";
    }

    private static String doc(String... steps) {
        return "schemaVersion: '0.3'\nmainSteps:\n" + String.join("", steps);
    }

    @Test
    void maxAttemptsRetriesAFailedAttemptAndSucceeds() {
        int[] n = {0};
        f.scripts.put("a", c -> ++n[0] < 3 ? fail(Duration.ofSeconds(1), "boom").apply(c) : ok(Duration.ofSeconds(1), "{}").apply(c));
        ExecutionRecord r = f.run(doc(api("a", "    maxAttempts: 3\n")));
        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(step(r, "a").attempt()).isEqualTo(3);
        assertThat(step(r, "a").notes()).containsExactly("attempt 1 of 3 failed: boom", "attempt 2 of 3 failed: boom");
    }

    @Test
    void maxAttemptsFailsTheStepOnlyAfterEveryAttemptFailed() {
        f.scripts.put("a", fail(Duration.ofSeconds(1), "boom"));
        ExecutionRecord r = f.run(doc(api("a", "    maxAttempts: 2\n"), api("b", "")));
        assertThat(step(r, "a").status()).isEqualTo(Status.Failed);
        assertThat(step(r, "a").attempt()).isEqualTo(2);
        assertThat(step(r, "a").failureMessage()).contains("boom");
        assertThat(step(r, "a").failureType()).contains("Action");
        assertThat(f.attempts.get("a")).isEqualTo(2);
    }

    @Test
    void timeoutWithMaxAttemptsCountsOnlyAfterAllAttempts() {
        int[] n = {0};
        f.scripts.put("a", c -> ++n[0] == 1 ? hang().apply(c) : ok(Duration.ofSeconds(1), "{}").apply(c));
        ExecutionRecord r = f.run(doc(api("a", "    maxAttempts: 2\n    timeoutSeconds: 10\n")));
        assertThat(step(r, "a").status()).isEqualTo(Status.Success);
        assertThat(step(r, "a").notes()).containsExactly("attempt 1 of 2 timed out: Step timed out after 10 seconds (timeoutSeconds)");
        assertThat(Duration.between(r.start().get(), r.end().get())).isEqualTo(Duration.ofSeconds(11));

        f.scripts.put("b", hang());
        ExecutionRecord all = f.run(doc(api("b", "    maxAttempts: 3\n    timeoutSeconds: 10\n")));
        assertThat(step(all, "b").status()).isEqualTo(Status.TimedOut);
        assertThat(step(all, "b").attempt()).isEqualTo(3);
        assertThat(all.status()).isEqualTo(Status.TimedOut);
    }

    @Test
    void d1UndocumentedTimeoutIs3600SecondsAndExecuteAwsApiKeeps25() {
        f.scripts.put("tags", hang());
        ExecutionRecord r = f.run(doc("""
                  - name: tags
                    action: aws:createTags
                    inputs: {ResourceIds: [i-1], Tags: [{Key: a, Value: b}]}
                """));
        assertThat(step(r, "tags").status()).isEqualTo(Status.TimedOut);
        assertThat(Duration.between(step(r, "tags").start().get(), step(r, "tags").end().get())).isEqualTo(Duration.ofSeconds(3600));

        f.scripts.put("a", hang());
        ExecutionRecord api = f.run(doc(api("a", "")));
        assertThat(Duration.between(step(api, "a").start().get(), step(api, "a").end().get())).isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void rule1FailedStepWithAbortStopsTheRunFailed() {
        f.scripts.put("a", fail(Duration.ofSeconds(1), "boom"));
        ExecutionRecord r = f.run(doc(api("a", ""), api("b", "")));
        assertThat(r.status()).isEqualTo(Status.Failed);
        assertThat(r.failureMessage()).contains("Step a failed: boom");
        assertThat(step(r, "b").status()).isEqualTo(Status.Pending);
    }

    @Test
    void rule1TimedOutStepWithAbortEndsTheRunTimedOut() {
        f.scripts.put("a", hang());
        ExecutionRecord r = f.run(doc(api("a", "    timeoutSeconds: 5\n"), api("b", "")));
        assertThat(r.status()).isEqualTo(Status.TimedOut);
        assertThat(step(r, "a").status()).isEqualTo(Status.TimedOut);
    }

    @Test
    void rule2OnFailureStepJumpsAndANonCriticalTimeoutLeavesTheRunSuccessful() {
        f.scripts.put("a", hang());
        ExecutionRecord r = f.run(doc(api("a", "    timeoutSeconds: 5\n    onFailure: step:c\n    isCritical: false\n"),
                api("b", ""), api("c", "")));
        assertThat(step(r, "a").status()).isEqualTo(Status.TimedOut);
        assertThat(step(r, "b").status()).isEqualTo(Status.Pending);
        assertThat(step(r, "c").status()).isEqualTo(Status.Success);
        assertThat(r.status()).isEqualTo(Status.Success);
    }

    @Test
    void rule3AndD4ContinueGoesToNextStepIfSetElseNextInListAndKeepsFailed() {
        f.scripts.put("a", fail(Duration.ofSeconds(1), "boom"));
        f.scripts.put("x", fail(Duration.ofSeconds(1), "boom"));
        ExecutionRecord r = f.run(doc(api("a", "    onFailure: Continue\n    nextStep: c\n"), api("b", ""),
                api("c", ""), api("x", "    onFailure: Continue\n"), api("y", "")));
        assertThat(step(r, "a").status()).isEqualTo(Status.Failed);
        assertThat(step(r, "b").status()).isEqualTo(Status.Pending);
        assertThat(step(r, "c").status()).isEqualTo(Status.Success);
        assertThat(step(r, "x").status()).isEqualTo(Status.Failed);
        assertThat(step(r, "y").status()).isEqualTo(Status.Success);
        assertThat(r.status()).as("only Continue (non-critical) failures").isEqualTo(Status.Success);
    }

    @Test
    void rule4AFailedCriticalStepMakesTheRunFailedEvenIfOthersSucceed() {
        f.scripts.put("a", fail(Duration.ofSeconds(1), "boom"));
        ExecutionRecord jump = f.run(doc(api("a", "    onFailure: step:b\n"), api("b", "")));
        assertThat(step(jump, "b").status()).isEqualTo(Status.Success);
        assertThat(jump.status()).isEqualTo(Status.Failed);
        assertThat(jump.failureMessage()).contains("Step a failed and is critical: boom");

        ExecutionRecord critical = f.run(doc(api("a", "    onFailure: Continue\n    isCritical: true\n"), api("b", "")));
        assertThat(critical.status()).isEqualTo(Status.Failed);
    }

    @Test
    void rule5StepsThatNeverRanStayPending() {
        ExecutionRecord r = f.run(doc(api("a", "    isEnd: true\n"), api("b", "")));
        assertThat(step(r, "b").status()).isEqualTo(Status.Pending);
        assertThat(step(r, "b").start()).isEmpty();
        assertThat(step(r, "b").attempt()).isZero();
    }

    @Test
    void isEndStopsTheRunWhetherTheStepFailedOrSucceeded() {
        f.scripts.put("a", fail(Duration.ofSeconds(1), "boom"));
        ExecutionRecord r = f.run(doc(api("a", "    onFailure: Continue\n    isEnd: true\n"), api("b", "")));
        assertThat(step(r, "b").status()).isEqualTo(Status.Pending);
        assertThat(r.status()).isEqualTo(Status.Success);
    }

    @Test
    void nextStepIsFollowedAfterSuccess() {
        ExecutionRecord r = f.run(doc(api("a", "    nextStep: c\n"), api("b", ""), api("c", "")));
        assertThat(f.events).containsExactly("start a", "end a Success", "start c", "end c Success");
        assertThat(step(r, "b").status()).isEqualTo(Status.Pending);
    }

    @Test
    void statusesInProgressWhileRunningThenTerminal() {
        f.scripts.put("a", ok(Duration.ofSeconds(20), "{}"));
        Execution ex = f.start(doc(api("a", "")), java.util.Map.of());
        assertThat(ex.status()).isEqualTo(Status.Pending);
        f.scheduler.runFor(Duration.ofSeconds(10));
        assertThat(ex.status()).isEqualTo(Status.InProgress);
        assertThat(step(ex.record(), "a").status()).isEqualTo(Status.InProgress);
        assertThat(f.store.load(ex.id()).orElseThrow().status()).isEqualTo(Status.InProgress);
        f.scheduler.runFor(Duration.ofSeconds(20));
        assertThat(ex.status()).isEqualTo(Status.Success);
        assertThat(f.store.load(ex.id()).orElseThrow().status()).isEqualTo(Status.Success);
    }

    @Test
    void userOutputsAreSelectedWithJsonPathAndTyped() {
        f.scripts.put("a", ok(Duration.ofSeconds(1), """
                {"Reservations":[{"Instances":[{"InstanceId":"i-1","State":{"Code":16,"Name":"running"},"EbsOptimized":false},
                                               {"InstanceId":"i-2","State":{"Code":80,"Name":"stopped"}}]}]}"""));
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                outputs: [a.Ids, a.Code]
                mainSteps:
                  - name: a
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances}
                    outputs:
                      - {Name: First, Selector: '$.Reservations[0].Instances[0].InstanceId', Type: String}
                      - {Name: Code, Selector: '$.Reservations[0].Instances[0].State.Code', Type: Integer}
                      - {Name: Ebs, Selector: '$.Reservations[0].Instances[0].EbsOptimized', Type: Boolean}
                      - {Name: Ids, Selector: '$.Reservations..Instances..InstanceId', Type: StringList}
                      - {Name: States, Selector: '$.Reservations..Instances..State', Type: MapList}
                      - {Name: State, Selector: '$.Reservations[0].Instances[1].State', Type: StringMap}
                """);
        var out = step(r, "a").outputs();
        assertThat(out.get("First").textValue()).isEqualTo("i-1");
        assertThat(out.get("Code").intValue()).isEqualTo(16);
        assertThat(out.get("Ebs").booleanValue()).isFalse();
        assertThat(out.get("Ids").toString()).isEqualTo("[\"i-1\",\"i-2\"]");
        assertThat(out.get("States").size()).isEqualTo(2);
        assertThat(out.get("State").path("Name").textValue()).isEqualTo("stopped");
        assertThat(r.outputs().keySet()).containsExactly("a.Ids", "a.Code");
    }

    @Test
    void anOutputThatCannotHaveItsTypeFailsTheStep() {
        f.scripts.put("a", ok(Duration.ofSeconds(1), "{\"Reservations\":[{\"Instances\":[{\"InstanceId\":\"i-1\"}]}]}"));
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: a
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances}
                    outputs:
                      - {Name: Id, Selector: '$.Reservations..InstanceId', Type: String}
                """);
        assertThat(step(r, "a").status()).isEqualTo(Status.Failed);
        assertThat(step(r, "a").failureMessage().orElseThrow()).contains("deep scan .. always yields a list");
    }

    @Test
    void apiCallsMadeThroughTheContextAreRecordedWithKeyParametersAndErrorCodes() {
        f.scripts.put("a", c -> c.call("ec2", "DescribeInstances", EngineFixture.json("{\"InstanceIds\":[\"i-1\",\"i-2\"]}"))
                .thenApply(resp -> dev.fleetops.runbook.action.ActionResult.of(java.util.Map.of(
                        dev.fleetops.runbook.action.ActionResult.RESPONSE, resp))));
        f.scripts.put("b", c -> c.call("ec2", "TerminateInstances", EngineFixture.json("{\"InstanceIds\":[\"i-1\"]}"))
                .thenApply(resp -> dev.fleetops.runbook.action.ActionResult.empty()));
        ExecutionRecord r = f.run(doc(api("a", "    outputs: [{Name: S, Selector: '$.Reservations[0].Instances[0].State.Name', Type: String}]\n"),
                api("b", "")));
        var call = step(r, "a").apiCalls().get(0);
        assertThat(call.service()).isEqualTo("ec2");
        assertThat(call.operation()).isEqualTo("DescribeInstances");
        assertThat(call.parameters()).containsEntry("InstanceIds", "i-1,i-2");
        assertThat(step(r, "a").outputs().get("S").textValue()).isEqualTo("running");
        assertThat(step(r, "b").apiCalls().get(0).errorCode()).contains("UnauthorizedOperation");
        assertThat(step(r, "b").failureType()).contains("Permission");
        assertThat(step(r, "b").failureMessage()).contains("UnauthorizedOperation: not allowed");
    }

    @Test
    void anActionThatThrowsIsAnInternalFailureNotACrash() {
        f.scripts.put("a", c -> CompletableFuture.failedFuture(new IllegalStateException("bug")));
        ExecutionRecord r = f.run(doc(api("a", "")));
        assertThat(r.status()).isEqualTo(Status.Failed);
        assertThat(step(r, "a").failureType()).contains("Internal");
        assertThat(step(r, "a").failureMessage()).contains("IllegalStateException: bug");
    }
}
