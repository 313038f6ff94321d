package dev.fleetops.sim.scenario;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.source.InputError;
import dev.fleetops.source.Location;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Creates a scenario's resources in a fresh region through the SDK clients only, as a user would with the AWS
 * API, so the scenario exercises exactly the code paths everything else uses. Each call is awaited on the
 * virtual clock before the next, in dependency order (templates before groups, target groups before listeners,
 * dead-letter queues before the queues that name them).
 */
final class RegionBuilder {

    private static final Duration CALL_WAIT = Duration.ofMinutes(5);

    private final Scenario scenario;
    private final SimRegion region;
    private final Cloud cloud;
    private final Map<String, String> targetGroupArns = new LinkedHashMap<>();
    private final Map<String, String> subnetByZone = new LinkedHashMap<>();
    private String vpcId;
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final Map<String, String> queueArns = new LinkedHashMap<>();

    RegionBuilder(Scenario scenario, SimRegion region) {
        this.scenario = scenario;
        this.region = region;
        this.cloud = region.cloud();
    }

    void build() {
        if (!scenario.targetGroups().isEmpty() || !scenario.loadBalancers().isEmpty()) defaultNetwork();
        scenario.launchTemplates().forEach(this::launchTemplate);
        scenario.targetGroups().forEach(this::targetGroup);
        scenario.loadBalancers().forEach(this::loadBalancer);
        scenario.groups().forEach(this::group);
        instances();
        scenario.hostedZones().forEach(this::hostedZone);
        queuesInOrder().forEach(this::queue);
        scenario.rules().forEach(this::rule);
    }

    /**
     * The region's default VPC and its default subnets, which target groups (VpcId) and load balancers (two or
     * more subnets in different zones) need; found as a user would, with DescribeSubnets.
     */
    private void defaultNetwork() {
        var subnets = call("", () -> cloud.ec2().describeSubnets(r -> r
                .filters(f -> f.name("default-for-az").values("true")))).subnets();
        for (var s : subnets) {
            subnetByZone.putIfAbsent(s.availabilityZone(), s.subnetId());
            if (vpcId == null) vpcId = s.vpcId();
        }
        if (vpcId == null) throw new IllegalStateException("the simulated region reports no default subnets");
    }

