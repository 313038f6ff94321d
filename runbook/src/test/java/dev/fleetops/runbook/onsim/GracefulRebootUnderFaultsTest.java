package dev.fleetops.runbook.onsim;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 004's graceful reboot, unmodified, on the web scenario with 30 % of every call the runbook makes (EC2,
 * ELBv2, SSM) answered with throttling, and separately with a 5xx: the simulated clients retry as the SDK does,
 * SSM's step rules sit above, so every seed succeeds and no instance is left out of the target group.
 */
class GracefulRebootUnderFaultsTest {

    static final Path RUNBOOKS = Path.of("..", "examples", "runbooks");
    static final int SEEDS = 20;

    @TempDir
    Path dir;

    @Test
    void thirtyPercentThrottlingOnEveryApi() throws Exception {
        everySeedSucceeds(faults("RequestLimitExceeded", "Throttling", "ThrottlingException"));
    }

    @Test
    void thirtyPercent5xxOnEveryApi() throws Exception {
        everySeedSucceeds(faults("InternalError", "InternalFailure", "InternalServerError"));
    }

    @Test
    void aPermanentErrorStillFailsAtOnceWithTheApisMessage() throws Exception {
        SimRegion region = web(faults("InternalError", "InternalFailure", "InternalServerError"), 1);
        String instance = instances(region).get(0);
        ExecutionRecord run = run(region, instance,
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/no-such-tg/0123456789abcdef");
        assertThat(run.status()).isEqualTo(Status.Failed);
        StepRecord first = run.steps().get(0);
        assertThat(first.stepName()).isEqualTo("AssertTargetGroupHealthBefore");
        assertThat(first.failureMessage().orElse("")).contains("TargetGroupNotFound");
        assertThat(first.apiCalls()).as("one call per step attempt (maxAttempts 3): a permanent error is not retried")
                .hasSize(3);
        assertThat(java.time.Duration.between(first.start().orElseThrow(), first.end().orElseThrow()))
                .isLessThan(Duration.ofSeconds(1));
        assertThat(run.steps().subList(1, run.steps().size())).extracting(StepRecord::status)
                .containsOnly(Status.Pending);
        assertThat(membership(region)).containsOnly("healthy").hasSize(3);
    }

    void everySeedSucceeds(String faults) throws Exception {
        List<String> failed = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            SimRegion region = web(faults, seed);
            String instance = instances(region).get(0);
            ExecutionRecord run = run(region, instance, targetGroup(region));
            List<String> health = membership(region);
            if (run.status() != Status.Success) failed.add("seed " + seed + ": " + why(run));
            assertThat(health).as("seed %d: every instance back in the target group and healthy (%s)", seed,
                    run.status() + ": " + why(run)).hasSize(3).containsOnly("healthy");
            assertThat(region.context().gate().rejected()).as("seed %d: faults were injected", seed).isNotEmpty();
        }
        assertThat(failed).as("failed runs out of " + SEEDS).isEmpty();
    }

    String faults(String ec2, String elbv2, String ssm) {
        return """

                faults:
                  api:
                    - {service: ec2, operation: "*", error: %s, rate: 0.3}
                    - {service: elbv2, operation: "*", error: %s, rate: 0.3}
                    - {service: ssm, operation: "*", error: %s, rate: 0.3}
                """.formatted(ec2, elbv2, ssm);
    }

    SimRegion web(String faults, long seed) throws Exception {
        Path scenario = dir.resolve("web-faults.yaml");
        Files.writeString(scenario, Scenarios.builtinText("web").replaceFirst("(?m)^name: web$", "name: web-faults")
                + faults);
        SimRegion region = Scenarios.start(Scenarios.load(scenario.toString(), Map.of()), seed);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        return region;
    }

    ExecutionRecord run(SimRegion region, String instance, String targetGroup) throws Exception {
        Path docs = dir.resolve("docs");
        Files.createDirectories(docs);
        for (String d : List.of("RebootWithHealthcheck.yaml", "RebootInstanceGraceful.yaml")) {
            Files.copy(RUNBOOKS.resolve(d), docs.resolve(d), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        RunbookEngine engine = RunbookEngine.builder(region.cloud()).docs(docs).ssmDocuments(false).build();
        return region.scheduler().await(engine.run("RebootInstanceGraceful",
                Map.of("InstanceId", List.of(instance), "TargetGroupArn", List.of(targetGroup))), Duration.ofHours(2));
    }

    /** Reads the region without faults or counts (the test's own look, not the workload's calls). */
    static <T> T backstage(SimRegion region, Supplier<CompletableFuture<T>> call) {
        return region.scheduler().await(region.context().gate().backstage(call), Duration.ofMinutes(1));
    }

    static String targetGroup(SimRegion region) {
        return backstage(region, () -> region.cloud().elbv2().describeTargetGroups(r -> r.names("web-tg")))
                .targetGroups().get(0).targetGroupArn();
    }

    static List<String> instances(SimRegion region) {
        return backstage(region, () -> region.cloud().elbv2().describeTargetHealth(r -> r.targetGroupArn(
                targetGroup(region)))).targetHealthDescriptions().stream().map(t -> t.target().id()).sorted().toList();
    }

    /** The target state of every registered target of web-tg. */
    static List<String> membership(SimRegion region) {
        String tg = targetGroup(region);
        return backstage(region, () -> region.cloud().elbv2().describeTargetHealth(r -> r.targetGroupArn(tg)))
                .targetHealthDescriptions().stream().map(TargetHealthDescription::targetHealth)
                .map(h -> h.stateAsString()).toList();
    }

    static String why(ExecutionRecord run) {
        for (StepRecord s : run.steps()) {
            for (ExecutionRecord c : s.children()) {
                for (StepRecord cs : c.steps()) {
                    if (cs.status() != Status.Success) {
                        return s.stepName() + ": " + cs.stepName() + ": " + cs.failureMessage().orElse("");
                    }
                }
            }
            if (s.status() != Status.Success) return s.stepName() + ": " + s.failureMessage().orElse("");
        }
        return run.failureMessage().orElse("");
    }
}
