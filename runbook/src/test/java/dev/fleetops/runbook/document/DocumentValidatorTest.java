package dev.fleetops.runbook.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetops.cloud.api.ApiCatalog;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentValidatorTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "runbooks");
    private final DocumentValidator simulator = new DocumentValidator(ApiCatalog.standard(), RunTarget.SIMULATOR);
    private final DocumentValidator aws = new DocumentValidator(ApiCatalog.standard(), RunTarget.AWS);

    @Test
    void seed004DocumentsAreValidAndParsedWithTheirStepProperties() {
        Validation reboot = simulator.validate(EXAMPLES.resolve("RebootWithHealthcheck.yaml"));
        Validation graceful = simulator.validate(EXAMPLES.resolve("RebootInstanceGraceful.yaml"));

        assertThat(reboot).isInstanceOf(Validation.Valid.class);
        assertThat(reboot.warnings()).isEmpty();
        assertThat(graceful).isInstanceOf(Validation.Valid.class);
        assertThat(graceful.warnings()).isEmpty();

        Document doc = graceful.document();
        assertThat(doc.name()).isEqualTo("RebootInstanceGraceful");
        assertThat(doc.parameters()).containsOnlyKeys("InstanceId", "TargetGroupArn");
        assertThat(doc.mainSteps()).extracting(Step::name).containsExactly("AssertTargetGroupHealthBefore",
                "AssertInstanceIsInTargetGroup", "DeregisterInstanceFromTargetGroup", "WaitForDeregisteredTarget",
                "AssertTargetIsDeregistered", "RebootWithHealthcheck", "RegisterTarget", "WaitForHealthyTargetGroup",
                "AssertTargetGroupHealthAfter");
        Step first = doc.mainSteps().get(0);
        assertThat(first.maxAttempts()).isEqualTo(3);
        assertThat(first.timeoutSeconds()).contains(60);
        assertThat(first.onFailure()).isEqualTo(Transition.ABORT);
        assertThat(first.isCritical()).isTrue();
        assertThat(doc.mainSteps().get(5).onFailure()).isEqualTo(new Transition.GoTo("RegisterTarget"));
        assertThat(doc.mainSteps().get(8).isEnd()).isTrue();
        assertThat(reboot.document().parameters().get("InstanceIds").type()).isEqualTo(ParameterType.STRING_LIST);
    }

    @Test
    void continueMakesAStepNonCriticalUnlessSaidOtherwise() {
        Validation v = simulator.validate("c.yaml", """
                schemaVersion: "0.3"
                mainSteps:
                  - name: Nap
                    action: aws:sleep
                    onFailure: Continue
                    inputs: {Duration: PT1S}
                  - name: Nap2
                    action: aws:sleep
                    onFailure: Continue
                    isCritical: "true"
                    inputs: {Duration: PT1S}
                """);
        assertThat(v).isInstanceOf(Validation.Valid.class);
        assertThat(v.document().mainSteps()).extracting(Step::isCritical).containsExactly(false, true);
    }

    @Test
    void ofCloudWatchTheSimulatorRunsTheAlarmOperationsOnly() {
        String doc = """
                schemaVersion: "0.3"
                mainSteps:
                  - name: Green
                    action: aws:waitForAwsResourceProperty
                    inputs: {Service: cloudwatch, Api: DescribeAlarms, AlarmNames: [web-5xx],
                             PropertySelector: "$.MetricAlarms[0].StateValue", DesiredValues: [OK]}
                """;
        assertThat(simulator.validate("alarm.yaml", doc)).isInstanceOf(Validation.Valid.class);
        Validation stats = simulator.validate("stats.yaml", doc.replace("DescribeAlarms", "GetMetricStatistics"));
        assertThat(stats).isInstanceOf(Validation.NotRunnable.class);
        assertThat(((Validation.NotRunnable) stats).reasons()).containsExactly("operation cloudwatch GetMetricStatistics "
                + "(aws:waitForAwsResourceProperty in step Green) is not modelled by the simulator (of cloudwatch it models "
                + "DeleteAlarms, DescribeAlarms, PutMetricAlarm, PutMetricData, SetAlarmState)");
    }

    @Test
    void scriptsAndUnmodelledServicesAreValidButNotRunnableOnTheSimulator() {
        String doc = """
                schemaVersion: "0.3"
                mainSteps:
                  - name: ListBuckets
                    action: aws:executeAwsApi
                    inputs: {Service: s3, Api: ListBuckets}
                  - name: Compute
                    action: aws:invokeLambdaFunction
                    inputs:
                      FunctionName: fn
                """;
        Validation onSim = simulator.validate("nr.yaml", doc);
        assertThat(onSim).isInstanceOf(Validation.NotRunnable.class);
        assertThat(((Validation.NotRunnable) onSim).reasons()).containsExactly(
                "service s3 (aws:executeAwsApi in step ListBuckets) is not in fleetops' API catalog (ec2, elbv2, autoscaling, ssm, sqs, events, route53, cloudformation, lambda, cloudwatch, dynamodb, resource-groups, sts)",
                "action aws:invokeLambdaFunction does not run on the simulator: the simulator does not model Lambda");
        Validation onAws = aws.validate("nr.yaml", doc);
        assertThat(((Validation.NotRunnable) onAws).reasons()).hasSize(1).first().asString().startsWith("service s3");
    }

    @Test
    void olderSchemasAndOtherDocumentTypesAreRecognisedNotRun() {
        Validation v = simulator.validate("old.json", """
                {"schemaVersion": "1.0", "sessionType": "Standard_Stream", "inputs": {}}
                """);
        assertThat(v).isInstanceOf(Validation.NotRunnable.class);
        assertThat(((Validation.NotRunnable) v).reasons()).containsExactly("schemaVersion 1.0 (a Session Manager document):"
                + " not runnable here; fleetops runs Automation (0.3) and Command (1.2, 2.0, 2.2) documents");
        Validation pkg = aws.validate("pkg.json", """
                {"schemaVersion": "2.0", "version": "1.0", "packages": {}, "files": {}}
                """);
        assertThat(((Validation.NotRunnable) pkg).reasons()).singleElement().asString()
                .startsWith("schemaVersion 2.0 (a Distributor package document)");
    }

    @Test
    void aSchema12CommandDocumentsPluginsAreItsStepsAtTheirOwnLines() {
        Validation v = simulator.validate("run.json", """
                {"schemaVersion": "1.2",
                 "parameters": {"commands": {"type": "StringList"}},
                 "runtimeConfig": {"aws:runShellScript": {"properties": [
                   {"id": "0.aws:runShellScript", "runCommand": "{{ commands }}"}
                 ]}}}
                """);
        assertThat(v).as(v.toString()).isInstanceOf(Validation.Valid.class);
        Step step = v.document().mainSteps().get(0);
        assertThat(step.name()).isEqualTo("0_aws_runShellScript");
        assertThat(step.action()).isEqualTo("aws:runShellScript");
        assertThat(step.inputs().keys()).containsExactly("runCommand");
        assertThat(v.document().isCommand()).isTrue();

        Validation bad = simulator.validate("bad.json", """
                {"schemaVersion": "1.2",
                 "runtimeConfig": {"aws:runShellScript": {"properties": [
                   {"id": "x", "runCommand": ["ls"], "workingDir": "/tmp"}
                 ]}}}
                """);
        assertThat(bad.warnings()).singleElement().satisfies(w -> {
            assertThat(w.location().line()).isEqualTo(3);
            assertThat(w.message()).contains("workingDir");
        });
        assertThat(simulator.validate("none.json", "{\"schemaVersion\": \"1.2\"}")).isInstanceOf(Validation.Invalid.class);
    }

    @Test
    void unknownCommandPluginIsNotRunnableRatherThanInvalid() {
        Validation v = aws.validate("p.yaml", """
                schemaVersion: "2.2"
                mainSteps:
                  - action: aws:runFancyThing
                    name: fancy
                    inputs: {}
                """);
        assertThat(v).isInstanceOf(Validation.NotRunnable.class);
        assertThat(((Validation.NotRunnable) v).reasons()).singleElement().asString()
                .startsWith("plugin aws:runFancyThing is not a plugin fleetops knows");
    }

    @Test
    void apiMembersAndOutputsAWSOnlyChecksAtRunTimeAreWarnings() {
        Validation v = simulator.validate("w.yaml", """
                schemaVersion: "0.3"
                parameters:
                  TargetGroupArn: {type: String}
                mainSteps:
                  - name: Health
                    action: aws:executeAwsApi
                    inputs:
                      Service: elbv2
                      Api: DescribeTargetHealth
                      TargetGroupArns: "{{ TargetGroupArn }}"
                      Targets:
                        - Id: i-1
                          Port: http
                  - name: Typo
                    action: aws:executeAwsApi
                    inputs: {Service: elbv2, Api: DescribeTargetHealths}
                  - name: Snake
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: describe_instances}
                    outputs:
                      - {Name: Ids, Selector: $.Reservations..InstanceId, Type: StringList}
                  - name: Use
                    action: aws:changeInstanceState
                    inputs: {InstanceIds: "{{ Snake.InstanceIds }}", DesiredState: running}
                """);
        assertThat(v).isInstanceOf(Validation.Valid.class);
        assertThat(v.warnings()).map(DocumentError::toString).containsExactly(
                "w.yaml:10:7: step Health: mainSteps[0].inputs.TargetGroupArns: elbv2 DescribeTargetHealth has no input member TargetGroupArns (did you mean 'TargetGroupArn'?)",
                "w.yaml:13:17: step Health: mainSteps[0].inputs.Targets[0].Port: elbv2 DescribeTargetHealth member Port: expected an integer, got \"http\"",
                "w.yaml:16:35: step Typo: mainSteps[1].inputs.Api: elbv2 has no operation DescribeTargetHealths (did you mean 'DescribeTargetHealth'?)",
                "w.yaml:24:27: step Use: mainSteps[3].inputs.InstanceIds: step Snake has no output 'InstanceIds'; its outputs are: Ids, OutputPayload");
    }

    @Test
    void jsonReportHasOneRecordPerDocumentWithLocatedErrors() throws Exception {
        Validation v = simulator.validate("bad.yaml", """
                schemaVersion: "0.3"
                mainSteps:
                  - name: Wait
                    action: aws:sleep
                    nextStep: Nowhere
                    inputs: {Duration: PT1M}
                """);
        JsonNode json = new ObjectMapper().valueToTree(ValidationReport.of(v));

        assertThat(json.toString()).isEqualTo("{\"File\":\"bad.yaml\",\"DocumentName\":\"bad\",\"SchemaVersion\":\"0.3\","
                + "\"Status\":\"invalid\",\"Errors\":[{\"Location\":\"bad.yaml:5:15\",\"Step\":\"Wait\",\"Field\":\"mainSteps[0].nextStep\","
                + "\"Message\":\"nextStep names step 'Nowhere', which does not exist\"}],\"Reasons\":[],\"Warnings\":[]}");
    }
}
