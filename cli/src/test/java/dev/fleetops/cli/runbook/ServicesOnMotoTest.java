package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import dev.fleetops.testing.MotoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services beyond the ones the simulator models, called the way AWS's own Automation documents call them
 * (aws:executeAwsApi on S3, SNS, IAM, KMS, CloudWatch, Secrets Manager, Step Functions, RDS), against moto.
 */
class ServicesOnMotoTest {

    private static final String DOC = "../examples/services/AccountInventory.yaml";

    @TempDir
    Path store;

    @Test
    void theInventoryDocumentRunsAgainstEightServicesOnMoto() throws Exception {
        MotoServer moto = MotoServer.shared();
        var cloud = moto.cloud(); // also its dummy credentials, which the command line finds as any SDK does
        CliRun r = CliRun.of("--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url", moto.endpoint().toString(),
                "-o", "json", "run", DOC, "-p", "BucketName=fleetops-inventory-test", "--store", store.toString());

        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        JsonNode j = Json.parse(r.out()).path("AutomationExecution");
        assertThat(j.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(j.path("StepExecutions")).hasSize(9).allSatisfy(s -> assertThat(s.path("StepStatus").asText()).isEqualTo("Success"));
        assertThat(j.at("/Outputs/ListBuckets.Buckets")).extracting(JsonNode::asText).contains("fleetops-inventory-test");
        JsonNode topic = j.at("/Outputs/CreateTopic.TopicArn"); // a String output (a list in GetAutomationExecution's shape)
        assertThat(topic.isArray() ? topic.get(0).asText() : topic.asText()).isEqualTo("arn:aws:sns:" + MotoServer.REGION
                + ":123456789012:fleetops-inventory");
        // the bucket is there for any other client too: the Cloud builds an S3 client like its own ones
        assertThat(cloud.client(S3AsyncClient.class).listBuckets().join().buckets())
                .extracting(b -> b.name()).contains("fleetops-inventory-test");
    }

    @Test
    void onTheSimulatorTheDocumentIsRefusedNamingEachServiceItDoesNotModel() {
        CliRun v = CliRun.of("validate", DOC);
        assertThat(v.exitCode()).isEqualTo(2);
        assertThat(v.out()).contains("valid, but not runnable on the simulator")
                .contains("service s3 (aws:executeAwsApi in step CreateBucket) is not modelled by the simulator")
                .contains("service rds (aws:executeAwsApi in step DescribeDBInstances) is not modelled by the simulator")
                .doesNotContain("warning"); // DescribeDBInstances is the API's name, though the SDK's is DescribeDbInstances

        CliRun aws = CliRun.of("--cloud", "aws", "--region", MotoServer.REGION, "validate", DOC);
        assertThat(aws.exitCode()).as(aws.out()).isZero();
        assertThat(aws.out()).contains("AccountInventory.yaml: valid").doesNotContain("not runnable");
    }
}
