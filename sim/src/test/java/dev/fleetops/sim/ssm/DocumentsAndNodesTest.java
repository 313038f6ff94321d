package dev.fleetops.sim.ssm;

import dev.fleetops.sim.SimRegion;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentStatus;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;
import software.amazon.awssdk.services.ssm.model.PingStatus;
import software.amazon.awssdk.services.ssm.model.PlatformType;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.fleetops.sim.ssm.SsmFixture.model;
import static dev.fleetops.sim.ssm.SsmFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Documents stored and read back; managed nodes in DescribeInstanceInformation; output limits. */
class DocumentsAndNodesTest {

    static final String AUTOMATION = """
            schemaVersion: "0.3"
            description: Executes a reboot on the instance followed by a healthcheck
            parameters:
              InstanceIds:
                type: StringList
                description: The instance to target
            mainSteps:
              - name: InvokeReboot
                action: aws:runCommand
                inputs:
                  DocumentName: AWS-RunShellScript
                  InstanceIds: "{{ InstanceIds }}"
            """;

    @Test
    void theRegionServesTheAwsOwnedShellDocument() {
        try (SimRegion region = SimRegion.empty()) {
            var doc = region.scheduler().await(region.cloud().ssm().getDocument(b -> b.name("AWS-RunShellScript")),
                    Duration.ofMinutes(1));
            assertThat(doc.documentType()).isEqualTo(DocumentType.COMMAND);
            assertThat(doc.documentFormat()).isEqualTo(DocumentFormat.JSON);
            assertThat(doc.status()).isEqualTo(DocumentStatus.ACTIVE);
            assertThat(doc.content()).contains("\"schemaVersion\": \"1.2\"", "\"aws:runShellScript\"",
                    "\"runCommand\": \"{{ commands }}\"", "\"executionTimeout\"");
            var described = region.scheduler().await(region.cloud().ssm()
                    .describeDocument(b -> b.name("AWS-RunShellScript")), Duration.ofMinutes(1)).document();
            assertThat(described.owner()).isEqualTo("Amazon");
            assertThat(described.platformTypes()).containsExactly(PlatformType.LINUX, PlatformType.MAC_OS);
            assertThat(described.parameters()).extracting(p -> p.name())
                    .containsExactly("commands", "workingDirectory", "executionTimeout");
        }
    }

    @Test
    void anAutomationDocumentIsStoredAsGiven() {
        SsmFixture f = new SsmFixture();
        var created = f.await(f.ssm.createDocument(b -> b.name("RebootWithHealthcheck").content(AUTOMATION)
                .documentType(DocumentType.AUTOMATION).documentFormat(DocumentFormat.YAML))).documentDescription();
        assertThat(created.documentType()).isEqualTo(DocumentType.AUTOMATION);
        assertThat(created.schemaVersion()).isEqualTo("0.3");
        assertThat(created.owner()).isEqualTo("123456789012");
        assertThat(created.hashType().toString()).isEqualTo("Sha256");
        assertThat(created.hash()).hasSize(64);
        assertThat(created.description()).isEqualTo("Executes a reboot on the instance followed by a healthcheck");
        var got = f.await(f.ssm.getDocument(b -> b.name("RebootWithHealthcheck")));
        assertThat(got.content()).isEqualTo(AUTOMATION);
        assertThat(got.documentFormat()).isEqualTo(DocumentFormat.YAML);
        assertThat(got.documentVersion()).isEqualTo("1");
    }

