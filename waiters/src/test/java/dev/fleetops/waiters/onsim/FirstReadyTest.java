package dev.fleetops.waiters.onsim;

import dev.fleetops.sim.config.AgentModel;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.waiters.Acceptor;
import dev.fleetops.waiters.InstanceChecks;
import dev.fleetops.waiters.InstanceStatusWait;
import dev.fleetops.waiters.firstready.FirstReady;
import dev.fleetops.waiters.firstready.FirstReadyResult;
import dev.fleetops.waiters.firstready.Setup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Seed 000 on the simulator: the first ready instance of a just-launched group, then its setup through SSM. */
class FirstReadyTest {

    private final List<String> progress = new ArrayList<>();

    private FirstReadyResult run(LaunchedGroup g, FirstReady.Request request) {
        FirstReady f = FirstReady.start(g.region.cloud(), new Random(1), request, progress::add);
        return g.region.scheduler().await(f.result(), Duration.ofHours(2));
    }

    private static FaultPlan impaired(double share) {
        return new FaultPlan(false, List.of(), List.of(), share, List.of(), 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100, 1000})
    void findsTheFirstInstanceWhoseChecksPassWithCeilNOver100CallsPerRound(int n) {
        LaunchedGroup g = LaunchedGroup.of(n);

        FirstReadyResult r = run(g, FirstReady.Request.of(LaunchedGroup.GROUP, Duration.ofMinutes(15)));
        long callsAtEnd = g.callsSinceStart("ec2:DescribeInstanceStatus");
        g.region.scheduler().runFor(Duration.ofMinutes(30));

        assertThat(r.status()).isEqualTo(FirstReadyResult.Status.READY);
        assertThat(r.winner()).isIn(g.ids);
        assertThat(r.instances()).hasSize(n);
        assertThat(r.instances().get(r.winner()).summary()).isEqualTo("running (instance ok, system ok)");
        Duration earliest = g.ids.stream().map(id -> g.region.ec2().statusChecksDoneAt(id)).flatMap(Optional::stream)
                .min(Comparator.naturalOrder()).orElseThrow();
        Duration known = Duration.between(g.region.scheduler().now().minus(g.region.scheduler().elapsed()), r.winnerKnownAt());
        assertThat(known).as("at most one poll interval (<= 120 s) after the first instance passed")
                .isBetween(earliest, earliest.plusSeconds(120));
        // full rounds take ceil(N/100) calls; the fast rounds of the paced policy only the instances that may pass
        assertThat(r.apiCalls().get("ec2:DescribeInstanceStatus")).isBetween((long) r.rounds(), (long) r.rounds() * ((n + 99) / 100));
        assertThat(r.apiCalls()).containsEntry("autoscaling:DescribeAutoScalingGroups", 1L).hasSize(2);
        assertThat(callsAtEnd).isEqualTo(r.apiCalls().get("ec2:DescribeInstanceStatus"));
        assertThat(g.callsSinceStart("ec2:DescribeInstanceStatus")).as("no call after the winner").isEqualTo(callsAtEnd);
        assertThat(progress.get(0)).isEqualTo("watching " + n + " instances of asg-launch (" + ((n + 99) / 100)
                + " DescribeInstanceStatus call(s) per round, checks: instance,system)");
    }

    @Test
    void failsFastWhenNoInstanceCanEverPassItsChecks() {
        LaunchedGroup g = LaunchedGroup.of(8, impaired(1.0), 42);

        FirstReadyResult r = run(g, FirstReady.Request.of(LaunchedGroup.GROUP, Duration.ofHours(1)));

        assertThat(r.status()).isEqualTo(FirstReadyResult.Status.NONE_READY);
        // The group (health check type EC2) replaces impaired instances: the watched ones end terminated.
        assertThat(r.message()).startsWith("no instance became ready: no instance can pass any more: ");
        assertThat(r.winner()).isNull();
        assertThat(r.elapsed()).as("fail fast, not the 1 h deadline").isLessThan(Duration.ofMinutes(10));
        assertThat(r.instances().values()).extracting(InstanceStatusWait.Status::verdict).containsOnly(Acceptor.State.FAILURE);
    }

