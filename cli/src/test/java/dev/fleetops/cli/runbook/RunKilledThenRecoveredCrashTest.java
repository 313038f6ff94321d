package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.ApiGateProxy;
import dev.fleetops.cli.ApiGateProxy.Hold;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import dev.fleetops.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.InstanceType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.fleetops.journal.Journals;
import dev.fleetops.time.VirtualScheduler;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real-process proof for runbooks: {@code fleetops run} of seed 004's graceful runbook against moto,
 * in a child JVM, killed -9 (SIGKILL) at three points of its conversation with AWS while the instance is out of its
 * target group; then {@code fleetops recover}: exit 0, the execution Success, the instance registered and healthy
 * again, and no mutating call repeated except the one that was in flight.
 *
 * <p>The kill points are exact: the child's endpoint is an {@link ApiGateProxy} in front of moto that holds one
 * call (after moto acted on it, or before it reached moto) and tells the test, which then kills the child. The
 * waits are for those conditions, with generous bounds as hang guards only.
 *
 * <p>The parent document is {@code examples/runbooks/RebootInstanceGraceful.yaml} unmodified. Its child
 * {@code RebootWithHealthcheck} runs shell scripts through SSM's agent, which moto does not have (it answers
 * ListCommandInvocations with HTTP 500: not implemented); this test gives {@code --docs} a child of the same name
 * that reboots through the EC2 API and waits for the instance to run, so the reboot is an effect moto records.
 *
 * <p>One moto difference is answered as AWS documents it: "If the specified target does not exist, the action
 * returns successfully" (Elastic Load Balancing API Reference: DeregisterTargets). moto 5 answers InvalidTarget
 * instead, which would fail the repeated DeregisterTargets after the first kill point on moto only (and, the step
 * having no onFailure, end the execution Failed with the instance left out of its group).
 */
class RunKilledThenRecoveredCrashTest {

    static final String MOTO_CHILD = """
            schemaVersion: "0.3"
            description: Reboot through the EC2 API (moto has no SSM agent), then wait until the instance runs
            parameters:
              InstanceIds:
                type: StringList
            mainSteps:
              - name: Reboot
                action: aws:executeAwsApi
                inputs:
                  Service: ec2
                  Api: RebootInstances
                  InstanceIds: "{{ InstanceIds }}"
              - name: WaitRunning
                action: aws:waitForAwsResourceProperty
                inputs:
                  Service: ec2
                  Api: DescribeInstances
                  InstanceIds: "{{ InstanceIds }}"
                  PropertySelector: $.Reservations[0].Instances[0].State.Name
                  DesiredValues:
                    - running
                timeoutSeconds: 300
            """;

    /** DeregisterTargets' answer on AWS (Query protocol), also when the target was not registered. */
    static final String DEREGISTERED = "<DeregisterTargetsResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
            + "<DeregisterTargetsResult/><ResponseMetadata><RequestId>gate</RequestId></ResponseMetadata></DeregisterTargetsResponse>";

    /** Where the run is killed, as the gate holds it. */
    enum KillPoint {
        /** DeregisterTargets reached moto, its answer withheld: an intent without a result. */
        AFTER_DEREGISTER("DeregisterTargets", Hold.AFTER_SENDING, null, 2, 1),
        /** The drain wait's DescribeTargetHealth in flight: DeregisterTargets' result is journaled. */
        DURING_THE_WAIT("DescribeTargetHealth", Hold.BEFORE_SENDING, "DeregisterTargets", 1, 1),
        /** RebootInstances (in the child execution) reached moto, its answer withheld. */
        AFTER_REBOOT("RebootInstances", Hold.AFTER_SENDING, null, 1, 2);

        final String operation;
        final Hold hold;
        final String after;
        final int deregisterCalls;
        final int rebootCalls;

        KillPoint(String operation, Hold hold, String after, int deregisterCalls, int rebootCalls) {
            this.operation = operation;
            this.hold = hold;
            this.after = after;
            this.deregisterCalls = deregisterCalls;
            this.rebootCalls = rebootCalls;
        }
    }

    @TempDir
    Path dir;

    MotoServer moto;
    ApiGateProxy gate;
    Process run;

    @BeforeEach
    void gate() throws Exception {
        moto = MotoServer.shared();
        gate = new ApiGateProxy(moto.endpoint());
        gate.answerSuccessInstead("DeregisterTargets", "InvalidTarget", DEREGISTERED);
    }

    @AfterEach
    void stop() {
        if (run != null) run.destroyForcibly();
        if (gate != null) gate.close();
    }

    @ParameterizedTest
    @EnumSource(KillPoint.class)
    void aRunKilledMinus9WhileTheInstanceIsOutOfRotationIsFinishedByRecover(KillPoint point) throws Exception {
        killedThenRecovered(point, List.of("--store", dir.resolve("store").toString()));
    }

