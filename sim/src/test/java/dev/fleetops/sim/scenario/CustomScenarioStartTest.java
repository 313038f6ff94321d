package dev.fleetops.sim.scenario;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHook;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A scenario using the other sections, started and observed only through the SDK clients. */
class CustomScenarioStartTest {

    private static final String SCENARIO = """
            launchTemplates:
              - name: app
            targetGroups:
              - name: admin-tg
                port: 9000
                healthCheck: {interval: 5s, timeout: 2s, healthyThreshold: 2}
                deregistrationDelay: 30s
            groups:
              - name: app
                launchTemplate: app
                min: 0
                max: 4
                desired: 2
                lifecycleHooks:
                  - {name: warm-up, transition: launching, heartbeatTimeout: 10m, defaultResult: CONTINUE}
            instances:
              - name: bastion
                launchTemplate: app
                availabilityZone: us-east-1c
                targetGroups: [admin-tg]
            queues:
              - name: events
                deadLetter: {queue: events-dlq, maxReceiveCount: 3}
              - name: events-dlq
            rules:
              - name: terminated
                pattern: {source: [aws.ec2], detail: {state: [terminated]}}
                queue: events
            """;

    private final SimRegion region = Scenarios.start(ScenarioReader.read("custom.yaml", SCENARIO, Map.of()));

    private <T> T await(CompletionStage<T> call) {
        return region.scheduler().await(call, Duration.ofMinutes(1));
    }

    @Test
    void standaloneInstanceIsLaunchedNamedAndRegistered() {
        List<Instance> bastions = await(region.cloud().ec2().describeInstances(r -> r
                .filters(f -> f.name("tag:Name").values("bastion")))).reservations().stream()
                .flatMap(res -> res.instances().stream()).toList();

        assertThat(bastions).singleElement().satisfies(i -> {
            assertThat(i.placement().availabilityZone()).isEqualTo("us-east-1c");
            assertThat(i.tags()).contains(Tag.builder().key("Name").value("bastion").build());
        });
        String tg = await(region.cloud().elbv2().describeTargetGroups(r -> r.names("admin-tg"))).targetGroups().get(0)
                .targetGroupArn();
        assertThat(await(region.cloud().elbv2().describeTargetHealth(r -> r.targetGroupArn(tg)))
                .targetHealthDescriptions()).extracting(h -> h.target().id())
                .containsExactly(bastions.get(0).instanceId());
    }

    @Test
    void hooksHoldTheGroupsFirstLaunchesUntilTheHeartbeatTimesOut() {
        List<LifecycleHook> hooks = await(region.cloud().autoScaling().describeLifecycleHooks(r -> r
                .autoScalingGroupName("app"))).lifecycleHooks();
        assertThat(hooks).singleElement().satisfies(h -> {
            assertThat(h.lifecycleHookName()).isEqualTo("warm-up");
            assertThat(h.heartbeatTimeout()).isEqualTo(600);
            assertThat(h.defaultResult()).isEqualTo("CONTINUE");
        });

        region.scheduler().runFor(Duration.ofMinutes(2));
        assertThat(groupStates()).containsExactly("Pending:Wait", "Pending:Wait");

        assertThatThrownBy(() -> Scenarios.settle(region, Duration.ofMinutes(2)))
                .isInstanceOf(Scenarios.NotSettled.class)
                .hasMessage("the region did not settle within 120s of virtual time: group app: 0 of 2 instances "
                        + "InService and Healthy (2 in the group)");

        Scenarios.settle(region, Duration.ofMinutes(15));
        assertThat(groupStates()).containsExactly("InService", "InService");
    }

