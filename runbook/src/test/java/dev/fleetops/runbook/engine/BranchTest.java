package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.fleetops.runbook.engine.EngineFixture.step;
import static org.assertj.core.api.Assertions.assertThat;

/** aws:branch operators (AWS Systems Manager User Guide: aws:branch), no match without Default, Contains on lists. */
class BranchTest {

    private final EngineFixture f = new EngineFixture();

    private ExecutionRecord branch(String type, String value, String choice, boolean withDefault) {
        return f.run("""
                schemaVersion: '0.3'
                parameters:
                  V: {type: %s}
                mainSteps:
                  - name: choose
                    action: aws:branch
                    inputs:
                      Choices:
                        - {NextStep: yes, %s}
                      %s
                  - name: next
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances}
                    isEnd: true
                  - name: yes
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances}
                    isEnd: true
                  - name: no
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances}
                """.formatted(type, choice, withDefault ? "Default: no" : ""),
                Map.of("V", type.equals("StringList") ? List.of(value.split(",")) : List.of(value)));
    }

    private String taken(ExecutionRecord r) {
        for (String s : List.of("yes", "no", "next")) if (step(r, s).status() == Status.Success) return s;
        return "none";
    }

    @ParameterizedTest(name = "{1} {0} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "String | web-01 | 'Variable: \"{{V}}\", StringEquals: web-01' | yes",
            "String | web-01 | 'Variable: \"{{V}}\", StringEquals: web-02' | no",
            "String | WEB | 'Variable: \"{{V}}\", EqualsIgnoreCase: web' | yes",
            "String | web-01 | 'Variable: \"{{V}}\", StartsWith: web' | yes",
            "String | web-01 | 'Variable: \"{{V}}\", EndsWith: \"-01\"' | yes",
            "String | web-01 | 'Variable: \"{{V}}\", Contains: b-0' | yes",
            "StringList | a,b | 'Variable: \"{{V}}\", Contains: b' | yes",
            "StringList | ab,c | 'Variable: \"{{V}}\", Contains: b' | no",
            "Integer | 5 | 'Variable: \"{{V}}\", NumericEquals: 5' | yes",
            "Integer | 5 | 'Variable: \"{{V}}\", NumericGreater: 4' | yes",
            "Integer | 5 | 'Variable: \"{{V}}\", NumericLesser: 5' | no",
            "Integer | 5 | 'Variable: \"{{V}}\", NumericGreaterOrEquals: 5' | yes",
            "Integer | 5 | 'Variable: \"{{V}}\", NumericLesserOrEquals: 4' | no",
            "String | 2.50 | 'Variable: \"{{V}}\", NumericEquals: 2.5' | yes",
            "Boolean | true | 'Variable: \"{{V}}\", BooleanEquals: true' | yes",
            "Boolean | false | 'Variable: \"{{V}}\", BooleanEquals: true' | no",
            "String | web | 'Not: {Variable: \"{{V}}\", StringEquals: db}' | yes",
            "String | web | 'And: [{Variable: \"{{V}}\", StartsWith: w}, {Variable: \"{{V}}\", EndsWith: b}]' | yes",
            "String | web | 'And: [{Variable: \"{{V}}\", StartsWith: w}, {Variable: \"{{V}}\", EndsWith: x}]' | no",
            "String | web | 'Or: [{Variable: \"{{V}}\", StartsWith: x}, {Not: {Variable: \"{{V}}\", EndsWith: x}}]' | yes"
    })
    void operators(String type, String value, String choice, String expected) {
        assertThat(taken(branch(type, value, choice, true))).isEqualTo(expected);
    }

    @Test
    void d5NoChoiceAndNoDefaultGoesToTheNextStepInTheList() {
        ExecutionRecord r = branch("String", "db", "Variable: \"{{V}}\", StringEquals: web", false);
        assertThat(taken(r)).isEqualTo("next");
        assertThat(step(r, "choose").notes()).contains("no choice holds and there is no Default: the next step in the list");
    }

    @Test
    void d6ANumericOperandThatDoesNotParseMakesTheChoiceFalseWithAWarning() {
        ExecutionRecord r = branch("String", "many", "Variable: \"{{V}}\", NumericGreater: 3", true);
        assertThat(taken(r)).isEqualTo("no");
        assertThat(step(r, "choose").status()).isEqualTo(Status.Success);
        assertThat(step(r, "choose").notes()).anyMatch(n -> n.startsWith("warning: NumericGreater: \"many\" is not a number"));
    }

    @Test
    void branchNotTakenLeavesStepsPending() {
        ExecutionRecord r = branch("String", "web-01", "Variable: \"{{V}}\", StringEquals: web-01", true);
        assertThat(step(r, "no").status()).isEqualTo(Status.Pending);
        assertThat(step(r, "next").status()).isEqualTo(Status.Pending);
        assertThat(r.status()).isEqualTo(Status.Success);
    }
}