    @Test
    void anAgentComesOnlineShortlyAfterItsInstanceRunsAndLosesItsConnectionWhenStopped() {
        SsmFixture f = new SsmFixture();
        String linux = f.ec2.launch();
        String windows = f.ec2.launch("Windows", Map.of());
        f.scheduler.runFor(Duration.ofSeconds(20)); // still pending
        assertThat(f.await(f.ssm.describeInstanceInformation(b -> { })).instanceInformationList()).isEmpty();

        f.scheduler.runFor(Duration.ofSeconds(16)); // running at 30 s, agent registered at 35 s
        var list = f.await(f.ssm.describeInstanceInformation(b -> { })).instanceInformationList();
        assertThat(list).extracting(InstanceInformation::instanceId, InstanceInformation::pingStatus,
                        InstanceInformation::platformType)
                .containsExactly(tuple(linux, PingStatus.ONLINE, PlatformType.LINUX),
                        tuple(windows, PingStatus.ONLINE, PlatformType.WINDOWS));
        assertThat(list.get(0).resourceTypeAsString()).isEqualTo("EC2Instance");
        assertThat(list.get(0).computerName()).startsWith("ip-10-0-0-");

        f.ec2.state(linux, "stopped");
        var stopped = f.await(f.ssm.describeInstanceInformation(b -> b.filters(
                InstanceInformationStringFilter.builder().key("InstanceIds").values(linux).build())));
        assertThat(stopped.instanceInformationList()).singleElement()
                .satisfies(i -> assertThat(i.pingStatus()).isEqualTo(PingStatus.CONNECTION_LOST));
        var online = f.await(f.ssm.describeInstanceInformation(b -> b.filters(
                InstanceInformationStringFilter.builder().key("PingStatus").values("Online").build())));
        assertThat(online.instanceInformationList()).extracting(InstanceInformation::instanceId)
                .containsExactly(windows);

        f.ec2.state(linux, "terminated");
        assertThat(f.await(f.ssm.describeInstanceInformation(b -> { })).instanceInformationList())
                .extracting(InstanceInformation::instanceId).containsExactly(windows);
    }

    @Test
    void describeInstanceInformationPages() {
        SsmFixture f = new SsmFixture();
        List<String> ids = f.online(7);
        var first = f.await(f.ssm.describeInstanceInformation(b -> b.maxResults(5)));
        assertThat(first.instanceInformationList()).hasSize(5);
        var second = f.await(f.ssm.describeInstanceInformation(b -> b.maxResults(5).nextToken(first.nextToken())));
        assertThat(second.instanceInformationList()).extracting(InstanceInformation::instanceId)
                .containsExactly(ids.get(5), ids.get(6));
        assertThat(second.nextToken()).isNull();
    }

    @Test
    void outputIsTruncatedAtTheApiLimits() {
        String big = "x".repeat(30000);
        SsmFixture f = new SsmFixture(model("noisy", run(0, 1, big)), model("failing", run(2, 1, big)));
        String id = f.online(1).get(0);
        String cmd = f.shell(List.of(id), "noisy");
        f.finish(cmd);
        var inv = f.invocation(cmd, id);
        assertThat(inv.standardOutputContent()).hasSize(24000);
        var plugin = f.await(f.ssm.listCommandInvocations(b -> b.commandId(cmd).details(true)))
                .commandInvocations().get(0).commandPlugins().get(0);
        assertThat(plugin.output()).hasSize(2500).endsWith("---Output truncated---");

        String failing = f.shell(List.of(id), "failing");
        f.finish(failing);
        var failed = f.await(f.ssm.listCommandInvocations(b -> b.commandId(failing).details(true)))
                .commandInvocations().get(0).commandPlugins().get(0);
        assertThat(failed.output()).hasSizeLessThanOrEqualTo(2500).contains("----------ERROR-------")
                .endsWith("exit status 2");
        assertThat(f.invocation(failing, id).standardErrorContent()).isEqualTo("failed to run commands: exit status 2");
    }

    @Test
    void listCommandInvocationsWithoutDetailsHasNoPlugins() {
        SsmFixture f = new SsmFixture();
        List<String> ids = f.online(2);
        String cmd = f.shell(ids, "uptime");
        f.finish(cmd);
        var all = f.await(f.ssm.listCommandInvocations(b -> b.commandId(cmd))).commandInvocations();
        assertThat(all).hasSize(2).allSatisfy(i -> assertThat(i.hasCommandPlugins()).isFalse());
        var one = f.await(f.ssm.listCommandInvocations(b -> b.instanceId(ids.get(1)))).commandInvocations();
        assertThat(one).singleElement().satisfies(i -> assertThat(i.instanceId()).isEqualTo(ids.get(1)));
        var listed = f.await(f.ssm.listCommands(b -> b.filters(f2 -> f2.key("DocumentName").value("AWS-RunShellScript"))))
                .commands();
        assertThat(listed).singleElement().satisfies(c -> {
            assertThat(c.commandId()).isEqualTo(cmd);
            assertThat(c.parameters()).containsEntry("commands", List.of("uptime"));
            assertThat(c.instanceIds()).isEqualTo(ids);
            assertThat(c.timeoutSeconds()).isEqualTo(3600);
        });
        assertThat(cmd).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
}