    private List<String> groupStates() {
        return await(region.cloud().autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames("app")))
                .autoScalingGroups().get(0).instances().stream().map(i -> i.lifecycleStateAsString()).toList();
    }

    @Test
    void queueRedrivesToItsDeadLetterQueueAndTheRuleTargetsTheQueue() {
        String url = await(region.cloud().sqs().getQueueUrl(r -> r.queueName("events"))).queueUrl();
        String dlqUrl = await(region.cloud().sqs().getQueueUrl(r -> r.queueName("events-dlq"))).queueUrl();
        var attributes = await(region.cloud().sqs().getQueueAttributes(r -> r.queueUrl(url)
                .attributeNames(QueueAttributeName.ALL))).attributes();
        String dlqArn = await(region.cloud().sqs().getQueueAttributes(r -> r.queueUrl(dlqUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN))).attributes().get(QueueAttributeName.QUEUE_ARN);

        assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY)).contains(dlqArn).contains("3");
        assertThat(await(region.cloud().eventBridge().listTargetsByRule(r -> r.rule("terminated"))).targets())
                .singleElement().satisfies(t -> assertThat(t.arn()).isEqualTo(attributes.get(QueueAttributeName.QUEUE_ARN)));
    }

    @Test
    void theRuleDeliversTheTerminationOfTheStandaloneInstanceToTheQueue() {
        String id = await(region.cloud().ec2().describeInstances(r -> r
                .filters(f -> f.name("tag:Name").values("bastion")))).reservations().get(0).instances().get(0)
                .instanceId();
        await(region.cloud().ec2().terminateInstances(r -> r.instanceIds(id)));
        region.scheduler().runFor(Duration.ofMinutes(2));

        String url = await(region.cloud().sqs().getQueueUrl(r -> r.queueName("events"))).queueUrl();
        var messages = await(region.cloud().sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)))
                .messages();
        assertThat(messages).isNotEmpty().allSatisfy(m -> assertThat(m.body()).contains(id).contains("terminated"));
        assertThat(await(region.cloud().ec2().describeInstances(r -> r.instanceIds(id))).reservations().get(0)
                .instances().get(0).state().name()).isEqualTo(InstanceStateName.TERMINATED);
    }

    @Test
    void theRegionStartsAtTheScenariosStartTime() {
        assertThat(region.scheduler().now()).isAfterOrEqualTo(VirtualScheduler.DEFAULT_START);
        assertThat(region.scheduler().elapsed()).isLessThan(Duration.ofMinutes(2));
    }

    /** Faults are for the workload: the scenario's own set-up and settling are neither faulted nor counted. */
    @Test
    void faultsFromTheStartHitTheWorkloadNotTheSetUp() {
        Scenario s = ScenarioReader.read("faulty.yaml", """
                launchTemplates: [{name: app}]
                targetGroups: [{name: tg, port: 80, healthCheck: {interval: 5s, timeout: 2s, healthyThreshold: 2}}]
                loadBalancers: [{name: alb, listeners: [{port: 80, targetGroup: tg}]}]
                groups: [{name: app, launchTemplate: app, min: 2, max: 2, targetGroups: [tg], healthCheckType: ELB,
                          healthCheckGracePeriod: 60s}]
                faults:
                  throttling: true
                  api:
                    - {service: ec2, error: RequestLimitExceeded, latency: 2s}
                    - {service: autoscaling, error: Throttling}
                    - {service: elbv2, error: Throttling}
                """, Map.of());
        SimRegion r = Scenarios.start(s);
        Scenarios.settle(r, Duration.ofMinutes(10));
        r.context().gate().retryWith(dev.fleetops.retry.RetryPolicy.none()); // the service's answer, not retried

        assertThat(r.context().gate().totalCalls()).isZero();
        var call = r.cloud().autoScaling().describeAutoScalingGroups(q -> q.autoScalingGroupNames("app"));
        assertThatThrownBy(() -> r.scheduler().await(call, Duration.ofMinutes(1)))
                .hasRootCauseInstanceOf(software.amazon.awssdk.services.autoscaling.model.AutoScalingException.class)
                .rootCause().hasMessageContaining("Injected fault on DescribeAutoScalingGroups");
        assertThat(r.context().gate().calls("autoscaling", "DescribeAutoScalingGroups")).isEqualTo(1);
    }

    @Test
    void aWindowsTemplateLaunchesWindowsInstances() {
        SimRegion r = Scenarios.start(ScenarioReader.read("win.yaml", """
                launchTemplates: [{name: win, imageId: ami-0123456789abcdef0, platform: windows}]
                instances: [{name: w1, launchTemplate: win}]
                """, Map.of()));
        var instance = r.scheduler().await(r.cloud().ec2().describeInstances(q -> q
                .filters(f -> f.name("tag:Name").values("w1"))), Duration.ofMinutes(1)).reservations().get(0)
                .instances().get(0);
        assertThat(instance.platformAsString()).isEqualTo("windows");
        assertThat(instance.imageId()).isEqualTo("ami-0123456789abcdef0");
    }

    /** full.yaml uses every section; its region is built and its records are listed by Route 53. */
    @Test
    void everySectionOfTheFullScenarioIsCreated() {
        Scenario full = Scenarios.load("src/test/resources/scenarios/full.yaml", Map.of());
        SimRegion r = Scenarios.start(full);
        var route53 = r.cloud().route53();

        var zone = r.scheduler().await(route53.listHostedZonesByName(q -> q.dnsName("example.com")),
                Duration.ofMinutes(1)).hostedZones().get(0);
        assertThat(zone.name()).isEqualTo("example.com.");
        var records = r.scheduler().await(route53.listResourceRecordSets(q -> q.hostedZoneId(zone.id())),
                Duration.ofMinutes(1)).resourceRecordSets();
        assertThat(records).extracting(rs -> rs.name() + " " + rs.typeAsString())
                .contains("www.example.com. A", "api.example.com. CNAME");
        assertThat(r.scheduler().await(r.cloud().elbv2().describeLoadBalancers(q -> q.names("app-alb")),
                Duration.ofMinutes(1)).loadBalancers()).hasSize(1);
        assertThat(r.context().region()).isEqualTo("us-west-2");
        assertThat(r.scheduler().now()).isAfterOrEqualTo(java.time.Instant.parse("2026-03-01T12:00:00Z"));
    }
}
