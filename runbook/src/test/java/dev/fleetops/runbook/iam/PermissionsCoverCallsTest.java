package dev.fleetops.runbook.iam;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.runbook.document.Document;
import dev.fleetops.runbook.document.Validation;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.runbook.engine.StartRefused;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every API call a run makes is allowed by the policy {@code fleetops iam} derives for the document and its
 * children: a runbook using each action that calls AWS and runs on the simulator, its child read from SSM
 * (GetDocument), with the calls counted by the simulated region's gate.
 */
class PermissionsCoverCallsTest {

    private static final String CHILD = """
            {"schemaVersion": "0.3", "parameters": {"InstanceId": {"type": "String"}},
             "mainSteps": [{"name": "describe", "action": "aws:executeAwsApi",
               "inputs": {"Service": "ec2", "Api": "DescribeInstanceStatus", "InstanceIds": ["{{ InstanceId }}"]}}]}
            """;

    private static final String PARENT = """
            schemaVersion: '0.3'
            parameters:
              InstanceId: {type: String}
            mainSteps:
              - name: describe
                action: aws:executeAwsApi
                inputs: {Service: ec2, Api: DescribeInstances, InstanceIds: ['{{ InstanceId }}']}
              - name: assertRunning
                action: aws:assertAwsResourceProperty
                inputs: {Service: ec2, Api: DescribeInstances, InstanceIds: ['{{ InstanceId }}'],
                         PropertySelector: '$.Reservations[0].Instances[0].State.Name', DesiredValues: [running]}
              - name: waitRunning
                action: aws:waitForAwsResourceProperty
                inputs: {Service: ec2, Api: DescribeInstances, InstanceIds: ['{{ InstanceId }}'],
                         PropertySelector: '$.Reservations[0].Instances[0].State.Name', DesiredValues: [running]}
              - name: tag
                action: aws:createTags
                inputs: {ResourceIds: ['{{ InstanceId }}'], Tags: [{Key: checked, Value: 'yes'}]}
              - name: command
                action: aws:runCommand
                inputs: {DocumentName: AWS-RunShellScript, InstanceIds: ['{{ InstanceId }}'], Parameters: {commands: [uptime]}}
              - name: stop
                action: aws:changeInstanceState
                inputs: {InstanceIds: ['{{ InstanceId }}'], DesiredState: stopped}
              - name: start
                action: aws:changeInstanceState
                inputs: {InstanceIds: ['{{ InstanceId }}'], DesiredState: running}
              - name: child
                action: aws:executeAutomation
                inputs: {DocumentName: Child, RuntimeParameters: {InstanceId: ['{{ InstanceId }}']}}
            """;

    @Test
    void everyCallOfARunIsInThePolicy(@TempDir Path dir) throws Exception {
        SimRegion region = Scenarios.start(Scenarios.load("web", Map.of()), SimRegion.DEFAULT_SEED);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        String instance = region.scheduler().await(region.cloud().ec2().describeInstances(), Duration.ofMinutes(1))
                .reservations().get(0).instances().get(0).instanceId();
        region.scheduler().await(region.cloud().ssm().createDocument(b -> b.name("Child").content(CHILD)
                .documentType("Automation").documentFormat("JSON")), Duration.ofMinutes(1));
        Path parent = Files.writeString(dir.resolve("Parent.yaml"), PARENT);
        RunbookEngine engine = RunbookEngine.builder(region.cloud()).build(); // children from SSM GetDocument
        Map<String, Long> before = new HashMap<>(region.context().gate().calls());

        ExecutionRecord record = region.scheduler().await(engine.run(parent.toString(),
                Map.of("InstanceId", List.of(instance))), Duration.ofHours(2));

        assertThat(record.status()).as(record.failureMessage().orElse("")).isEqualTo(Status.Success);
        Set<String> made = new TreeSet<>();
        region.context().gate().calls().forEach((call, n) -> {
            if (n > before.getOrDefault(call, 0L)) made.add(IamPolicy.iamAction(call.substring(0, call.indexOf(':')),
                    call.substring(call.indexOf(':') + 1)));
        });
        Document child = engine.validator().validate("Child.json", CHILD).document();
        IamPolicy policy = IamPolicy.of(List.of(engine.validator().validate(parent).document(), child));
        assertThat(made).contains("ssm:GetDocument", "ssm:SendCommand", "ec2:StopInstances", "ec2:CreateTags");
        assertThat(policy.actions()).containsAll(made);
    }

    @Test
    void validateAndRunGiveTheSameReasonForTheSameRefusal(@TempDir Path dir) throws Exception {
        Path doc = Files.writeString(dir.resolve("Lambda.yaml"), """
                schemaVersion: '0.3'
                mainSteps:
                  - name: fn
                    action: aws:invokeLambdaFunction
                    inputs: {FunctionName: fn}
                """);
        SimRegion region = SimRegion.empty();
        RunbookEngine engine = RunbookEngine.builder(region.cloud()).ssmDocuments(false).build();
        Validation validated = engine.validator().validate(doc);
        assertThat(validated).isInstanceOf(Validation.NotRunnable.class);
        List<String> validateSays = ((Validation.NotRunnable) validated).reasons();
        assertThat(validateSays).containsExactly("action aws:invokeLambdaFunction does not run on the simulator: the simulator"
                + " does not model Lambda");

        Throwable refused = catchThrowable(() ->
                region.scheduler().await(engine.start(doc.toString(), Map.of()), Duration.ofMinutes(1)));
        while (refused != null && !(refused instanceof StartRefused)) refused = refused.getCause();
        assertThat(refused).isNotNull();
        assertThat(((StartRefused) refused).problems()).isEqualTo(validateSays);
    }
}
