package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.ApiGateProxy;
import dev.fleetops.cli.ApiGateProxy.Hold;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.engine.ExecutionIds;
import dev.fleetops.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code fleetops run --target-locations} against moto, in a child JVM, killed -9 while the first location's
 * instance is rebooting (RebootInstances reached moto, its answer withheld); then {@code fleetops recover} assumes
 * the locations' roles again with its own credentials and finishes the parent: both locations Success, each
 * instance rebooted in its own Region, the in-flight reboot the only call sent again.
 */
class TargetLocationsKilledThenRecoveredMotoTest {

    static final String OTHER = TargetLocationsMotoTest.OTHER;

    @TempDir
    Path dir;

    ApiGateProxy gate;
    Process run;

    @AfterEach
    void stop() {
        if (run != null) run.destroyForcibly();
        if (gate != null) gate.close();
    }

    @Test
    void aTargetLocationsRunKilledMinus9IsFinishedByRecoverInEveryLocation() throws Exception {
        MotoServer moto = MotoServer.shared();
        gate = new ApiGateProxy(moto.endpoint());
        String role = "tlk-" + System.nanoTime(); // the shared moto keeps other tests' instances
        List<String> east = TargetLocationsMotoTest.launch(TargetLocationsMotoTest.ec2In(moto, "us-east-1"), 1, role);
        List<String> west = TargetLocationsMotoTest.launch(TargetLocationsMotoTest.ec2In(moto, "eu-west-1"), 1, role);
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("Reboot.yaml"), """
                schemaVersion: '0.3'
                parameters:
                  InstanceId: {type: String}
                mainSteps:
                  - name: Reboot
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: RebootInstances, InstanceIds: ['{{ InstanceId }}']}
                  - name: WaitRunning
                    action: aws:waitForAwsResourceProperty
                    inputs:
                      Service: ec2
                      Api: DescribeInstances
                      InstanceIds: ['{{ InstanceId }}']
                      PropertySelector: $.Reservations[0].Instances[0].State.Name
                      DesiredValues: [running]
                """);
        String store = dir.resolve("store").toString();

        CountDownLatch held = gate.holdNext("RebootInstances", Hold.AFTER_SENDING);
        Path log = dir.resolve("run.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.fleetops.cli.Main",
                "--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url", gate.endpoint().toString(),
                "run", "Reboot", "--docs", docs.toString(), "--store", store,
                "--target-locations", "[{\"Accounts\": [\"" + OTHER + "\"], \"Regions\": [\"us-east-1\", \"eu-west-1\"]}]",
                "--targets", "tag:Role=" + role, "--target-parameter-name", "InstanceId"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("AWS_ACCESS_KEY_ID", "test");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().remove("AWS_PROFILE");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        run = pb.start();
        // Hang guard only: the condition is the gate holding the first location's reboot.
        assertThat(held.await(5, TimeUnit.MINUTES)).as("the run reached RebootInstances; its output:%n%s", Files.readString(log)).isTrue();
        run.destroyForcibly();
        assertThat(run.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(gate.count("RebootInstances")).as("killed during the first location").isEqualTo(1);
        int assumed = gate.count("AssumeRole");

        CliRun recover = CliRun.of("--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url", gate.endpoint().toString(),
                "-o", "json", "recover", "--docs", docs.toString(), "--store", store);
        assertThat(recover.exitCode()).as(recover.err() + recover.out()).isZero();
        JsonNode recovered = Json.parse(recover.out()).path("Recovered");
        assertThat(recovered).hasSize(1);
        assertThat(recovered.get(0).path("Status").asText()).as(recover.out()).isEqualTo("Success");
        assertThat(gate.count("AssumeRole") - assumed).as("the roles assumed again by recover").isGreaterThanOrEqualTo(2);
        // the in-flight reboot is sent again (RebootInstances has no safe repeat: docs/recovery.md), the second
        // location's once
        assertThat(gate.count("RebootInstances")).isEqualTo(3);

        // each location rebooted its own Region's instance: the target child of location n is child 1 of child n
        String parent = recovered.get(0).path("AutomationExecutionId").asText();
        try (var scheduler = new dev.fleetops.time.RealScheduler();
             var journal = dev.fleetops.journal.Journals.sqlite(Path.of(store), scheduler, Runnable::run)) {
            assertThat(journal.open().toCompletableFuture().join()).as("nothing left open").isEmpty();
            for (int n = 1; n <= 2; n++) {
                String target = ExecutionIds.child(ExecutionIds.child(parent, n), 1);
                var started = (dev.fleetops.journal.Entry.Started) journal.history(target).toCompletableFuture().join().get(0).entry();
                assertThat(started.parameters().get("InstanceId")).as("location " + n).isEqualTo(n == 1 ? east : west);
            }
        }
        assertThat(CliRun.of("--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url", gate.endpoint().toString(),
                "recover", "--docs", docs.toString(), "--store", store).out()).contains("nothing to recover");
    }
}
