package dev.fleetops.runbook.engine;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.runbook.rate.RateControlRequest;
import dev.fleetops.runbook.rate.TargetLocations;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.testing.DyingProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TargetLocations run over two simulated Regions (web with two instances in us-east-1, one in eu-west-1; one
 * location at a time, one instance at a time in each), seed 004's graceful reboot of each instance, with a process
 * "crash" at every step boundary of every execution (the locations' parent's engine and every location's engine
 * abandoned, the journal closed), then new engines on the same store recovering the parent: it ends Success with
 * one Success child per location, every instance of both Regions is healthy in its own target group, and every
 * mutating call was made once per instance, counted at each Region's own API gate.
 */
class TargetLocationsCrashRecoveryTest {

    static final String ACCOUNT = SimRegion.DEFAULT_ACCOUNT;
    static final List<String> REGIONS = List.of("us-east-1", "eu-west-1");

    @TempDir
    Path docs;
    @TempDir
    Path stores;

    SimRegion home;
    Path memory;

    @BeforeEach
    void storesInMemory() throws Exception {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) memory = Files.createTempDirectory(shm, "fleetops-test");
    }

    @AfterEach
    void deleteStores() throws Exception {
        if (memory == null) return;
        try (var files = Files.walk(memory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void aCrashAtEveryStepBoundaryOfATargetLocationsRunIsRecoveredAndEveryMutatingCallIsMadeOnce() throws Exception {
        crashEverywhere(true);
    }

    /** Without targets the document runs once per location: here it reboots the group's first instance there. */
    @Test
    void aCrashAtEveryStepBoundaryOfARunOncePerLocationIsRecovered() throws Exception {
        crashEverywhere(false);
    }

    void crashEverywhere(boolean perTarget) throws Exception {
        int boundaries = run(Integer.MAX_VALUE, perTarget).boundariesSeen();
        assertThat(boundaries).as("step ends of the reboots in two Regions").isGreaterThanOrEqualTo((perTarget ? 3 : 2) * 10);
        for (int k = 1; k <= boundaries; k++) {
            Crashed c = run(k, perTarget);
            assertThat(c.boundariesSeen()).isEqualTo(k);
            Journal store = Journals.sqlite(c.store(), home.scheduler(), Runnable::run);
            RunbookEngine engine = engine(home.cloud(), store, "host-b:2:2", e -> { });
            List<Recovery.Outcome> recovered = CrashRecoveryTest.recover(engine, store, home.scheduler(), Duration.ofHours(10));
            int crashAt = k;
            assertThat(recovered).as("crash after boundary " + k).singleElement().satisfies(o -> {
                assertThat(o.skipped()).isEmpty();
                ExecutionRecord r = o.record().orElseThrow();
                assertThat(r.status()).as("crash after boundary %d: %s", crashAt, r.failureMessage().orElse("")).isEqualTo(Status.Success);
                assertThat(r.id()).isEqualTo(c.parentId());
                assertThat(r.steps()).extracting(s -> s.stepName()).containsExactly(ACCOUNT + "/us-east-1", ACCOUNT + "/eu-west-1");
                for (var location : r.steps()) {
                    ExecutionRecord inner = location.children().get(0);
                    assertThat(inner.status()).isEqualTo(Status.Success);
                    if (perTarget) assertThat(inner.steps()).as(location.stepName()).hasSize(location.stepName().endsWith("us-east-1") ? 2 : 1);
                    else assertThat(inner.documentName()).isEqualTo("RebootFirstInRegion");
                }
            });
            for (String at : REGIONS) {
                SimRegion region = home.region(ACCOUNT, at).orElseThrow();
                assertThat(targets(region)).as("%s after a crash at boundary %d", at, k)
                        .allSatisfy(t -> assertThat(t.targetHealth().state()).isEqualTo(TargetHealthStateEnum.HEALTHY));
                int instances = perTarget ? targets(region).size() : 1;
                for (String op : CrashRecoveryTest.MUTATING) {
                    String[] p = op.split(":");
                    assertThat(region.context().gate().calls(p[0], p[1]) - c.callsBefore().get(at + " " + op))
                            .as("%s in %s after a crash at boundary %d", op, at, k).isEqualTo(instances * CrashRecoveryTest.expected(op));
                }
            }
            assertThat(store.open().toCompletableFuture().join()).as("nothing left open").isEmpty();
            store.close();
        }
    }

    record Crashed(Path store, String parentId, int boundariesSeen, Map<String, Long> callsBefore) { }

    /** A fresh simulation of two Regions; the TargetLocations run over them, abandoned after {@code crashAt} step ends. */
    Crashed run(int crashAt, boolean perTarget) throws Exception {
        for (String d : List.of("RebootWithHealthcheck.yaml", "RebootInstanceGraceful.yaml")) {
            Files.copy(CrashRecoveryTest.EXAMPLES.resolve("runbooks").resolve(d), docs.resolve(d), StandardCopyOption.REPLACE_EXISTING);
        }
        // the target group's ARN differs per Region: looked up there by name, one parameter set for every location
        Path doc = Files.writeString(docs.resolve("RebootInRegion.yaml"), """
                schemaVersion: '0.3'
                parameters:
                  InstanceId: {type: String}
                mainSteps:
                  - name: FindTargetGroup
                    action: aws:executeAwsApi
                    inputs: {Service: elbv2, Api: DescribeTargetGroups, Names: [web-tg]}
                    outputs: [{Name: Arn, Selector: '$.TargetGroups[0].TargetGroupArn', Type: String}]
                  - name: Reboot
                    action: aws:executeAutomation
                    inputs:
                      DocumentName: RebootInstanceGraceful
                      RuntimeParameters: {InstanceId: '{{ InstanceId }}', TargetGroupArn: '{{ FindTargetGroup.Arn }}'}
                """);
        Path once = Files.writeString(docs.resolve("RebootFirstInRegion.yaml"), """
                schemaVersion: '0.3'
                mainSteps:
                  - name: FindInstance
                    action: aws:executeAwsApi
                    inputs:
                      Service: ec2
                      Api: DescribeInstances
                      Filters: [{Name: 'tag:aws:autoscaling:groupName', Values: [web]}, {Name: instance-state-name, Values: [running]}]
                    outputs: [{Name: Id, Selector: '$.Reservations[0].Instances[0].InstanceId', Type: String}]
                  - name: Reboot
                    action: aws:executeAutomation
                    inputs:
                      DocumentName: RebootInRegion
                      RuntimeParameters: {InstanceId: '{{ FindInstance.Id }}'}
                """);
        Path scenario = Files.writeString(docs.resolve("two-regions.yaml"), Scenarios.builtinText("web") + """

                regions:
                  - {region: eu-west-1, scenario: web, scenarioParams: {size: 1}}
                """);
        home = Scenarios.start(Scenarios.load(scenario.toString(), Map.of("size", "2")), SimRegion.DEFAULT_SEED);
        Scenarios.settle(home, Scenarios.DEFAULT_SETTLE);
        Map<String, Long> before = new HashMap<>();
        for (String at : REGIONS) {
            for (String op : CrashRecoveryTest.MUTATING) {
                String[] p = op.split(":");
                before.put(at + " " + op, home.region(ACCOUNT, at).orElseThrow().context().gate().calls(p[0], p[1]));
            }
        }
        Path store = Files.createTempDirectory(memory != null ? memory : stores, "store");
        DyingProcess dying = new DyingProcess(home.scheduler());
        Journal journal = Journals.sqlite(store, dying, Runnable::run);
        AtomicInteger ends = new AtomicInteger();
        Consumer<RunbookEvent> crash = e -> {
            if (!dying.killed() && e instanceof RunbookEvent.StepEnded && ends.incrementAndGet() == crashAt) dying.kill();
        };
        RunbookEngine engine = engine(dying.cloud(home.cloud()), journal, "host-a:1:1", crash);
        TargetLocations locations = TargetLocations.parse("[{\"Accounts\": [\"" + ACCOUNT + "\"], \"Regions\": [\"us-east-1\","
                + " \"eu-west-1\"]}]");
        Optional<RateControlRequest> perLocation = perTarget ? Optional.of(RateControlRequest.of(doc.toString(), Set.of("InstanceId"),
                Map.of(), "tag:aws:autoscaling:groupName=web", "InstanceId", "1", "0")) : Optional.empty();
        var run = engine.acrossLocations(locations, perLocation).start(locations.plan((perTarget ? doc : once).toString(),
                Map.of(), perLocation));
        home.scheduler().runUntil(() -> dying.killed() || run.record().toCompletableFuture().isDone(), Duration.ofHours(10));
        journal.close();
        if (!dying.killed()) {
            ExecutionRecord r = run.record().toCompletableFuture().join();
            assertThat(r.status()).as(r.failureMessage().orElse("")).isEqualTo(Status.Success);
        }
        home.scheduler().runFor(Duration.ofSeconds(31)); // the dead owner's leases expire
        return new Crashed(store, run.id(), ends.get(), before);
    }

    /** An engine on {@code cloud} journaled in {@code journal}, whose twins in the locations are alike. */
    RunbookEngine engine(Cloud cloud, Journal journal, String owner, Consumer<RunbookEvent> events) {
        Function<Cloud, RunbookEngine> there = c -> engine(c, journal, owner, events);
        return RunbookEngine.builder(cloud).docs(docs).ssmDocuments(false).ids(ExecutionIds.seeded(7))
                .journal(journal, owner).onEvent(events).elsewhere(there).build();
    }

    static List<TargetHealthDescription> targets(SimRegion region) {
        var elb = region.cloud().elbv2();
        String arn = region.scheduler().await(elb.describeTargetGroups(b -> b.names("web-tg")), Duration.ofMinutes(1))
                .targetGroups().get(0).targetGroupArn();
        return region.scheduler().await(elb.describeTargetHealth(b -> b.targetGroupArn(arn)), Duration.ofMinutes(1))
                .targetHealthDescriptions();
    }
}
