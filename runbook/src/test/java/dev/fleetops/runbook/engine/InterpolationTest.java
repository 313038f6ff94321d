package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.fleetops.runbook.engine.EngineFixture.ok;
import static dev.fleetops.runbook.engine.EngineFixture.step;
import static org.assertj.core.api.Assertions.assertThat;

/** Interpolation (AWS Systems Manager User Guide: Variables in runbooks) and its typing rules (docs/runbook-engine.md). */
class InterpolationTest {

    private final EngineFixture f = new EngineFixture();

    @Test
    void aWholeValueReferenceKeepsTheParameterNativeType() {
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                parameters:
                  Name: {type: String}
                  Ids: {type: StringList}
                  Count: {type: Integer, default: 3}
                  Dry: {type: Boolean, default: true}
                  Maps: {type: MapList, default: [{Key: a, Value: b}]}
                  Map: {type: StringMap, default: {k: v}}
                mainSteps:
                  - name: a
                    action: aws:executeAwsApi
                    inputs:
                      Service: ec2
                      Api: DescribeInstances
                      Filters: [{Name: '{{ Name }}', Values: ['{{Ids}}']}]
                      MaxResults: '{{ Count }}'
                      DryRun: '{{ Dry }}'
                      Extra: '{{ Maps }}'
                      More: '{{ Map }}'
                """, Map.of("Name", List.of("tag:Role"), "Ids", List.of("web", "db")));
        var in = step(r, "a").inputs();
        assertThat(in.get("Filters").toString()).isEqualTo("[{\"Name\":\"tag:Role\",\"Values\":[\"web\",\"db\"]}]");
        assertThat(in.get("MaxResults").isInt() || in.get("MaxResults").isLong()).isTrue();
        assertThat(in.get("DryRun").isBoolean()).isTrue();
        assertThat(in.get("Extra").toString()).isEqualTo("[{\"Key\":\"a\",\"Value\":\"b\"}]");
        assertThat(in.get("More").toString()).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void scalarsInsideTextAreRenderedAndNonReferencesStayLiteral() {
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                parameters:
                  Count: {type: Integer, default: 3}
                mainSteps:
                  - name: a
                    action: aws:executeAwsApi
                    inputs:
                      Service: ec2
                      Api: DescribeInstances
                      NextToken: 'count={{Count}} id={{ automation:EXECUTION_ID }} literal={{ "k": 1 }}'
                """);
        assertThat(step(r, "a").inputs().get("NextToken").textValue())
                .isEqualTo("count=3 id=" + r.id() + " literal={{ \"k\": 1 }}");
    }

    @Test
    void globalsAndStepOutputsAreEvaluatedWhenEachStepRuns() {
        f.scripts.put("a", ok(Duration.ofSeconds(1), "{\"Reservations\":[{\"Instances\":[{\"InstanceId\":\"i-1\"}]}]}"));
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: a
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances, NextToken: '{{ global:DATE_TIME }}'}
                    outputs: [{Name: Id, Selector: '$.Reservations[0].Instances[0].InstanceId', Type: String}]
                  - name: wait
                    action: aws:sleep
                    inputs: {Duration: P1D}
                  - name: b
                    action: aws:executeAwsApi
                    inputs:
                      Service: ec2
                      Api: DescribeInstances
                      InstanceIds: ['{{ a.Id }}']
                      NextToken: '{{global:ACCOUNT_ID}}/{{global:REGION}}/{{global:AWS_PARTITION}}/{{global:DATE}}/{{global:DATE_TIME}}'
                """);
        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(step(r, "a").inputs().get("NextToken").textValue()).isEqualTo("2026-01-05_09.00.00");
        assertThat(step(r, "b").inputs().get("InstanceIds").toString()).isEqualTo("[\"i-1\"]");
        assertThat(step(r, "b").inputs().get("NextToken").textValue())
                .isEqualTo("123456789012/eu-west-1/aws/2026-01-06/2026-01-06_09.00.01");
    }

    @Test
    void d7DatesAreUtc() {
        assertThat(RunScope.partition("cn-north-1")).isEqualTo("aws-cn");
        assertThat(RunScope.partition("us-gov-west-1")).isEqualTo("aws-us-gov");
        // the virtual clock starts 2026-01-05T09:00:00Z: DATE_TIME renders that instant, not a local time
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: a
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances, NextToken: '{{global:DATE_TIME}}'}
                """);
        assertThat(step(r, "a").inputs().get("NextToken").textValue()).isEqualTo("2026-01-05_09.00.00");
    }

    @Test
    void aListReferencedInsideOtherTextIsInsertedAsItsJsonTextAsTheSsmAgentDoes() {
        f.scripts.put("a", ok(Duration.ofSeconds(1), "{\"Reservations\":[{\"InstanceId\":\"i-1\"},{\"InstanceId\":\"i-2\"}]}"));
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: a
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances}
                    outputs: [{Name: Ids, Selector: '$.Reservations..InstanceId', Type: StringList}]
                  - name: b
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances, NextToken: 'ids: {{ a.Ids }}'}
                """);
        assertThat(step(r, "b").inputs().get("NextToken").textValue()).isEqualTo("ids: [\"i-1\",\"i-2\"]");
    }

    @Test
    void aMapReferencedInsideOtherTextIsInsertedAsItsJsonText() {
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: each
                    action: aws:loop
                    inputs:
                      Iterators: ['{"k": "v"}']
                      IteratorDataType: StringMap
                      Steps:
                        - name: b
                          action: aws:executeAwsApi
                          inputs: {Service: ec2, Api: DescribeInstances, NextToken: 'map: {{ each.CurrentIteratorValue }}'}
                """);
        var b = step(r, "each").children().get(0).steps().get(0);
        assertThat(b.inputs().get("NextToken").textValue()).isEqualTo("map: {\"k\":\"v\"}");
    }

    @Test
    void aListReferenceIsSplicedOnlyWhenItIsTheSoleElement() {
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                parameters:
                  Ids: {type: StringList, default: [i-1, i-2]}
                mainSteps:
                  - name: a
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances, InstanceIds: ['{{ Ids }}', i-3]}
                """);
        assertThat(step(r, "a").status()).isEqualTo(Status.Failed);
        assertThat(step(r, "a").failureMessage().orElseThrow()).contains("can only be the sole element of a list");
    }

    @Test
    void anOutputOfAStepThatDidNotRunIsAnErrorSayingSo() {
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: a
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances}
                    nextStep: c
                  - name: b
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances}
                    outputs: [{Name: Id, Selector: '$.X', Type: String}]
                  - name: c
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances, NextToken: '{{ b.Id }}'}
                """);
        assertThat(step(r, "c").failureMessage().orElseThrow()).contains("step b has no output Id (it has not run)");
    }

    @Test
    void variablesAreReadAndUpdated() {
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                variables:
                  Phase: {type: String, default: start}
                mainSteps:
                  - name: before
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances, NextToken: '{{ variable:Phase }}'}
                  - name: set
                    action: aws:updateVariable
                    inputs: {Name: 'variable:Phase', Value: done}
                  - name: after
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances, NextToken: '{{ variable:Phase }}'}
                  - name: wrongType
                    action: aws:updateVariable
                    inputs: {Name: 'variable:Phase', Value: 3}
                """);
        assertThat(step(r, "before").inputs().get("NextToken").textValue()).isEqualTo("start");
        assertThat(step(r, "after").inputs().get("NextToken").textValue()).isEqualTo("done");
        assertThat(step(r, "set").notes()).containsExactly("Phase: \"start\" -> \"done\"");
        assertThat(step(r, "wrongType").status()).isEqualTo(Status.Failed);
        assertThat(step(r, "wrongType").failureMessage().orElseThrow()).contains("expected a string, got 3");
    }
}
