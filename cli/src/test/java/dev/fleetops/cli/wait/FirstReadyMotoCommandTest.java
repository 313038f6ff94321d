package dev.fleetops.cli.wait;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.json.Json;
import dev.fleetops.testing.MotoServer;
import dev.fleetops.testing.MotoServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fleetops --cloud aws --endpoint-url URL wait first-ready} against moto: the same command, real HTTP. */
@ExtendWith(MotoServerExtension.class)
class FirstReadyMotoCommandTest {

    // Dummy credentials for the CLI's own clients are set by MotoServer for the whole test JVM (clearing them here
    // would break every later test that shares the server).

    @Test
    void findsTheReadyInstanceAndRunsTheSetupOnMoto(MotoServer moto, Cloud cloud) throws Exception {
        cloud.ec2().createLaunchTemplate(r -> r.launchTemplateName("web")
                .launchTemplateData(d -> d.imageId("ami-12c6146b").instanceType("t3.micro"))).get(60, TimeUnit.SECONDS);
        cloud.autoScaling().createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(t -> t.launchTemplateName("web").version("$Default"))
                .minSize(0).maxSize(2).desiredCapacity(2).availabilityZones("us-east-1a")).get(60, TimeUnit.SECONDS);

        CliRun r = CliRun.of("--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url", moto.endpoint().toString(),
                "wait", "first-ready", "--asg", "web", "--timeout", "1m", "--then-command", "echo ready", "-o", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.parse(r.out());
        assertThat(j.get("Status").asText()).isEqualTo("READY");
        assertThat(j.get("Instances")).hasSize(2);
        assertThat(j.at("/ApiCalls/ec2:DescribeInstanceStatus").asInt()).isEqualTo(1);
        assertThat(j.at("/Command/Status").asText()).isEqualTo("Success");
    }

    @Test
    void aMistypedSetupDocumentIsExitTwoOnMotoAndTerminatesNothing(MotoServer moto, Cloud cloud) throws Exception {
        cloud.ec2().createLaunchTemplate(r -> r.launchTemplateName("typo")
                .launchTemplateData(d -> d.imageId("ami-12c6146b").instanceType("t3.micro"))).get(60, TimeUnit.SECONDS);
        cloud.autoScaling().createAutoScalingGroup(r -> r.autoScalingGroupName("typo")
                .launchTemplate(t -> t.launchTemplateName("typo").version("$Default"))
                .minSize(0).maxSize(3).desiredCapacity(3).availabilityZones("us-east-1a")).get(60, TimeUnit.SECONDS);

        CliRun r = CliRun.of("--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url", moto.endpoint().toString(),
                "wait", "first-ready", "--asg", "typo", "--timeout", "1m", "--on-losers", "terminate",
                "--then-document", "TYPO");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("fleetops: --then-document TYPO: no such document in SSM (DescribeDocument)");
        var group = cloud.autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames("typo"))
                .get(60, TimeUnit.SECONDS).autoScalingGroups().get(0);
        var ids = group.instances().stream().map(i -> i.instanceId()).toList();
        assertThat(ids).hasSize(3);
        var states = cloud.ec2().describeInstances(b -> b.instanceIds(ids)).get(60, TimeUnit.SECONDS).reservations()
                .stream().flatMap(res -> res.instances().stream()).map(i -> i.state().nameAsString()).toList();
        assertThat(states).hasSize(3).allMatch(s -> s.equals("running") || s.equals("pending"));
    }

    @Test
    void anUnknownGroupIsExitTwoOnMotoToo(MotoServer moto) {
        CliRun r = CliRun.of("--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url", moto.endpoint().toString(),
                "wait", "first-ready", "--asg", "nope");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("fleetops: no Auto Scaling group named 'nope'");
    }
}
