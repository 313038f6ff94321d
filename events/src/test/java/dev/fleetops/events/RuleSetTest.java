package dev.fleetops.events;

import dev.fleetops.events.rules.HandlerRegistry;
import dev.fleetops.events.rules.Rule;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.json.Json;
import dev.fleetops.source.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleSetTest {

    private final Fixtures.DrainCounter counter = new Fixtures.DrainCounter();
    private final HandlerRegistry registry = Fixtures.registry(counter);

    private List<String> matches(String rulesYaml, String eventJson) throws Exception {
        RuleSet rules = RuleSet.load("rules.yaml", rulesYaml, registry);
        return rules.match(Json.parse(eventJson)).stream().map(Rule::name).toList();
    }

    private static String rule(String name, String pattern) {
        return "  - name: " + name + "\n    pattern: " + pattern + "\n    handler: drain-counter\n";
    }

    private static final String EVENT = """
            {"version":"0","id":"e","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2",
             "account":"123456789012","time":"2024-05-01T10:00:00Z","region":"us-east-2","resources":[],
             "detail":{"instance-id":"i-0abc","state":"Terminated","cpu":85,"tags":{"env":"prod-eu"}}}""";

    @Test
    void everyPatternKindOfTheEventBridgeSyntax() throws Exception {
        String rules = "rules:\n"
                + rule("equals", "{source: [aws.ec2]}")
                + rule("prefix", "{detail-type: [{prefix: 'EC2 Instance'}]}")
                + rule("suffix", "{detail-type: [{suffix: Notification}]}")
                + rule("anything-but", "{source: [{anything-but: [aws.autoscaling]}]}")
                + rule("anything-but-prefix", "{region: [{anything-but: {prefix: eu-}}]}")
                + rule("numeric", "{detail: {cpu: [{numeric: ['>', 80, '<=', 90]}]}}")
                + rule("numeric-miss", "{detail: {cpu: [{numeric: ['<', 10]}]}}")
                + rule("exists", "{detail: {instance-id: [{exists: true}]}}")
                + rule("not-exists", "{detail: {LifecycleHookName: [{exists: false}]}}")
                + rule("ignore-case", "{detail: {state: [{equals-ignore-case: terminated}]}}")
                + rule("wildcard", "{detail: {tags: {env: [{wildcard: 'prod-*'}]}}}")
                + rule("or", "{source: [aws.ec2], $or: [{detail: {state: [running]}}, {detail: {cpu: [85]}}]}")
                + rule("miss", "{source: [aws.health]}");
        assertThat(matches(rules, EVENT)).containsExactly("equals", "prefix", "suffix", "anything-but",
                "anything-but-prefix", "numeric", "exists", "not-exists", "ignore-case", "wildcard", "or");
    }

    @Test
    void patternMayBeAJsonStringAsInTerraform() throws Exception {
        String rules = "rules:\n  - name: tf\n    pattern: '{\"source\":[\"aws.ec2\"],\"detail\":{\"state\":[\"Terminated\"]}}'\n    handler: drain-counter\n";
        assertThat(matches(rules, EVENT)).containsExactly("tf");
    }

    @Test
    void disabledRulesDoNotMatch() throws Exception {
        String rules = "rules:\n" + rule("on", "{source: [aws.ec2]}") + rule("off", "{source: [aws.ec2]}") + "    enabled: false\n";
        assertThat(matches(rules, EVENT)).containsExactly("on");
    }

    @Test
    void runbookRuleTakesParametersFromTheEvent() {
        RuleSet rules = RuleSet.load("rules.yaml", """
                rules:
                  - name: cleanup
                    pattern: {detail: {state: [terminated]}}
                    runbook: Decommission
                    parameters:
                      InstanceId: $.detail.instance-id
                      Region: $.region
                      Reason: terminated
                """, registry);
        assertThat(rules.rules().get(0).handler().name()).isEqualTo("runbook");
    }

    static Stream<Arguments> badRules() {
        return Stream.of(
                Arguments.of("rules: []\n", "rules.yaml:1:8: rules: no rules"),
                Arguments.of("rulez:\n  - name: x\n", "rules.yaml:1:1: rulez: unknown field 'rulez' (did you mean 'rules'?)"),
                Arguments.of("rules:\n  - name: x\n    handler: drain-counter\n", "rules.yaml:2:5: rules[0]: missing required field 'pattern'"),
                Arguments.of("rules:\n  - name: x\n    pattern: {source: [aws.ec2]}\n    handler: drain-countr\n",
                        "rules.yaml:4:14: rules[0].handler: unknown handler 'drain-countr' (did you mean 'drain-counter'?)"),
                Arguments.of("rules:\n  - name: x\n    pattern: {source: [aws.ec2]}\n",
                        "rules.yaml:2:5: rules[0]: rule 'x': give exactly one of 'handler'"),
                Arguments.of("rules:\n  - name: x\n    pattern: {source: [aws.ec2]}\n    handler: drain-counter\n    runbook: D\n",
                        "give exactly one of 'handler'"),
                Arguments.of("rules:\n  - name: x\n    pattern: {source: aws.ec2}\n    handler: drain-counter\n",
                        "rules.yaml:3:14: rules[0].pattern: invalid event pattern"),
                Arguments.of("rules:\n  - name: x\n    pattern: {detail: {cpu: [{numeric: ['>>', 1]}]}}\n    handler: drain-counter\n",
                        "rules.yaml:3:14: rules[0].pattern: invalid event pattern"),
                Arguments.of("rules:\n  - name: x\n    pattern: {source: [{prefx: aws}]}\n    handler: drain-counter\n",
                        "rules.yaml:3:14: rules[0].pattern: invalid event pattern"),
                Arguments.of("rules:\n  - name: x\n    pattern: '{\"source\": [\"aws.ec2\"'\n    handler: drain-counter\n",
                        "rules.yaml:3:14: rules[0].pattern: pattern is not JSON"),
                Arguments.of("rules:\n  - name: x\n    pattern: {}\n    handler: drain-counter\n",
                        "rules.yaml:3:14: rules[0].pattern: pattern: expected a non-empty mapping"),
                Arguments.of("rules:\n  - name: x\n    pattern: {source: [aws.ec2]}\n    handler: drain-counter\n    settings: {acton: stop}\n",
                        "rules.yaml:5:16: rules[0].settings.acton: unknown field 'acton' (did you mean 'action'?)"),
                Arguments.of("rules:\n  - name: x\n    pattern: {source: [aws.ec2]}\n    handler: drain-counter\n  - name: x\n    pattern: {source: [aws.ec2]}\n    handler: drain-counter\n",
                        "rules.yaml:5:11: rules[1].name: duplicate rule name 'x' (first at line 2)"),
                Arguments.of("rules:\n  - name: 'bad name!'\n    pattern: {source: [aws.ec2]}\n    handler: drain-counter\n",
                        "rules.yaml:2:11: rules[0].name: rule name 'bad name!'"),
                Arguments.of("rules:\n  - name: x\n    pattern: {source: [aws.ec2]}\n    runbook: D\n    parameters: {Id: '$.detail[?(@.x)]'}\n",
                        "rules.yaml:5:22: rules[0].parameters.Id: JSONPath '$.detail[?(@.x)]'"),
                Arguments.of("rules:\n  - name: x\n    pattern: {source: [aws.ec2]}\n    runbook: D\n    settings: {a: 1}\n",
                        "'settings' go with 'handler'"),
                Arguments.of("rules:\n  - name: x\n    pattern: {source: [aws.ec2]}\n    handler: drain-counter\n    parameters: {a: 1}\n",
                        "'parameters' go with 'runbook'"),
                Arguments.of("rules:\n  - name: x\n    patern: {source: [aws.ec2]}\n    handler: drain-counter\n",
                        "rules.yaml:3:5: rules[0].patern: unknown field 'patern' (did you mean 'pattern'?)"),
                Arguments.of("rules:\n  - name: x\n   pattern: [\n", "rules.yaml:3:"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badRules")
    void badRulesAreRejectedAtLoadWithFileAndLine(String yaml, String message) {
        assertThatThrownBy(() -> RuleSet.load("rules.yaml", yaml, registry))
                .isInstanceOf(InputError.class)
                .hasMessageContaining(message);
    }

    @Test
    void everyBadRuleOfAFileIsReported() {
        assertThatThrownBy(() -> RuleSet.load("rules.yaml", "rules:\n" + rule("a", "{source: aws.ec2}") + rule("b", "{}"), registry))
                .isInstanceOf(InputError.Many.class)
                .satisfies(e -> assertThat(((InputError.Many) e).errors()).hasSize(2));
    }
}
