package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import dev.fleetops.testing.MotoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run --target-locations} on moto, which keeps one state per account (an assumed role's credentials
 * select its account) and Region: each location's child runs with the role assumed in its account, in its Region,
 * and resolves its targets there only.
 */
class TargetLocationsMotoTest {

    static final String OTHER = "111111111111";
    static final String ROLE = "AWS-SystemsManager-AutomationExecutionRole";

    @TempDir
    Path dir;

    /** An EC2 client in {@code region} of account {@link #OTHER}, through the role fleetops assumes there. */
    static Ec2AsyncClient ec2In(MotoServer moto, String region) {
        Credentials c = moto.cloud().client(StsAsyncClient.class).assumeRole(b -> b
                .roleArn("arn:aws:iam::" + OTHER + ":role/" + ROLE).roleSessionName("test-setup")).join().credentials();
        return Ec2AsyncClient.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(),
                        c.secretAccessKey(), c.sessionToken()))).build();
    }

    static List<String> launch(Ec2AsyncClient ec2, int n, String role) {
        List<String> ids = new ArrayList<>();
        ec2.runInstances(b -> b.imageId("ami-05448533fbe614dce").instanceType(InstanceType.T3_MICRO).minCount(n).maxCount(n)
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(g -> g.key("Role").value(role))))
                .join().instances().forEach(i -> ids.add(i.instanceId()));
        return ids;
    }

    private CliRun run(MotoServer moto, String... args) {
        List<String> all = new ArrayList<>(List.of("--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url",
                moto.endpoint().toString(), "-o", "json", "run"));
        all.addAll(List.of(args));
        all.addAll(List.of("--store", dir.toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void eachLocationResolvesItsOwnTargetsThroughItsAssumedRole() throws Exception {
        MotoServer moto = MotoServer.shared();
        String role = "tl-" + System.nanoTime(); // the shared moto keeps other tests' instances
        List<String> east = launch(ec2In(moto, "us-east-1"), 2, role);
        List<String> west = launch(ec2In(moto, "eu-west-1"), 1, role);
        launch(moto.cloud().ec2(), 1, role); // the central account's: not a target
        Path doc = Files.writeString(dir.resolve("Touch.yaml"), """
                schemaVersion: '0.3'
                parameters:
                  InstanceId: {type: String}
                mainSteps:
                  - name: Describe
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances, InstanceIds: ['{{ InstanceId }}']}
                """);

        CliRun r = run(moto, doc.toString(), "--target-locations", "[{\"Accounts\": [\"" + OTHER + "\"],"
                        + " \"Regions\": [\"us-east-1\", \"eu-west-1\"], \"TargetLocationMaxConcurrency\": \"2\"}]",
                "--targets", "tag:Role=" + role, "--target-parameter-name", "InstanceId", "--max-concurrency", "1");

        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        JsonNode response = Json.parse(r.out());
        JsonNode parent = response.path("AutomationExecution");
        assertThat(parent.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
        List<String> locations = new ArrayList<>();
        parent.path("StepExecutions").forEach(s -> locations.add(s.path("StepName").asText()));
        assertThat(locations).containsExactly(OTHER + "/us-east-1", OTHER + "/eu-west-1");
        for (int i = 0; i < 2; i++) {
            JsonNode location = response.at("/Fleetops/StepExecutions/" + i + "/ChildExecutions/0");
            JsonNode inner = location.path("AutomationExecution");
            assertThat(inner.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
            assertThat(parent.at("/StepExecutions/" + i + "/Outputs/ExecutionId/0").asText())
                    .isEqualTo(inner.path("AutomationExecutionId").asText());
            List<String> targets = new ArrayList<>();
            inner.path("StepExecutions").forEach(s -> targets.add(s.path("StepName").asText()));
            assertThat(targets).as(locations.get(i)).containsExactlyInAnyOrderElementsOf(i == 0 ? east : west);
        }

        // journaled as other rate-controlled parents: the parent, each location's child as a part of it, each
        // target's child as a part of its location's, all ended
        String parentId = parent.path("AutomationExecutionId").asText();
        try (var scheduler = new dev.fleetops.time.RealScheduler();
             var journal = dev.fleetops.journal.Journals.sqlite(dir, scheduler, Runnable::run)) {
            assertThat(started(journal, parentId).parentId()).isEmpty();
            for (int i = 0; i < 2; i++) {
                String locationId = parent.at("/StepExecutions/" + i + "/Outputs/ExecutionId/0").asText();
                assertThat(started(journal, locationId).parentId()).contains(parentId);
                JsonNode inner = response.at("/Fleetops/StepExecutions/" + i + "/ChildExecutions/0");
                String targetChild = inner.at("/AutomationExecution/StepExecutions/0/Outputs/ExecutionId/0").asText();
                assertThat(started(journal, targetChild).parentId()).contains(locationId);
            }
            assertThat(journal.open().toCompletableFuture().join()).isEmpty();
        }
    }

    private static dev.fleetops.journal.Entry.Started started(dev.fleetops.journal.Journal journal, String id) {
        var history = journal.history(id).toCompletableFuture().join();
        assertThat(history).as("journal of " + id).isNotEmpty();
        return (dev.fleetops.journal.Entry.Started) history.get(0).entry();
    }

    @Test
    void withoutTargetsTheDocumentRunsOnceInEachLocationAsItsRole() throws Exception {
        MotoServer moto = MotoServer.shared();
        Path doc = Files.writeString(dir.resolve("WhoAmI.yaml"), """
                schemaVersion: '0.3'
                mainSteps:
                  - name: Identity
                    action: aws:executeAwsApi
                    inputs: {Service: sts, Api: GetCallerIdentity}
                    outputs: [{Name: Account, Selector: $.Account, Type: String}]
                outputs: [Identity.Account]
                """);

        CliRun r = run(moto, doc.toString(), "--target-locations", "[{\"Accounts\": [\"" + OTHER + "\", \"222222222222\"],"
                + " \"Regions\": [\"eu-west-1\"], \"ExecutionRoleName\": \"Ops\"}]");

        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        JsonNode response = Json.parse(r.out());
        assertThat(response.at("/AutomationExecution/Outputs/TargetCount/0").asText()).isEqualTo("2");
        for (int i = 0; i < 2; i++) {
            JsonNode child = response.at("/Fleetops/StepExecutions/" + i + "/ChildExecutions/0/AutomationExecution");
            assertThat(child.at("/Outputs/Identity.Account/0").asText()).isEqualTo(i == 0 ? OTHER : "222222222222");
        }
    }

    @Test
    void badLocationsAreRefusedBeforeAnythingRuns() throws Exception {
        Path doc = Files.writeString(dir.resolve("Noop.yaml"), """
                schemaVersion: '0.3'
                mainSteps:
                  - {name: Nap, action: aws:sleep, inputs: {Duration: PT1S}}
                """);
        MotoServer moto = MotoServer.shared();
        CliRun ou = run(moto, doc.toString(), "--target-locations", "[{\"Accounts\": [\"ou-ab12-cdef3456\"], \"Regions\": [\"us-east-1\"]}]");
        assertThat(ou.exitCode()).isEqualTo(2);
        assertThat(ou.err()).contains("item 1: 'ou-ab12-cdef3456' is an organizational unit: fleetops does not read AWS Organizations");
        CliRun typo = run(moto, doc.toString(), "--target-locations", "[{\"Accounts\": [\"" + OTHER + "\"], \"Region\": [\"us-east-1\"]}]");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown member 'Region' (did you mean 'Regions'?)");
    }
}
