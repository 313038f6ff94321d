package dev.fleetops.runbook.onsim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.CloudBuilder;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.sim.wire.SimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS's own Automation documents whose aws:executeScript steps call AWS through boto3, run unmodified on the
 * simulated region: the scripts' calls land on the run's own region (served on a loopback port), and the region's
 * state afterwards shows what they did.
 */
class ExecuteScriptOnTheSimulatorTest {

    private static Path corpus;

    @TempDir
    Path dir;
    private SimRegion region;
    private Cloud cloud;
    private RunbookEngine engine;

    @BeforeAll
    static void needsBoto3AndTheCorpus() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (root.getParent() != null && Files.isRegularFile(root.getParent().resolve("pom.xml"))) root = root.getParent();
        corpus = root.resolve("../shared/corpus/ssm-public-documents").normalize();
        boolean required = System.getenv("CI") != null || System.getenv("FLEETOPS_REQUIRE_BOTO3") != null;
        String missing = !Files.isDirectory(corpus) ? "the SSM document corpus is not at " + corpus
                : boto3() ? null : "python3 with boto3 is not installed (pip install boto3)";
        if (missing == null) return;
        if (required) throw new IllegalStateException(missing + " (required: CI or FLEETOPS_REQUIRE_BOTO3 is set)");
        System.err.println("SKIPPED ExecuteScriptOnTheSimulatorTest: " + missing);
        Assumptions.abort(missing);
    }

    private static boolean boto3() throws InterruptedException {
        try {
            return new ProcessBuilder("python3", "-c", "import boto3").redirectErrorStream(true).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @BeforeEach
    void region() {
        region = Scenarios.start(Scenarios.load("web", Map.of()), 7);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        cloud = CloudBuilder.served(region.cloud(), SimServer.onDemand(region));
        engine = RunbookEngine.builder(cloud).docs(corpus).ssmDocuments(false).build();
    }

    @AfterEach
    void close() {
        cloud.close();
    }

    @Test
    void scaleUpEc2StopsTheInstanceChangesItsTypeToTheNextSizeAndStartsIt() {
        String id = GracefulRebootUnderFaultsTest.instances(region).get(0);
        String before = instance(id).instanceTypeAsString();
        Instant start = region.scheduler().now();
        ExecutionRecord r = run("AWSResilienceHub-ScaleUpEc2SOP_2020-05-20", Map.of("EC2InstanceIdentifier", id,
                "EC2InstanceTargetInstanceType", before.replaceAll("\\.[a-z0-9]+$", ".4xlarge"),
                "AutomationAssumeRole", "arn:aws:iam::123456789012:role/automation"));
        assertThat(r.status()).as(r.toString()).isEqualTo(Status.Success);
        // the script's DescribeInstanceTypeOfferings found the requested type; the document then resized the instance
        assertThat(output(r, "CalculateTargetType", "TargetInstanceType").asText()).endsWith(".4xlarge");
        Instance after = instance(id);
        assertThat(after.instanceTypeAsString()).isNotEqualTo(before).endsWith(".4xlarge");
        assertThat(after.state().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(region.context().gate().calls("ec2", "DescribeInstanceTypeOfferings")).isEqualTo(1);
        // scripts hold time: the run took only the stop and the start (the waits), not the scripts' wall time
        assertThat(Duration.between(start, r.end().orElseThrow())).isLessThan(Duration.ofMinutes(5));
    }

    @Test
    void scaleUpEc2WithoutATypeTakesTheNextBiggerSizeTheRegionOffers() {
        String id = GracefulRebootUnderFaultsTest.instances(region).get(1);
        String before = instance(id).instanceTypeAsString();
        ExecutionRecord r = run("AWSResilienceHub-ScaleUpEc2SOP_2020-05-20", Map.of("EC2InstanceIdentifier", id,
                "EC2InstanceTargetInstanceType", before.replaceAll("\\..*", ".xlarge"),
                "AutomationAssumeRole", "arn:aws:iam::123456789012:role/automation"));
        assertThat(r.status()).as(r.toString()).isEqualTo(Status.Success);
        assertThat(instance(id).instanceTypeAsString()).isEqualTo(before.replaceAll("\\..*", ".xlarge"));
    }

    @Test
    void moveSqsMessagesTransfersThemFromOneQueueToTheOther() {
        String source = queue("orders-dlq");
        String target = queue("orders");
        for (int i = 0; i < 5; i++) {
            int n = i;
            await(region.cloud().sqs().sendMessage(b -> b.queueUrl(source).messageBody("order " + n)));
        }
        ExecutionRecord r = run("AWSResilienceHub-MoveSQSMessagesBetweenQueuesSOP_2021-03-11", Map.of(
                "SourceQueueUrl", source, "TargetQueueUrl", target, "NumberOfMessagesToTransfer", "5",
                "AutomationAssumeRole", "arn:aws:iam::123456789012:role/automation"));
        assertThat(r.status()).as(r.toString()).isEqualTo(Status.Success);
        assertThat(messages(source)).isZero();
        assertThat(messages(target)).isEqualTo(5);
    }

    @Test
    void updateSqsPermissionsWritesTheQueuePolicyTheScriptComposed() throws Exception {
        String url = queue("jobs");
        ExecutionRecord r = run("AWS-UpdateSQSPermissions", Map.of("SQSQueueUrl", url,
                "Principal", "arn:aws:iam::123456789012:role/worker",
                "AutomationAssumeRole", "arn:aws:iam::123456789012:role/automation"));
        assertThat(r.status()).as(r.toString()).isEqualTo(Status.Success);
        JsonNode policy = Json.parse(await(region.cloud().sqs().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.POLICY))).attributes().get(QueueAttributeName.POLICY));
        assertThat(policy.at("/Statement/0/Principal/AWS").asText()).isEqualTo("arn:aws:iam::123456789012:role/worker");
        assertThat(policy.at("/Statement/0/Action").toString()).contains("sqs:SendMessage", "sqs:ReceiveMessage");
    }

    @Test
    void helloWorldRunsItsScriptAndReturnsItsPayload() {
        ExecutionRecord r = run("AWS-HelloWorld", Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(Status.Success);
        // its print reaches the step record; it returns nothing, so the payload is null
        assertThat(r.steps().get(0).notes()).singleElement().asString()
                .isEqualTo("script output: Hello World. Welcome to Change Manager");
        assertThat(output(r, "HelloWorldScriptExecution", "OutputPayload").asText()).isEqualTo("{\"Payload\":null}");
    }

    @Test
    void aScriptWithoutBoto3FailsSayingWhatTheMachineLacks() throws Exception {
        Files.writeString(dir.resolve("NoBoto3.yaml"), """
                schemaVersion: '0.3'
                mainSteps:
                  - name: Script
                    action: aws:executeScript
                    inputs:
                      Runtime: python3.11
                      Handler: handler
                      Script: |
                        def handler(events, context):
                            raise ModuleNotFoundError("No module named 'boto3'")
                """);
        RunbookEngine local = RunbookEngine.builder(cloud).docs(dir).ssmDocuments(false).build();
        ExecutionRecord r = region.scheduler().await(local.run("NoBoto3", Map.of()), Duration.ofMinutes(15));
        assertThat(r.status()).isEqualTo(Status.Failed);
        assertThat(r.failureMessage().orElseThrow()).contains("No module named 'boto3'")
                .contains("need boto3 for python3 on this machine (pip install boto3)");
    }

    private ExecutionRecord run(String document, Map<String, String> parameters) {
        Map<String, List<String>> p = new java.util.LinkedHashMap<>();
        parameters.forEach((k, v) -> p.put(k, List.of(v)));
        return region.scheduler().await(engine.run(document, p), Duration.ofHours(1));
    }

    private <T> T await(CompletionStage<T> stage) {
        return region.scheduler().await(stage, Duration.ofMinutes(1));
    }

    private Instance instance(String id) {
        return await(region.cloud().ec2().describeInstances(b -> b.instanceIds(id))).reservations().get(0).instances().get(0);
    }

    private String queue(String name) {
        return await(region.cloud().sqs().createQueue(b -> b.queueName(name))).queueUrl();
    }

    private int messages(String url) {
        return Integer.parseInt(await(region.cloud().sqs().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static JsonNode output(ExecutionRecord r, String step, String name) {
        for (StepRecord s : r.steps()) {
            if (s.stepName().equals(step)) {
                for (var e : s.outputs().entrySet()) if (e.getKey().endsWith(name)) return e.getValue();
            }
        }
        throw new AssertionError("no output " + step + "." + name + " in " + r);
    }
}
