package dev.fleetops.cli.runbook;

import dev.fleetops.cli.ApiGateProxy;
import dev.fleetops.cli.CliRun;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.testing.MotoServer;
import dev.fleetops.testing.MotoServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.model.DocumentDescription;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run FILE} of a Command document on AWS (moto): SendCommand takes a name, so the file's content is made
 * SSM's first, once per content (its hash is the version name), updated when the file changes, and refused with
 * what to allow when the credentials may not.
 */
@ExtendWith(MotoServerExtension.class)
class LocalCommandDocumentMotoTest {

    @TempDir
    Path dir;

    private static final String DOC = """
            schemaVersion: "2.2"
            description: Restart a service
            parameters:
              Service: {type: String, default: tomcat}
            mainSteps:
              - action: aws:runShellScript
                name: restart
                inputs:
                  runCommand:
                    - systemctl restart {{ Service }}
            """;

    private String instance(Cloud cloud) throws Exception {
        return cloud.ec2().runInstances(r -> r.imageId("ami-12c6146b").instanceType("t3.micro").minCount(1).maxCount(1))
                .get(60, TimeUnit.SECONDS).instances().get(0).instanceId();
    }

    private DocumentDescription described(Cloud cloud, String name) throws Exception {
        return cloud.ssm().describeDocument(b -> b.name(name)).get(60, TimeUnit.SECONDS).document();
    }

    private static CliRun run(String endpoint, Path file, String target) {
        return CliRun.of("--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url", endpoint, "run", file.toString(),
                "--targets", target);
    }

    @Test
    void theFileIsCreatedInSsmOnceAndUpdatedWhenItChanges(MotoServer moto, Cloud cloud) throws Exception {
        String id = instance(cloud);
        Path file = dir.resolve("RestartServiceSync.yaml");
        Files.writeString(file, DOC);
        try (ApiGateProxy gate = new ApiGateProxy(moto.endpoint())) {
            gate.answer("ListCommandInvocations", "{\"CommandInvocations\": []}"); // not in moto; the command's own status decides
            CliRun first = run(gate.endpoint().toString(), file, id);
            assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
            DocumentDescription d = described(cloud, "RestartServiceSync");
            assertThat(d.documentTypeAsString()).isEqualTo("Command");
            assertThat(d.documentVersion()).isEqualTo("1");
            String v1 = d.versionName();
            assertThat(v1).hasSize(64).matches("[0-9a-f]+");
            String sent = cloud.ssm().getDocument(b -> b.name("RestartServiceSync")).get(60, TimeUnit.SECONDS).content();
            assertThat(v1).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sent.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            assertThat(sent).contains("systemctl restart {{ Service }}");
            assertThat(gate.operations()).containsSubsequence("DescribeDocument", "CreateDocument", "SendCommand");

            CliRun again = run(gate.endpoint().toString(), file, id);
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(gate.count("CreateDocument")).isEqualTo(1);
            assertThat(gate.count("UpdateDocument")).isZero();
            assertThat(described(cloud, "RestartServiceSync").latestVersion()).isEqualTo("1");

            Files.writeString(file, DOC.replace("default: tomcat", "default: nginx"));
            CliRun changed = run(gate.endpoint().toString(), file, id);
            assertThat(changed.exitCode()).as(changed.err()).isZero();
            DocumentDescription d2 = described(cloud, "RestartServiceSync");
            assertThat(d2.defaultVersion()).isEqualTo("2");
            assertThat(d2.versionName()).isNotEqualTo(v1).hasSize(64);
            assertThat(gate.count("UpdateDocument")).isEqualTo(1);
            assertThat(gate.count("UpdateDocumentDefaultVersion")).isEqualTo(1);
            assertThat(gate.operations().subList(gate.operations().lastIndexOf("UpdateDocumentDefaultVersion"),
                    gate.operations().size())).contains("SendCommand");
        }
    }

    @Test
    void credentialsThatMayNotCreateTheDocumentAreRefusedBeforeSendCommand(MotoServer moto, Cloud cloud) throws Exception {
        String id = instance(cloud);
        Path file = dir.resolve("RestartServiceDenied.yaml");
        Files.writeString(file, DOC);
        try (ApiGateProxy gate = new ApiGateProxy(moto.endpoint())) {
            gate.deny("CreateDocument");
            CliRun r = run(gate.endpoint().toString(), file, id);
            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
            assertThat(r.err()).startsWith("fleetops: " + file + ": SendCommand runs documents by name, so this local "
                    + "Command document must be in SSM first, and CreateDocument was denied (AccessDeniedException): allow "
                    + "ssm:DescribeDocument, ssm:CreateDocument").contains("aws ssm create-document --name RestartServiceDenied")
                    .doesNotContain("Exception:").doesNotContain("\tat ");
            assertThat(gate.count("SendCommand")).isZero();
        }
    }
}
