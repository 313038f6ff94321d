package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import dev.fleetops.testing.MotoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.InstanceType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --target-maps} on moto: one child per map, each with its map's parameters and the shared ones. */
class TargetMapsMotoTest {

    @TempDir
    Path dir;

    @Test
    void eachMapIsAChildWithItsOwnParameters() throws Exception {
        MotoServer moto = MotoServer.shared();
        List<String> ids = new ArrayList<>();
        moto.cloud().ec2().runInstances(b -> b.imageId("ami-05448533fbe614dce").instanceType(InstanceType.T3_MICRO).minCount(2).maxCount(2))
                .join().instances().forEach(i -> ids.add(i.instanceId()));
        Path doc = Files.writeString(dir.resolve("TagOne.yaml"), """
                schemaVersion: '0.3'
                parameters:
                  InstanceId: {type: String}
                  Label: {type: String}
                  Batch: {type: String}
                mainSteps:
                  - name: Tag
                    action: aws:createTags
                    inputs: {ResourceIds: ['{{ InstanceId }}'], Tags: [{Key: Label, Value: '{{ Label }}-{{ Batch }}'}]}
                """);

        CliRun r = CliRun.of("--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url", moto.endpoint().toString(),
                "-o", "json", "run", doc.toString(), "--store", dir.toString(), "-p", "Batch=b7", "--target-maps",
                "[{\"InstanceId\": [\"" + ids.get(0) + "\"], \"Label\": \"first\"}, {\"InstanceId\": \"" + ids.get(1) + "\", \"Label\": [\"second\"]}]");

        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        JsonNode j = Json.parse(r.out()).path("AutomationExecution");
        assertThat(j.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(j.at("/Outputs/TargetCount/0").asText()).isEqualTo("2");
        var tags = moto.cloud().ec2().describeTags(b -> b.filters(f -> f.name("resource-id").values(ids), f -> f.name("key").values("Label")))
                .join().tags();
        assertThat(tags).extracting(t -> t.resourceId() + "=" + t.value())
                .containsExactlyInAnyOrder(ids.get(0) + "=first-b7", ids.get(1) + "=second-b7");
    }
}