    @Test
    void timesOutWhenNothingPassesInTime() {
        LaunchedGroup g = LaunchedGroup.of(5);

        FirstReadyResult r = run(g, FirstReady.Request.of(LaunchedGroup.GROUP, Duration.ofSeconds(45)));

        assertThat(r.status()).isEqualTo(FirstReadyResult.Status.NONE_READY);
        assertThat(r.message()).startsWith("no instance became ready within 45 s; last seen: ");
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void terminatesTheLosersInOneCallThenRunsTheScriptOnTheWinner() {
        AgentModel agent = new AgentModel(List.of(new AgentModel.CommandModel("install-app",
                List.of(new AgentModel.Run(0, Duration.ofSeconds(20), "installed v2\n", Optional.empty())))),
                AgentModel.defaults().fallback());
        LaunchedGroup g = LaunchedGroup.of(30, FaultPlan.none(), 42, agent);

        FirstReadyResult r = run(g, FirstReady.Request.of(LaunchedGroup.GROUP, Duration.ofMinutes(15))
                .withOnLosers(FirstReady.OnLosers.TERMINATE).withSetup(new Setup.Script("install-app --version 2")));

        assertThat(r.status()).isEqualTo(FirstReadyResult.Status.READY);
        assertThat(r.terminated()).hasSize(29).doesNotContain(r.winner()).containsExactlyInAnyOrderElementsOf(
                g.ids.stream().filter(id -> !id.equals(r.winner())).toList());
        assertThat(g.callsSinceStart("ec2:TerminateInstances")).isEqualTo(1);
        g.region.scheduler().runFor(Duration.ofMinutes(1));
        assertThat(g.region.ec2().find(r.terminated().get(0)).orElseThrow().state()).isEqualTo("terminated");
        assertThat(g.region.ec2().find(r.winner()).orElseThrow().state()).isEqualTo("running");
        assertThat(r.command()).satisfies(c -> {
            assertThat(c.instanceId()).isEqualTo(r.winner());
            assertThat(c.documentName()).isEqualTo("AWS-RunShellScript");
            assertThat(c.status()).isEqualTo("Success");
            assertThat(c.exitCode()).isZero();
            assertThat(c.stdout()).isEqualTo("installed v2\n");
        });
        assertThat(r.apiCalls()).containsEntry("ssm:SendCommand", 1L).containsKey("ssm:GetCommandInvocation");
        assertThat(r.elapsed()).isGreaterThan(Duration.between(
                g.region.scheduler().now().minus(r.elapsed()), r.winnerKnownAt()).plusSeconds(20));
    }

    @Test
    void aFailingSetupIsReportedWithItsExitCode() {
        AgentModel agent = new AgentModel(List.of(new AgentModel.CommandModel("broken",
                List.of(new AgentModel.Run(3, Duration.ofSeconds(5), "", Optional.empty())))),
                AgentModel.defaults().fallback());
        LaunchedGroup g = LaunchedGroup.of(3, FaultPlan.none(), 42, agent);

        FirstReadyResult r = run(g, FirstReady.Request.of(LaunchedGroup.GROUP, Duration.ofMinutes(15))
                .withSetup(new Setup.Script("broken-setup")));

        assertThat(r.status()).isEqualTo(FirstReadyResult.Status.SETUP_FAILED);
        assertThat(r.command().status()).isEqualTo("Failed");
        assertThat(r.command().exitCode()).isEqualTo(3);
        assertThat(r.message()).startsWith(r.winner() + " is ready, but its setup ended Failed (exit code 3)");
        assertThat(r.terminated()).isEmpty();
    }

    @Test
    void runsADocumentWithParametersOnTheWinner() {
        AgentModel agent = new AgentModel(List.of(new AgentModel.CommandModel("echo hello fleet",
                List.of(new AgentModel.Run(0, Duration.ofSeconds(2), "hello fleet\n", Optional.empty())))),
                AgentModel.defaults().fallback());
        LaunchedGroup g = LaunchedGroup.of(3, FaultPlan.none(), 42, agent);
        g.region.scheduler().await(g.region.cloud().ssm().createDocument(b -> b.name("Greet")
                .documentType(DocumentType.COMMAND).documentFormat(DocumentFormat.YAML).content("""
                        schemaVersion: '2.2'
                        description: greet
                        parameters:
                          who: {type: String, default: world}
                        mainSteps:
                          - action: aws:runShellScript
                            name: greet
                            inputs:
                              runCommand: ['echo hello {{ who }}']
                        """)), Duration.ofMinutes(1));

        FirstReadyResult r = run(g, FirstReady.Request.of(LaunchedGroup.GROUP, Duration.ofMinutes(15))
                .withSetup(new Setup.Document("Greet", Map.of("who", List.of("fleet")))));

        assertThat(r.status()).isEqualTo(FirstReadyResult.Status.READY);
        assertThat(r.command().documentName()).isEqualTo("Greet");
        assertThat(r.command().stdout()).isEqualTo("hello fleet\n");
    }

    @Test
    void anUnknownGroupIsAMistakeNotAnOutcome() {
        LaunchedGroup g = LaunchedGroup.of(1);
        FirstReady f = FirstReady.start(g.region.cloud(), new Random(1), FirstReady.Request.of("asg-lunch",
                Duration.ofMinutes(5)), progress::add);

        assertThatThrownBy(() -> g.region.scheduler().await(f.result(), Duration.ofMinutes(5)))
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(FirstReady.NoSuchGroup.class)
                .hasMessage("no Auto Scaling group named 'asg-lunch'");
    }

    @Test
    void cancellingStopsAllPollingAtOnce() {
        LaunchedGroup g = LaunchedGroup.of(250);
        FirstReady f = FirstReady.start(g.region.cloud(), new Random(1), FirstReady.Request.of(LaunchedGroup.GROUP,
                Duration.ofHours(1)), progress::add);
        g.region.scheduler().runFor(Duration.ofSeconds(30));
        long before = g.totalCalls();

        f.cancel();
        g.region.scheduler().runFor(Duration.ofHours(1));

        assertThat(g.totalCalls() - before).isZero();
        assertThat(f.result().join().status()).isEqualTo(FirstReadyResult.Status.CANCELLED);
    }
}
