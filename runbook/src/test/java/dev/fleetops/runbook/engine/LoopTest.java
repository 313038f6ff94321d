package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.fleetops.runbook.engine.EngineFixture.fail;
import static dev.fleetops.runbook.engine.EngineFixture.step;
import static org.assertj.core.api.Assertions.assertThat;

/** aws:loop (AWS Systems Manager User Guide: aws:loop), MaxIterations at most 100. */
class LoopTest {

    private final EngineFixture f = new EngineFixture();

    @Test
    void forEachIteratorRunsTheBodyWithCurrentIteratorValueAndIteration() {
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                parameters:
                  Ids: {type: StringList, default: [i-1, i-2, i-3]}
                mainSteps:
                  - name: each
                    action: aws:loop
                    inputs:
                      Iterators: '{{ Ids }}'
                      Steps:
                        - name: describe
                          action: aws:executeAwsApi
                          inputs:
                            Service: ec2
                            Api: DescribeInstances
                            InstanceIds: ['{{ each.CurrentIteratorValue }}']
                            NextToken: 'pass {{ each.CurrentIteration }}'
                  - name: after
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances}
                """);
        assertThat(r.status()).isEqualTo(Status.Success);
        var loop = step(r, "each");
        assertThat(loop.status()).isEqualTo(Status.Success);
        assertThat(loop.children()).hasSize(3);
        assertThat(loop.children().get(2).steps().get(0).inputs().get("InstanceIds").toString()).isEqualTo("[\"i-3\"]");
        assertThat(loop.children().get(2).steps().get(0).inputs().get("NextToken").textValue()).isEqualTo("pass 3");
        assertThat(loop.children().get(1).parameters().get("CurrentIteratorValue")).containsExactly("i-2");
        assertThat(loop.outputs().get("CurrentIteration").intValue()).isEqualTo(3);
        assertThat(r.steps()).extracting(s -> s.stepName()).containsExactly("each", "after");
    }

    @Test
    void loopConditionIsEvaluatedAfterEachPass() {
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                variables:
                  Done: {type: String, default: 'no'}
                mainSteps:
                  - name: poll
                    action: aws:loop
                    inputs:
                      MaxIterations: 10
                      LoopCondition:
                        Variable: '{{ variable:Done }}'
                        StringEquals: 'no'
                      Steps:
                        - name: check
                          action: aws:branch
                          inputs:
                            Choices:
                              - NextStep: finish
                                Variable: '{{ poll.CurrentIteration }}'
                                NumericGreaterOrEquals: 3
                            Default: nap
                        - name: finish
                          action: aws:updateVariable
                          inputs: {Name: 'variable:Done', Value: 'yes'}
                          isEnd: true
                        - name: nap
                          action: aws:sleep
                          inputs: {Duration: PT1M}
                """);
        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(step(r, "poll").children()).hasSize(3);
        assertThat(step(r, "poll").children().get(0).steps()).extracting(s -> s.status())
                .containsExactly(Status.Success, Status.Pending, Status.Success);
    }

    @Test
    void d8MaxIterationsDefaultsTo100() {
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: forever
                    action: aws:loop
                    inputs:
                      LoopCondition: {Variable: 'x', StringEquals: 'x'}
                      Steps:
                        - name: nap
                          action: aws:sleep
                          inputs: {Duration: PT1S}
                """);
        assertThat(step(r, "forever").children()).hasSize(100);
        assertThat(step(r, "forever").notes()).contains("MaxIterations 100 reached while LoopCondition still holds");
        assertThat(r.status()).isEqualTo(Status.Success);
    }

    @Test
    void aJumpOutOfTheBodyEndsTheLoopExitedAndTheRunGoesOnThere() {
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: each
                    action: aws:loop
                    inputs:
                      Iterators: [a, b, c]
                      Steps:
                        - name: check
                          action: aws:branch
                          inputs:
                            Choices:
                              - {NextStep: out, Variable: '{{ each.CurrentIteratorValue }}', StringEquals: b}
                        - name: work
                          action: aws:executeAwsApi
                          inputs: {Service: ec2, Api: DescribeInstances}
                  - name: skipped
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances}
                  - name: out
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances}
                """);
        assertThat(step(r, "each").status()).isEqualTo(Status.Exited);
        assertThat(step(r, "each").children()).hasSize(2);
        assertThat(step(r, "each").children().get(1).status()).isEqualTo(Status.Exited);
        assertThat(step(r, "skipped").status()).isEqualTo(Status.Pending);
        assertThat(step(r, "out").status()).isEqualTo(Status.Success);
        assertThat(r.status()).isEqualTo(Status.Success);
    }

    @Test
    void aFailingBodyStepWithAbortFailsTheLoopAndTheRun() {
        f.scripts.put("work", fail(Duration.ofSeconds(1), "boom"));
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: each
                    action: aws:loop
                    inputs:
                      Iterators: [a, b]
                      Steps:
                        - name: work
                          action: aws:executeAwsApi
                          inputs: {Service: ec2, Api: DescribeInstances}
                """);
        assertThat(step(r, "each").status()).isEqualTo(Status.Failed);
        assertThat(step(r, "each").failureMessage().orElseThrow()).contains("Step work failed: boom");
        assertThat(step(r, "each").children()).hasSize(1);
        assertThat(r.status()).isEqualTo(Status.Failed);
    }
}
