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
import dev.fleetops.sim.wire.SimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS Resilience Hub's own experiment documents, run unmodified on the simulated region: each checks a CloudWatch
 * alarm is green, injects its failure, waits for the alarm to go red, rolls back and waits for green again. The
 * alarms are the simulated CloudWatch's, evaluated each minute of virtual time over the region's metrics.
 */
class AlarmDocumentsOnTheSimulatorTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/automation";
    private static Path corpus;

    private SimRegion region;
    private Cloud cloud;
    private RunbookEngine engine;
    private CloudWatchAsyncClient cw;
    private SqsAsyncClient sqs;
    private final List<StateValue> seen = new ArrayList<>();

    @BeforeAll
    static void needsBoto3AndTheCorpus() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (root.getParent() != null && Files.isRegularFile(root.getParent().resolve("pom.xml"))) root = root.getParent();
        corpus = root.resolve("../shared/corpus/ssm-public-documents").normalize();
        boolean required = System.getenv("CI") != null || System.getenv("FLEETOPS_REQUIRE_BOTO3") != null;
        String missing = !Files.isDirectory(corpus) ? "the SSM document corpus is not at " + corpus
                : new ProcessBuilder("python3", "-c", "import boto3").redirectErrorStream(true).start().waitFor() == 0
                ? null : "python3 with boto3 is not installed (pip install boto3)";
        if (missing == null) return;
        if (required) throw new IllegalStateException(missing + " (required: CI or FLEETOPS_REQUIRE_BOTO3 is set)");
        System.err.println("SKIPPED AlarmDocumentsOnTheSimulatorTest: " + missing);
        Assumptions.abort(missing);
    }

    @BeforeEach
    void region() {
        region = SimRegion.empty();
        cloud = CloudBuilder.served(region.cloud(), SimServer.onDemand(region));
        engine = RunbookEngine.builder(cloud).docs(corpus).ssmDocuments(false).build();
        cw = region.cloud().client(CloudWatchAsyncClient.class);
        sqs = region.cloud().sqs();
    }

    @AfterEach
    void close() {
        cloud.close();
    }

    @Test
    void maxReceiveFailureSendsTheMessagesToTheDeadLetterQueueAndBringsThemBack() throws Exception {
        String dlq = queue("orders-dlq", Map.of());
        String redrive = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:123456789012:orders-dlq\",\"maxReceiveCount\":5}";
        String orders = queue("orders", Map.of(QueueAttributeName.REDRIVE_POLICY, redrive, QueueAttributeName.VISIBILITY_TIMEOUT, "30"));
        producer(orders); // the shop keeps taking orders: a receive finds new ones while the old are redriven
        // the alarm a team keeps on its dead-letter queue: any message visible in it for a minute
        await(cw.putMetricAlarm(b -> b.alarmName("orders-dlq-not-empty").namespace("AWS/SQS")
                .metricName("ApproximateNumberOfMessagesVisible").dimensions(d -> d.name("QueueName").value("orders-dlq"))
                .statistic(Statistic.MAXIMUM).period(60).evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)));
        watch("orders-dlq-not-empty");

        ExecutionRecord r = run("AWSResilienceHub-ForceSQSStandardQueueMaxReceiveFailureTest_2020-11-27", Map.of(
                "QueueUrl", orders, "DeadLetterQueueAlarmName", "orders-dlq-not-empty", "AutomationAssumeRole", ROLE));
        producing = false;

        assertThat(r.status()).as(r.toString()).isEqualTo(Status.Success);
        // green, red while the messages sat in the dead-letter queue, green once the document moved them back
        assertThat(seen).containsSubsequence(StateValue.OK, StateValue.ALARM, StateValue.OK);
        assertThat(stepNames(r)).contains("AssertAlarmToBeRed", "MoveMessages", "AssertAlarmToBeGreen");
        assertThat(count(dlq)).isZero();
        assertThat(count(orders)).isEqualTo(produced[0]); // every order is back in (or still in) the queue
        // the rollback restored the queue's own redrive policy and visibility timeout
        Map<String, String> after = await(sqs.getQueueAttributes(b -> b.queueUrl(orders).attributeNamesWithStrings("All"))).attributesAsStrings();
        assertThat(Json.parse(after.get("RedrivePolicy")).get("maxReceiveCount").asInt()).isEqualTo(5);
        assertThat(after.get("VisibilityTimeout")).isEqualTo("30");
    }

    @Test
    void blockingDeleteMessageTurnsTheConsumersErrorAlarmRedUntilThePolicyIsRestored() throws Exception {
        // the queue's own policy (the document appends its Deny to it and restores it from the backup it takes)
        String allow = "{\"Version\":\"2012-10-17\",\"Id\":\"jobs-policy\",\"Statement\":[{\"Sid\":\"workers\","
                + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:role/worker\"},"
                + "\"Action\":\"sqs:*\",\"Resource\":\"arn:aws:sqs:us-east-1:123456789012:jobs\"}]}";
        String jobs = queue("jobs", Map.of(QueueAttributeName.POLICY, allow));
        await(cw.putMetricAlarm(b -> b.alarmName("jobs-delete-errors").namespace("Worker").metricName("DeleteErrors")
                .dimensions(d -> d.name("QueueName").value("jobs")).statistic(Statistic.SUM).period(60).evaluationPeriods(1)
                .threshold(0.0).treatMissingData("notBreaching").comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)));
        consumer(jobs);
        watch("jobs-delete-errors");

        ExecutionRecord r = run("AWSResilienceHub-BlockSQSDeleteMessageTest_2021-03-09", Map.of(
                "QueueUrl", jobs, "SQSUserErrorAlarmName", "jobs-delete-errors", "AutomationAssumeRole", ROLE));

        assertThat(r.status()).as(r.toString()).isEqualTo(Status.Success);
        assertThat(seen).containsSubsequence(StateValue.OK, StateValue.ALARM, StateValue.OK);
        // the document denied sqs:DeleteMessage in the queue's policy, then its script put the backed-up policy back
        assertThat(step(r, "UpdatePolicy").status()).isEqualTo(Status.Success);
        assertThat(step(r, "RollbackCurrentExecution").status()).isEqualTo(Status.Success);
        String policy = await(sqs.getQueueAttributes(b -> b.queueUrl(jobs).attributeNames(QueueAttributeName.POLICY)))
                .attributesAsStrings().get("Policy");
        assertThat(Json.parse(policy)).isEqualTo(Json.parse(allow));
    }

    private final int[] produced = {0};
    private boolean producing = true;

    private void producer(String url) {
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> {
            if (!producing) return;
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("order " + produced[0]++))
                    .whenComplete((x, e) -> region.scheduler().schedule(Duration.ofSeconds(15), loop[0]));
        };
        loop[0].run();
    }

    /**
     * The queue's worker, on the virtual clock: each 20 s it takes a job and deletes it, counting a delete that the
     * queue's policy denies as an error (the simulated SQS keeps policies but does not evaluate them, so the worker
     * applies the policy's Deny of sqs:DeleteMessage itself) and publishing its error count each minute.
     */
    private void consumer(String url) {
        int[] errors = {0};
        int[] ticks = {0};
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> {
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("job")).thenCompose(x -> sqs.receiveMessage(b -> b.queueUrl(url)))
                    .thenCompose(got -> sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.POLICY))
                            .thenAccept(a -> {
                                String p = a.attributesAsStrings().getOrDefault("Policy", "");
                                boolean denied = p.contains("\"Deny\"") && p.contains("sqs:DeleteMessage");
                                for (Message m : got.messages()) {
                                    if (denied) errors[0]++;
                                    else sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                                }
                            }))
                    .thenCompose(x -> ++ticks[0] % 3 != 0 ? java.util.concurrent.CompletableFuture.completedFuture(null)
                            : cw.putMetricData(b -> b.namespace("Worker").metricData(d -> d.metricName("DeleteErrors")
                                    .dimensions(q -> q.name("QueueName").value("jobs")).value((double) errors[0])))
                            .thenRun(() -> errors[0] = 0))
                    .whenComplete((x, e) -> region.scheduler().schedule(Duration.ofSeconds(20), loop[0]));
        };
        region.scheduler().schedule(Duration.ofSeconds(20), loop[0]);
    }

    /** Records the alarm's state each time it changes, as seen every 10 s of virtual time. */
    private void watch(String alarm) {
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> cw.describeAlarms(b -> b.alarmNames(alarm)).thenAccept(d -> {
            StateValue s = d.metricAlarms().get(0).stateValue();
            if (seen.isEmpty() || seen.get(seen.size() - 1) != s) seen.add(s);
        }).whenComplete((x, e) -> region.scheduler().schedule(Duration.ofSeconds(10), loop[0]));
        region.scheduler().schedule(Duration.ofSeconds(10), loop[0]);
    }

    private ExecutionRecord run(String document, Map<String, String> parameters) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        parameters.forEach((k, v) -> p.put(k, List.of(v)));
        return region.scheduler().await(engine.run(document, p), Duration.ofHours(2));
    }

    private <T> T await(CompletionStage<T> stage) {
        return region.scheduler().await(stage, Duration.ofMinutes(1));
    }

    private String queue(String name, Map<QueueAttributeName, String> attributes) {
        return await(sqs.createQueue(b -> b.queueName(name).attributes(attributes))).queueUrl();
    }

    private int count(String url) {
        Map<String, String> a = await(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)))
                .attributesAsStrings();
        return Integer.parseInt(a.get("ApproximateNumberOfMessages")) + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
    }

    private static List<String> stepNames(ExecutionRecord r) {
        return r.steps().stream().map(StepRecord::stepName).toList();
    }

    private static StepRecord step(ExecutionRecord r, String name) {
        return r.steps().stream().filter(s -> s.stepName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " in " + r));
    }
}