    private void launchTemplate(Scenario.LaunchTemplate t) {
        // What an AMI is belongs to the image catalogue, which no API creates: a property of the simulated world.
        if (t.platform().equals("windows")) region.ec2().registerWindowsImage(t.imageId());
        call("launchTemplates." + t.name(), () -> cloud.ec2().createLaunchTemplate(r -> r
                .launchTemplateName(t.name())
                .launchTemplateData(d -> {
                    d.imageId(t.imageId()).instanceType(t.instanceType());
                    t.userData().ifPresent(u -> d.userData(
                            Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8))));
                    if (t.spot()) d.instanceMarketOptions(m -> m.marketType(MarketType.SPOT));
                    if (!t.tags().isEmpty()) {
                        d.tagSpecifications(s -> s.resourceType(ResourceType.INSTANCE).tags(ec2Tags(t.tags())));
                    }
                })));
    }

    private void targetGroup(Scenario.TargetGroup tg) {
        String field = "targetGroups." + tg.name();
        Scenario.HealthCheck hc = tg.healthCheck();
        String arn = call(field, () -> cloud.elbv2().createTargetGroup(r -> r
                .name(tg.name()).protocol(tg.protocol()).port(tg.port()).vpcId(vpcId)
                .targetType(TargetTypeEnum.INSTANCE)
                .healthCheckEnabled(true).healthCheckProtocol(hc.protocol()).healthCheckPath(hc.path())
                .healthCheckPort(hc.port())
                .healthCheckIntervalSeconds((int) hc.interval().toSeconds())
                .healthCheckTimeoutSeconds((int) hc.timeout().toSeconds())
                .healthyThresholdCount(hc.healthyThreshold()).unhealthyThresholdCount(hc.unhealthyThreshold())
                .matcher(m -> m.httpCode(hc.matcher()))))
                .targetGroups().get(0).targetGroupArn();
        targetGroupArns.put(tg.name(), arn);
        call(field, () -> cloud.elbv2().modifyTargetGroupAttributes(r -> r.targetGroupArn(arn).attributes(a -> a
                .key("deregistration_delay.timeout_seconds")
                .value(Long.toString(tg.deregistrationDelay().toSeconds())))));
    }

    private void loadBalancer(Scenario.LoadBalancer lb) {
        String field = "loadBalancers." + lb.name();
        String arn = call(field, () -> cloud.elbv2().createLoadBalancer(r -> r
                .name(lb.name()).type(LoadBalancerTypeEnum.APPLICATION).subnets(subnetByZone.values())))
                .loadBalancers().get(0).loadBalancerArn();
        for (Scenario.Listener l : lb.listeners()) {
            call(field, () -> cloud.elbv2().createListener(r -> r
                    .loadBalancerArn(arn).port(l.port()).protocol(l.protocol())
                    .defaultActions(a -> a.type(ActionTypeEnum.FORWARD)
                            .targetGroupArn(targetGroupArns.get(l.targetGroup())))));
        }
    }

    /**
     * A group with launching hooks is created empty, given its hooks, then sized: a hook added after instances
     * started launching would not hold them (AWS's advice for PutLifecycleHook).
     */
    private void group(Scenario.Group g) {
        String field = "groups." + g.name();
        boolean hooksFirst = !g.lifecycleHooks().isEmpty();
        call(field, () -> cloud.autoScaling().createAutoScalingGroup(r -> r
                .autoScalingGroupName(g.name())
                .launchTemplate(t -> t.launchTemplateName(g.launchTemplate()).version("$Default"))
                .minSize(hooksFirst ? 0 : g.min()).maxSize(g.max()).desiredCapacity(hooksFirst ? 0 : g.desired())
                .availabilityZones(g.availabilityZones())
                .targetGroupARNs(g.targetGroups().stream().map(targetGroupArns::get).toList())
                .capacityRebalance(g.capacityRebalance())
                .healthCheckType(g.healthCheckType())
                .healthCheckGracePeriod((int) g.healthCheckGracePeriod().toSeconds())
                .tags(g.tags().entrySet().stream().map(e -> software.amazon.awssdk.services.autoscaling.model.Tag
                        .builder().key(e.getKey()).value(e.getValue()).propagateAtLaunch(true).build()).toList())));
        for (Scenario.LifecycleHook h : g.lifecycleHooks()) {
            call(field, () -> cloud.autoScaling().putLifecycleHook(r -> r
                    .autoScalingGroupName(g.name()).lifecycleHookName(h.name()).lifecycleTransition(h.transition())
                    .heartbeatTimeout((int) h.heartbeatTimeout().toSeconds()).defaultResult(h.defaultResult())));
        }
        if (hooksFirst && g.desired() + g.min() > 0) {
            call(field, () -> cloud.autoScaling().updateAutoScalingGroup(r -> r
                    .autoScalingGroupName(g.name()).minSize(g.min()).desiredCapacity(g.desired())));
        }
    }

    /**
     * Standalone instances: launched, then, once running (ELBv2 refuses to register a pending instance, as AWS
     * does), registered with their target groups. Waiting uses the SDK's own EC2 waiter.
     */
    private void instances() {
        Map<Scenario.Instance, String> ids = new LinkedHashMap<>();
        for (Scenario.Instance i : scenario.instances()) {
            Map<String, String> tags = new LinkedHashMap<>(i.tags());
            tags.put("Name", i.name());
            ids.put(i, call("instances." + i.name(), () -> cloud.ec2().runInstances(r -> {
                r.minCount(1).maxCount(1)
                        .launchTemplate(t -> t.launchTemplateName(i.launchTemplate()))
                        .tagSpecifications(s -> s.resourceType(ResourceType.INSTANCE).tags(ec2Tags(tags)));
                i.availabilityZone().ifPresent(z -> r.placement(p -> p.availabilityZone(z)));
            })).instances().get(0).instanceId());
        }
        List<String> toRegister = ids.entrySet().stream().filter(e -> !e.getKey().targetGroups().isEmpty())
                .map(Map.Entry::getValue).toList();
        if (toRegister.isEmpty()) return;
        call("instances", () -> cloud.ec2().waiter().waitUntilInstanceRunning(r -> r.instanceIds(toRegister)));
        ids.forEach((i, id) -> {
            for (String tg : i.targetGroups()) {
                call("instances." + i.name(), () -> cloud.elbv2().registerTargets(r -> r
                        .targetGroupArn(targetGroupArns.get(tg)).targets(t -> t.id(id))));
            }
        });
    }

    private void hostedZone(Scenario.HostedZone z) {
        String field = "hostedZones." + z.name();
        String zoneId = call(field, () -> cloud.route53().createHostedZone(r -> r
                .name(z.name()).callerReference(scenario.name() + "/" + z.name())))
                .hostedZone().id();
        if (z.records().isEmpty()) return;
        call(field, () -> cloud.route53().changeResourceRecordSets(r -> r
                .hostedZoneId(zoneId)
                .changeBatch(b -> b.changes(z.records().stream().map(rec ->
                        software.amazon.awssdk.services.route53.model.Change.builder()
                                .action(ChangeAction.CREATE)
                                .resourceRecordSet(s -> s.name(rec.name() + ".").type(rec.type()).ttl(rec.ttl())
                                        .resourceRecords(rec.values().stream().map(v ->
                                                software.amazon.awssdk.services.route53.model.ResourceRecord
                                                        .builder().value(v).build()).toList()))
                                .build()).toList()))));
    }

    /** Dead-letter queues first: a redrive policy names its target by ARN, which must exist. */
    private List<Scenario.Queue> queuesInOrder() {
        List<Scenario.Queue> ordered = new ArrayList<>();
        List<Scenario.Queue> left = new ArrayList<>(scenario.queues());
        while (!left.isEmpty()) {
            for (var it = left.iterator(); it.hasNext(); ) {
                Scenario.Queue q = it.next();
                boolean ready = q.deadLetter().map(d -> ordered.stream().anyMatch(o -> o.name().equals(d.queue())))
                        .orElse(true);
                if (ready) {
                    ordered.add(q);
                    it.remove();
                }
            }
        }
        return ordered;
    }

    private void queue(Scenario.Queue q) {
        String field = "queues." + q.name();
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(q.visibilityTimeout().toSeconds()));
        attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(q.messageRetention().toSeconds()));
        q.deadLetter().ifPresent(d -> {
            var policy = JsonNodeFactory.instance.objectNode();
            policy.put("deadLetterTargetArn", queueArns.get(d.queue()));
            policy.put("maxReceiveCount", Integer.toString(d.maxReceiveCount()));
            attributes.put(QueueAttributeName.REDRIVE_POLICY, policy.toString());
        });
        String url = call(field, () -> cloud.sqs().createQueue(r -> r.queueName(q.name()).attributes(attributes)))
                .queueUrl();
        queueUrls.put(q.name(), url);
        String arn = call(field, () -> cloud.sqs().getQueueAttributes(r -> r
                .queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        queueArns.put(q.name(), arn);
    }

    private void rule(Scenario.Rule rule) {
        String field = "rules." + rule.name();
        call(field, () -> cloud.eventBridge().putRule(r -> r
                .name(rule.name()).eventPattern(rule.pattern()).state("ENABLED").description(rule.description())));
        call(field, () -> cloud.eventBridge().putTargets(r -> r
                .rule(rule.name()).targets(t -> t.id(rule.queue()).arn(queueArns.get(rule.queue())))));
    }

    private static List<software.amazon.awssdk.services.ec2.model.Tag> ec2Tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> software.amazon.awssdk.services.ec2.model.Tag.builder()
                .key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /**
     * Makes one API call and waits for it in virtual time. A rejection is reported against the scenario resource
     * that caused it, since the file passed validation and the region refused it.
     */
    private <T> T call(String field, Supplier<CompletableFuture<T>> request) {
        try {
            return region.scheduler().await(request.get(), CALL_WAIT);
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
                throw new InputError(Location.of(scenario.source()), field, "the simulated region refused it: "
                        + aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage());
            }
            if (cause instanceof SdkException sdk) {
                throw new InputError(Location.of(scenario.source()), field,
                        "the simulated region refused it: " + sdk.getMessage());
            }
            throw e;
        }
    }
}
