package dev.fleetops.cli.common;

import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS CLI's output conventions on every command's result document: --query (JMESPath), -o json|yaml|table, and
 * text with a query as tab-separated values. Shown on `sim show`, whose document is DescribeAutoScalingGroups',
 * DescribeInstances' and DescribeTargetGroups' answers.
 */
class OutputFormatsTest {

    @Test
    void queryPicksFromTheJsonDocument() throws Exception {
        CliRun r = CliRun.of("sim", "show", "-o", "json", "--query", "Reservations[].Instances[].InstanceId");
        assertThat(r.exitCode()).isZero();
        var ids = Json.parse(r.out());
        assertThat(ids.isArray()).isTrue();
        assertThat(ids.size()).isEqualTo(3);
        ids.forEach(id -> assertThat(id.asText()).startsWith("i-"));
    }

    @Test
    void textWithAQueryIsTabSeparatedAsTheAwsCli() {
        CliRun r = CliRun.of("sim", "show", "--query", "AutoScalingGroups[].[AutoScalingGroupName,DesiredCapacity]");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().toList()).containsExactly("web\t3");
    }

    @Test
    @SuppressWarnings("unchecked")
    void yamlIsTheSameDocument() throws Exception {
        CliRun json = CliRun.of("sim", "show", "-o", "json");
        CliRun yaml = CliRun.of("sim", "show", "-o", "yaml");
        assertThat(yaml.exitCode()).isZero();
        Map<String, Object> loaded = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml.out());
        com.fasterxml.jackson.databind.JsonNode fromYaml = Json.MAPPER.valueToTree(loaded);
        assertThat(fromYaml).isEqualTo(Json.parse(json.out()));
    }

    @Test
    void tableDrawsBoxesWithAColumnPerMember() {
        CliRun r = CliRun.of("sim", "show", "-o", "table", "--query",
                "Reservations[].Instances[].{Id: InstanceId, State: State.Name}");
        assertThat(r.exitCode()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).matches("\\+-+\\+-+\\+");
        assertThat(lines.get(1)).matches("\\|\\s+Id\\s+\\|\\s+State\\s+\\|");
        assertThat(lines.stream().filter(l -> l.matches("\\| i-\\w+ +\\| running +\\|"))).hasSize(3);
        int width = lines.get(0).length();
        assertThat(lines).allSatisfy(l -> assertThat(l).hasSize(width));
    }

    @Test
    void aTitledTableForAWrappedAnswer() {
        CliRun r = CliRun.of("sim", "show", "-o", "table", "--query", "{AutoScalingGroups: AutoScalingGroups[].{Name: AutoScalingGroupName, Desired: DesiredCapacity}}");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("AutoScalingGroups").contains("| web ").contains("| 3 ");
    }

    @Test
    void aBadQueryIsAUsageError() {
        CliRun r = CliRun.of("sim", "show", "--query", "Reservations[");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("fleetops: --query: bad JMESPath expression 'Reservations['").doesNotContain("\tat ");
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        CliRun r = CliRun.of("sim", "show", "-o", "xml");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("text, json, yaml, table");
    }
}
