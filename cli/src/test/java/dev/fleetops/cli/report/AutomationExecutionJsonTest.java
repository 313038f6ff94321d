package dev.fleetops.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.ssm.model.AutomationExecution;
import software.amazon.awssdk.services.ssm.model.FailureDetails;
import software.amazon.awssdk.services.ssm.model.GetAutomationExecutionResponse;
import software.amazon.awssdk.services.ssm.model.StepExecution;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run -o json} is GetAutomationExecution's response: member names checked against the SDK's own model. */
class AutomationExecutionJsonTest {

    private static final String DOCS = "../examples/runbooks";

    private static Set<String> members(SdkPojo pojo) {
        return pojo.sdkFields().stream().map(SdkField::memberName).collect(Collectors.toSet());
    }

    private static List<String> names(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static void timesHaveOnePrecision(JsonNode n, List<String> seen) {
        n.fields().forEachRemaining(e -> {
            if (e.getKey().endsWith("Time")) {
                assertThat(e.getValue().asText()).as(e.getKey()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
                seen.add(e.getKey());
            }
            if (e.getValue().isContainerNode()) timesHaveOnePrecision(e.getValue(), seen);
        });
        if (n.isArray()) n.forEach(i -> timesHaveOnePrecision(i, seen));
    }

    @Test
    void theResponseHasTheApisMembersListValuedOutputsAndOneTimePrecision() throws Exception {
        CliRun r = CliRun.of("-o", "json", "run", "WaitTargetGroupHealthy", "--docs", DOCS, "-p", "TargetGroupName=web-tg");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode response = Json.parse(r.out());
        assertThat(names(response)).first().isEqualTo("AutomationExecution");
        assertThat(members(GetAutomationExecutionResponse.builder().build())).contains("AutomationExecution");
        JsonNode e = response.path("AutomationExecution");
        assertThat(names(e)).isSubsetOf(members(AutomationExecution.builder().build()))
                .contains("AutomationExecutionId", "DocumentName", "AutomationExecutionStatus", "ExecutionStartTime",
                        "ExecutionEndTime", "StepExecutions", "Parameters", "Outputs");
        for (JsonNode s : e.path("StepExecutions")) {
            assertThat(names(s)).isSubsetOf(members(StepExecution.builder().build()))
                    .contains("StepName", "Action", "StepStatus", "Inputs", "Outputs", "ExecutionStartTime");
            s.path("Inputs").forEach(v -> assertThat(v.isTextual()).isTrue()); // Map<String, String>
            s.path("Outputs").forEach(v -> {
                assertThat(v.isArray()).isTrue();
                v.forEach(item -> assertThat(item.isTextual()).isTrue());
            });
        }
        assertThat(e.at("/StepExecutions/0/Inputs/Api").asText()).isEqualTo("\"DescribeTargetGroups\"");
        assertThat(e.at("/Outputs/FindTargetGroup.TargetGroupArn")).hasSize(1);
        assertThat(e.at("/Outputs/FindTargetGroup.TargetGroupArn/0").asText()).startsWith("arn:aws:elasticloadbalancing:");
        assertThat(e.at("/Parameters/TargetGroupName/0").asText()).isEqualTo("web-tg");
        List<String> times = new ArrayList<>();
        timesHaveOnePrecision(response, times);
        assertThat(times).contains("ExecutionStartTime", "ExecutionEndTime", "Time"); // Fleetops' ApiCalls too
        // what the API has no member for is beside it, not inside it
        assertThat(response.at("/Fleetops/StepExecutions/0/ApiCalls/0/Operation").asText()).isEqualTo("DescribeTargetGroups");
    }

    @Test
    void aFailedStepHasTheApisFailureMembers() throws Exception {
        CliRun r = CliRun.of("-o", "json", "run", "WaitTargetGroupHealthy", "--docs", DOCS, "-p", "TargetGroupName=nope");
        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode e = Json.parse(r.out()).path("AutomationExecution");
        assertThat(e.path("AutomationExecutionStatus").asText()).isEqualTo("Failed");
        assertThat(e.path("FailureMessage").asText()).isNotEmpty();
        JsonNode step = e.at("/StepExecutions/0");
        assertThat(step.path("StepStatus").asText()).isEqualTo("Failed");
        assertThat(step.path("FailureMessage").asText()).isNotEmpty();
        assertThat(names(step.path("FailureDetails"))).isNotEmpty().isSubsetOf(members(FailureDetails.builder().build()));
    }
}
