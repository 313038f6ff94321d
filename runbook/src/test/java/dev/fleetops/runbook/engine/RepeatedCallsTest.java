package dev.fleetops.runbook.engine;

import dev.fleetops.testing.DyingProcess;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process killed right after a step's mutating call was sent and answered, before the step's result reached the
 * journal; a new engine recovers the execution on the same region (virtual time). For each way a repeat is made
 * safe (docs/recovery.md, "Repeated calls") the recovered run makes no second effect, counted at the simulator's
 * API gate and in the region's state, and ends Success; a call that has no safe repeat is sent again and the step
 * record says so.
 */
class RepeatedCallsTest {

    static final String AMI = "ami-0abcdef1234567890";

    @TempDir
    Path docs;
    @TempDir
    Path stores;

    SimRegion region;

    @Test
    void runInstancesRepeatedWithTheSameClientTokenLaunchesNoSecondInstance() throws Exception {
        start("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: Launch
                    action: aws:runInstances
                    inputs: {ImageId: %s, InstanceType: t3.micro}
                """.formatted(AMI));
        int instancesBefore = instances().size();
        Crashed c = crashAfter("RunInstances", Map.of());
        assertThat(instances()).as("launched before the crash").hasSize(instancesBefore + 1);
        String launched = newest().instanceId();

        ExecutionRecord r = recover(c);

        assertThat(r.status()).as(r.failureMessage().orElse("")).isEqualTo(Status.Success);
        assertThat(calls(c, "ec2:RunInstances")).as("sent, then repeated by the re-entered step").isEqualTo(2);
        assertThat(instances()).as("EC2 answered the repeated token with the first launch").hasSize(instancesBefore + 1);
        assertThat(step(r, "Launch").outputs().get("InstanceIds").get(0).asText()).isEqualTo(launched);
        assertThat(newest().clientToken()).as("the intent's token, at most 64 ASCII characters").hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void executeAwsApiRunInstancesCarriesTheJournalTokenUnlessTheDocumentGivesOne() throws Exception {
        start("""
                schemaVersion: '0.3'
                parameters:
                  Token: {type: String, default: ''}
                mainSteps:
                  - name: Launch
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: RunInstances, ImageId: %s, InstanceType: t3.micro, MinCount: 1, MaxCount: 1}
                  - name: LaunchWithOwnToken
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: RunInstances, ImageId: %s, InstanceType: t3.micro, MinCount: 1,
                             MaxCount: 1, ClientToken: my-own-token-1}
                """.formatted(AMI, AMI));
        int instancesBefore = instances().size();
        Crashed c = crashAfter("RunInstances", Map.of());

        ExecutionRecord r = recover(c);

        assertThat(r.status()).as(r.failureMessage().orElse("")).isEqualTo(Status.Success);
        assertThat(calls(c, "ec2:RunInstances")).as("Launch twice (the repeat), LaunchWithOwnToken once").isEqualTo(3);
        assertThat(instances()).as("one instance per step").hasSize(instancesBefore + 2);
        assertThat(instances().stream().map(Instance::clientToken)).contains("my-own-token-1");
    }

    @Test
    void eachPassOfALoopLaunchesItsOwnInstanceAndACrashInTheSecondRepeatsOnlyThatOne() throws Exception {
        start("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: Twice
                    action: aws:loop
                    inputs:
                      Iterators: [a, b]
                      Steps:
                        - name: Launch
                          action: aws:runInstances
                          inputs: {ImageId: %s, InstanceType: t3.micro}
                """.formatted(AMI));
        int instancesBefore = instances().size();
        java.util.concurrent.atomic.AtomicInteger launches = new java.util.concurrent.atomic.AtomicInteger();
        Crashed c = crashAt(e -> e instanceof RunbookEvent.ApiCalled a && a.call().operation().equals("RunInstances")
                && launches.incrementAndGet() == 2, Map.of());

        ExecutionRecord r = recover(c);

        assertThat(r.status()).as(r.failureMessage().orElse("")).isEqualTo(Status.Success);
        assertThat(instances()).as("the same step in two passes: two runs, two tokens, two instances")
                .hasSize(instancesBefore + 2);
    }

    @Test
    void sendCommandIsLookedUpByTheTokenInItsCommentAndNotSentAgain() throws Exception {
        start("""
                schemaVersion: '0.3'
                parameters:
                  InstanceId: {type: String}
                mainSteps:
                  - name: Uptime
                    action: aws:runCommand
                    inputs: {DocumentName: AWS-RunShellScript, InstanceIds: ['{{ InstanceId }}'],
                             Comment: nightly check, Parameters: {commands: [uptime]}}
                """);
        String instance = webInstance();
        Crashed c = crashAfter("SendCommand", Map.of("InstanceId", List.of(instance)));

        ExecutionRecord r = recover(c);

        assertThat(r.status()).as(r.failureMessage().orElse("")).isEqualTo(Status.Success);
        assertThat(calls(c, "ssm:SendCommand")).as("the command sent before the crash is the only one").isEqualTo(1);
        StepRecord uptime = step(r, "Uptime");
        assertThat(uptime.notes()).anySatisfy(n -> assertThat(n).startsWith("resumed: following command "
                + uptime.outputs().get("CommandId").asText()));
        assertThat(uptime.outputs().get("Status").asText()).isEqualTo("Success");
    }

    @Test
    void aCommandDocumentRunWithTargetsIsRestartedFromItsJournaledWrapperAndItsCommandFoundByItsMarker() throws Exception {
        start("""
                schemaVersion: '0.3'
                mainSteps: [{name: Unused, action: 'aws:sleep', inputs: {Duration: PT1S}}]
                """);
        String command = """
                schemaVersion: '2.2'
                description: report the uptime
                mainSteps:
                  - action: aws:runShellScript
                    name: uptime
                    inputs: {runCommand: [uptime]}
                """;
        String instance = webInstance();
        // as fleetops run Uptime.yaml --targets: the one-step wrapper, which has no document recover could find by name
        Crashed c = crashAt(e -> e instanceof RunbookEvent.ApiCalled a && a.call().operation().equals("SendCommand"),
                engine -> engine.startCommand(engine.validator().validate("Uptime.yaml", command), Map.of(),
                        CommandTargets.instances(List.of(instance))).thenCompose(Execution::result));

        ExecutionRecord r = recover(c);

        assertThat(r.status()).as(r.failureMessage().orElse("")).isEqualTo(Status.Success);
        assertThat(r.documentName()).isEqualTo("Uptime");
        assertThat(calls(c, "ssm:SendCommand")).as("the command sent before the crash is the only one").isEqualTo(1);
        StepRecord run = step(r, "runCommand");
        assertThat(run.inputs().get("InstanceIds").toString()).isEqualTo("[\"" + instance + "\"]");
        assertThat(run.notes()).anySatisfy(n -> assertThat(n).startsWith("resumed: following command "
                + run.outputs().get("CommandId").asText()));
    }

    @Test
    void stopInstancesIsIdempotentByNature() throws Exception {
        start("""
                schemaVersion: '0.3'
                parameters:
                  InstanceId: {type: String}
                mainSteps:
                  - name: Stop
                    action: aws:changeInstanceState
                    inputs: {InstanceIds: ['{{ InstanceId }}'], DesiredState: stopped}
                """);
        String instance = webInstance();
        Crashed c = crashAfter("StopInstances", Map.of("InstanceId", List.of(instance)));

        ExecutionRecord r = recover(c);

        assertThat(r.status()).as(r.failureMessage().orElse("")).isEqualTo(Status.Success);
        assertThat(calls(c, "ec2:StopInstances")).as("sent, then sent again: a stopped instance stays stopped").isEqualTo(2);
        assertThat(instance(instance).state().name()).isEqualTo(InstanceStateName.STOPPED);
    }

    @Test
    void rebootInstancesHasNoSafeRepeatAndTheStepRecordSaysItWasSentAgain() throws Exception {
        start("""
                schemaVersion: '0.3'
                parameters:
                  InstanceId: {type: String}
                mainSteps:
                  - name: Reboot
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: RebootInstances, InstanceIds: ['{{ InstanceId }}']}
                """);
        Crashed c = crashAfter("RebootInstances", Map.of("InstanceId", List.of(webInstance())));

        ExecutionRecord r = recover(c);

        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(calls(c, "ec2:RebootInstances")).isEqualTo(2);
        assertThat(step(r, "Reboot").notes()).anySatisfy(n -> assertThat(n)
                .startsWith("resumed: ec2 RebootInstances may have taken effect before the restart and is sent again"));
    }

    record Crashed(Path store, Map<String, Long> callsBefore) { }

    /** A fresh web region, the document {@code content} as "Doc" in the documents folder. */
    void start(String content) throws Exception {
        Files.writeString(docs.resolve("Doc.yaml"), content);
        region = Scenarios.start(Scenarios.load("web", Map.of()), SimRegion.DEFAULT_SEED);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
    }

    /** Runs "Doc" and kills its process once {@code operation}'s answer reached the engine (not yet journaled). */
    Crashed crashAfter(String operation, Map<String, List<String>> parameters) throws Exception {
        return crashAt(e -> e instanceof RunbookEvent.ApiCalled a && a.call().operation().equals(operation), parameters);
    }

    /** As {@link #crashAfter}, killed at the first event {@code crash} accepts. */
    Crashed crashAt(java.util.function.Predicate<RunbookEvent> crash, Map<String, List<String>> parameters) throws Exception {
        return crashAt(crash, engine -> engine.run("Doc", parameters));
    }

    /** As {@link #crashAt(java.util.function.Predicate, Map)}, the run started by {@code run}. */
    Crashed crashAt(java.util.function.Predicate<RunbookEvent> crash,
                    java.util.function.Function<RunbookEngine, CompletionStage<ExecutionRecord>> run) throws Exception {
        Map<String, Long> before = new HashMap<>(region.context().gate().calls());
        Path store = Files.createTempDirectory(stores, "store");
        DyingProcess dying = new DyingProcess(region.scheduler());
        Journal journal = Journals.sqlite(store, dying, Runnable::run);
        RunbookEngine engine = engine(dying.cloud(region.cloud()))
                .journal(journal, "host-a:1:1")
                .onEvent(e -> {
                    if (!dying.killed() && crash.test(e)) dying.kill();
                }).build();
        CompletionStage<ExecutionRecord> result = run.apply(engine);
        region.scheduler().runUntil(() -> dying.killed() || result.toCompletableFuture().isDone(), Duration.ofHours(1));
        assertThat(dying.killed()).as("the run reached the crash").isTrue();
        journal.close();
        region.scheduler().runFor(Duration.ofSeconds(31)); // the dead owner's lease expires
        return new Crashed(store, before);
    }

    ExecutionRecord recover(Crashed c) throws Exception {
        Journal store = Journals.sqlite(c.store(), region.scheduler(), Runnable::run);
        try {
            RunbookEngine engine = engine(region.cloud()).journal(store, "host-b:2:2").build();
            return region.scheduler().await(Recovery.recoverAll(engine, store, "host-b:2:2"), Duration.ofHours(1))
                    .get(0).record().orElseThrow();
        } finally {
            store.close();
        }
    }

    RunbookEngine.Builder engine(dev.fleetops.cloud.Cloud cloud) {
        return RunbookEngine.builder(cloud).docs(docs).ssmDocuments(false).ids(ExecutionIds.seeded(7));
    }

    long calls(Crashed c, String serviceOperation) {
        String[] p = serviceOperation.split(":");
        return region.context().gate().calls(p[0], p[1]) - c.callsBefore().getOrDefault(serviceOperation, 0L);
    }

    static StepRecord step(ExecutionRecord r, String name) {
        return r.steps().stream().filter(s -> s.stepName().equals(name)).findFirst().orElseThrow();
    }

    List<Instance> instances() {
        return region.scheduler().await(region.cloud().ec2().describeInstances(b -> { }), Duration.ofMinutes(1))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    Instance newest() {
        return instances().stream().max(java.util.Comparator.comparing(Instance::launchTime)
                .thenComparing(Instance::instanceId)).orElseThrow();
    }

    Instance instance(String id) {
        return instances().stream().filter(i -> i.instanceId().equals(id)).findFirst().orElseThrow();
    }

    /** A running instance of the web scenario's target group. */
    String webInstance() {
        return instances().stream().filter(i -> i.state().name() == InstanceStateName.RUNNING)
                .map(Instance::instanceId).sorted().findFirst().orElseThrow();
    }
}
