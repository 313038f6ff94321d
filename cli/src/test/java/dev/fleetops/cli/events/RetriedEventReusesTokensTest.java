package dev.fleetops.cli.events;

import dev.fleetops.events.BuiltInHandlers;
import dev.fleetops.events.Intake;
import dev.fleetops.events.MessageFate;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.config.FaultPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event handled again after its first run failed with its call's answer lost (docs/recovery.md, "A new attempt
 * reuses the first one's tokens"): the runbook's RunInstances reaches the simulator but its answer comes only after
 * aws:executeAwsApi's 25 s per call, so the step times out and the handler run fails; the redelivery is a new attempt, an
 * execution of its own with a new runbook child, whose RunInstances carries the first attempt's ClientToken. EC2
 * answers it with the first launch: one instance, though the call went out twice (virtual time).
 */
class RetriedEventReusesTokensTest {

    static final String AMI = "ami-0abcdef1234567890";

    @TempDir
    Path dir;

    @Test
    void aRedeliveryAfterALostAnswerLaunchesNoSecondInstance() throws Exception {
        // the first RunInstances (sent within the first 50 s) is answered 60 s late; the effect happens all the same
        SimRegion region = new SimRegion(SimRegion.Settings.defaults().withFaults(new FaultPlan(false, List.of(
                new FaultPlan.ApiFault("ec2", "RunInstances", Optional.empty(), 0, Duration.ofSeconds(60), Duration.ZERO,
                        Optional.of(Duration.ofSeconds(50)))), List.of(), 0, List.of(), 0)));
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("Launch.yaml"), """
                schemaVersion: '0.3'
                mainSteps:
                  - name: Launch
                    action: aws:executeAwsApi
                    timeoutSeconds: 30
                    inputs: {Service: ec2, Api: RunInstances, ImageId: %s, InstanceType: t3.micro, MinCount: 1, MaxCount: 1}
                """.formatted(AMI));
        RuleSet rules = RuleSet.load("rules.yaml", """
                rules:
                  - name: launch
                    pattern: {source: [aws.ec2]}
                    runbook: Launch
                """, BuiltInHandlers.registry());
        Journal journal = Journals.sqlite(dir.resolve("store"), region.scheduler(), Runnable::run);
        RunbookEngine engine = RunbookEngine.builder(region.cloud()).docs(docs).ssmDocuments(false)
                .journal(journal, "host-a:1:1").build();
        Intake intake = Intake.builder(rules, region.cloud()).runbooks(engine).journal(journal, "host-a:1:1", o -> false).build();
        int before = launched(region).size();
        String event = """
                {"version": "0", "id": "ev-lost-answer", "detail-type": "EC2 Instance State-change Notification",
                 "source": "aws.ec2", "account": "123456789012", "time": "%s", "region": "us-east-1",
                 "resources": [], "detail": {"instance-id": "i-0123456789abcdef0", "state": "running"}}
                """.formatted(region.scheduler().now());

        HandlerRecord first = record(await(region, journal, intake.submit("test", event)));
        assertThat(first.status()).as("the step timed out while RunInstances was unanswered").isEqualTo(Status.Failed);
        assertThat(first.failureMessage()).hasValueSatisfying(m -> assertThat(m).contains("ended TimedOut"));
        drive(region, journal, Duration.ofSeconds(60)); // the late answer: the instance was launched
        assertThat(launched(region)).hasSize(before + 1);

        HandlerRecord again = record(await(region, journal, intake.submit("test", event)));

        assertThat(again.status()).as(again.failureMessage().orElse("")).isEqualTo(Status.Success);
        assertThat(region.context().gate().calls("ec2", "RunInstances")).as("sent by both attempts").isEqualTo(2);
        assertThat(launched(region)).as("one effect: the repeat carried the first attempt's ClientToken").hasSize(before + 1);
        journal.close();
    }

    /**
     * Runs the simulation until {@code stage} completes, making what was appended durable after each scheduler task
     * so the clock never moves while a journal answer is in flight (docs/journal.md, "Threads and virtual time").
     */
    static <T> T await(SimRegion region, Journal journal, java.util.concurrent.CompletionStage<T> stage) {
        var f = stage.toCompletableFuture();
        region.scheduler().runUntil(() -> {
            journal.flush().toCompletableFuture().join();
            return f.isDone();
        }, Duration.ofMinutes(5));
        assertThat(f).as("done within 5 minutes").isDone();
        return f.join();
    }

    static void drive(SimRegion region, Journal journal, Duration d) {
        region.scheduler().runUntil(() -> {
            journal.flush().toCompletableFuture().join();
            return false;
        }, d);
    }

    static HandlerRecord record(MessageFate fate) {
        assertThat(fate).isInstanceOf(MessageFate.Handled.class);
        return ((MessageFate.Handled) fate).records().get(0);
    }

    static List<Instance> launched(SimRegion region) {
        return region.scheduler().await(region.cloud().ec2().describeInstances(b -> b.filters(f -> f.name("image-id").values(AMI))),
                Duration.ofMinutes(1)).reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }
}