    /** The same with the DynamoDB journal ({@code --table}), its tables in moto behind the same gate. */
    @ParameterizedTest
    @EnumSource(value = KillPoint.class, names = {"AFTER_DEREGISTER", "AFTER_REBOOT"})
    void aRunJournaledInDynamoDbKilledMinus9IsFinishedByRecoverFromTheTable(KillPoint point) throws Exception {
        String prefix = "journal-" + UUID.randomUUID().toString().substring(0, 8);
        Journals.dynamoDb(moto.cloud().find(DynamoDbAsyncClient.class).orElseThrow(), prefix, true, new VirtualScheduler(),
                Runnable::run).close();
        killedThenRecovered(point, List.of("--table", prefix));
    }

    private void killedThenRecovered(KillPoint point, List<String> journal) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        var ec2 = moto.cloud().ec2();
        var elb = moto.cloud().elbv2();
        String vpc = ec2.describeVpcs().join().vpcs().get(0).vpcId();
        String instance = ec2.runInstances(b -> b.imageId("ami-05448533fbe614dce").instanceType(InstanceType.T3_MICRO)
                .minCount(1).maxCount(1)).join().instances().get(0).instanceId();
        String tg = elb.createTargetGroup(b -> b.name("kill-" + suffix).protocol("HTTP").port(80).vpcId(vpc)
                .targetType("instance")).join().targetGroups().get(0).targetGroupArn();
        elb.registerTargets(b -> b.targetGroupArn(tg).targets(t -> t.id(instance))).join();
        assertThat(registered(tg)).containsExactly(instance + "=healthy");

        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.copy(Path.of("..", "examples", "runbooks", "RebootInstanceGraceful.yaml"), docs.resolve("RebootInstanceGraceful.yaml"));
        Files.writeString(docs.resolve("RebootWithHealthcheck.yaml"), MOTO_CHILD);
        Path log = dir.resolve("run.log");

        CountDownLatch held = gate.holdNext(point.operation, point.hold, point.after);
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.fleetops.cli.Main",
                "--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url", gate.endpoint().toString(),
                "run", "RebootInstanceGraceful", "--docs", docs.toString(),
                "-p", "InstanceId=" + instance, "-p", "TargetGroupArn=" + tg));
        command.addAll(journal);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("AWS_ACCESS_KEY_ID", "test");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        pb.environment().remove("AWS_PROFILE");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        run = pb.start();
        // Hang guard only: the condition is the gate holding the call.
        assertThat(held.await(5, TimeUnit.MINUTES)).as("the run reached %s; its output:%n%s", point.operation,
                Files.readString(log)).isTrue();
        run.destroyForcibly();
        assertThat(run.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(run.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        assertThat(registered(tg)).as("the kill left the instance out of its target group").isEmpty();

        CliRun recover = CliRun.of(recover(docs, journal, "-o", "json"));
        assertThat(recover.exitCode()).as(recover.err() + recover.out()).isZero();
        JsonNode recovered = Json.parse(recover.out()).path("Recovered");
        assertThat(recovered).hasSize(1);
        assertThat(recovered.get(0).path("DocumentName").asText()).isEqualTo("RebootInstanceGraceful");
        assertThat(recovered.get(0).path("Status").asText()).as(recover.out()).isEqualTo("Success");

        assertThat(registered(tg)).as("back in rotation").containsExactly(instance + "=healthy");
        // A result is journaled after its call (the intent before it, always): killed at once after the next call went
        // out, the result's write may not have landed, and the recovered step sends the call again. DeregisterTargets
        // is idempotent by nature, so that repeat is safe; more than one repeat is not.
        assertThat(gate.count("DeregisterTargets")).as("DeregisterTargets calls (repeated only when its answer was lost)")
                .isBetween(point.deregisterCalls, point == KillPoint.DURING_THE_WAIT ? 2 : point.deregisterCalls);
        assertThat(gate.count("RebootInstances")).as("RebootInstances calls (repeated only when its answer was lost)")
                .isEqualTo(point.rebootCalls);
        assertThat(gate.count("RegisterTargets")).isEqualTo(1);
        CliRun again = CliRun.of(recover(docs, journal));
        assertThat(again.out()).as("nothing is left open").contains("nothing to recover");
    }

    /** {@code fleetops recover} against the gate on {@code journal} (--store DIR or --table NAME). */
    private String[] recover(Path docs, List<String> journal, String... output) {
        List<String> args = new java.util.ArrayList<>(List.of("--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url",
                gate.endpoint().toString()));
        args.addAll(List.of(output));
        args.addAll(List.of("recover", "--docs", docs.toString()));
        args.addAll(journal);
        return args.toArray(String[]::new);
    }

    /** The target group's members as "id=state". */
    private List<String> registered(String tg) {
        return moto.cloud().elbv2().describeTargetHealth(b -> b.targetGroupArn(tg)).join().targetHealthDescriptions()
                .stream().map(d -> d.target().id() + "=" + d.targetHealth().stateAsString()).toList();
    }
}
