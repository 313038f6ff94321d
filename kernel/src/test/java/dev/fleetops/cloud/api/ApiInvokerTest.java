package dev.fleetops.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetops.cloud.Cloud;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.autoscaling.model.SetDesiredCapacityRequest;
import software.amazon.awssdk.services.autoscaling.model.SetDesiredCapacityResponse;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiInvokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Object> requests = new ArrayList<>();
    private final ApiInvoker invoker = new ApiInvoker(ApiCatalog.standard());

    /** A client whose every call records its request and answers {@code answer(request)}. */
    @SuppressWarnings("unchecked")
    private <C> C fake(Class<C> iface, Function<Object, Object> answer) {
        return (C) Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[]{iface}, (proxy, method, args) -> {
            if (method.getName().equals("serviceName")) return iface.getSimpleName();
            requests.add(args[0]);
            return CompletableFuture.completedFuture(answer.apply(args[0]));
        });
    }

    private static Cloud cloud(Ec2AsyncClient ec2, ElasticLoadBalancingV2AsyncClient elbv2, AutoScalingAsyncClient asg) {
        return Cloud.builder().region("eu-west-1").client(Ec2AsyncClient.class, ec2)
                .client(AutoScalingAsyncClient.class, asg).client(ElasticLoadBalancingV2AsyncClient.class, elbv2).build();
    }

    private JsonNode call(Cloud cloud, String service, String op, String input) throws Exception {
        return invoker.invoke(cloud, service, op, JSON.readTree(input)).toCompletableFuture().join();
    }

    @Test
    void describeTargetHealthRoundTripsWithApiMemberNames() throws Exception {
        var elbv2 = fake(ElasticLoadBalancingV2AsyncClient.class, r -> DescribeTargetHealthResponse.builder()
                .targetHealthDescriptions(TargetHealthDescription.builder()
                        .target(t -> t.id("i-083c8ca9c9b74e1cd").port(8080))
                        .healthCheckPort("8080")
                        .targetHealth(h -> h.state(TargetHealthStateEnum.HEALTHY))
                        .build())
                .build());

        JsonNode out = call(cloud(null, elbv2, null), "elbv2", "DescribeTargetHealth",
                "{\"TargetGroupArn\":\"arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/1\","
                        + "\"Targets\":[{\"Id\":\"i-083c8ca9c9b74e1cd\",\"Port\":\"8080\"}]}");

        var sent = (DescribeTargetHealthRequest) requests.get(0);
        assertThat(sent.targetGroupArn()).endsWith("targetgroup/web/1");
        assertThat(sent.targets().get(0).id()).isEqualTo("i-083c8ca9c9b74e1cd");
        assertThat(sent.targets().get(0).port()).isEqualTo(8080);
        assertThat(out.toString()).isEqualTo("{\"TargetHealthDescriptions\":[{\"Target\":{\"Id\":\"i-083c8ca9c9b74e1cd\","
                + "\"Port\":8080},\"HealthCheckPort\":\"8080\",\"TargetHealth\":{\"State\":\"healthy\"}}]}");
    }

    @Test
    void describeInstancesConvertsBooleansNumbersFiltersAndTimestamps() throws Exception {
        Instant launched = Instant.parse("2024-03-01T10:15:30Z");
        var ec2 = fake(Ec2AsyncClient.class, r -> DescribeInstancesResponse.builder()
                .reservations(Reservation.builder().instances(Instance.builder().instanceId("i-1")
                        .state(s -> s.name(InstanceStateName.RUNNING).code(16)).launchTime(launched)
                        .ebsOptimized(false).build()).build())
                .build());

        JsonNode out = call(cloud(ec2, null, null), "ec2", "DescribeInstances",
                "{\"InstanceIds\":[\"i-1\"],\"DryRun\":\"False\",\"MaxResults\":\"5\","
                        + "\"Filters\":[{\"Name\":\"instance-state-name\",\"Values\":[\"running\"]}]}");

        var sent = (DescribeInstancesRequest) requests.get(0);
        assertThat(sent.dryRun()).isFalse();
        assertThat(sent.maxResults()).isEqualTo(5);
        assertThat(sent.filters().get(0).values()).containsExactly("running");
        JsonNode instance = out.at("/Reservations/0/Instances/0");
        assertThat(instance.get("InstanceId").asText()).isEqualTo("i-1");
        assertThat(instance.at("/State/Name").asText()).isEqualTo("running");
        assertThat(instance.at("/State/Code").asInt()).isEqualTo(16);
        assertThat(instance.get("LaunchTime").asText()).isEqualTo("2024-03-01T10:15:30Z");
        assertThat(instance.get("EbsOptimized").isBoolean()).isTrue();
        assertThat(instance.has("SecurityGroups")).as("unset lists are absent, as in boto3").isFalse();
    }

    @Test
    void aSingleValueGivenForAListBecomesAOneElementList() throws Exception {
        var elbv2 = fake(ElasticLoadBalancingV2AsyncClient.class, r -> DeregisterTargetsResponse.builder().build());

        JsonNode out = call(cloud(null, elbv2, null), "elbv2", "DeregisterTargets",
                "{\"TargetGroupArn\":\"tg\",\"Targets\":{\"Id\":\"i-1\"}}");

        assertThat(((DeregisterTargetsRequest) requests.get(0)).targets()).hasSize(1);
        assertThat(out.toString()).isEqualTo("{}");
    }

    @Test
    void autoScalingBooleanAndIntegerFromStrings() throws Exception {
        var asg = fake(AutoScalingAsyncClient.class, r -> SetDesiredCapacityResponse.builder().build());

        call(cloud(null, null, asg), "autoscaling", "SetDesiredCapacity",
                "{\"AutoScalingGroupName\":\"web\",\"DesiredCapacity\":\"3\",\"HonorCooldown\":\"true\"}");

        var sent = (SetDesiredCapacityRequest) requests.get(0);
        assertThat(sent.desiredCapacity()).isEqualTo(3);
        assertThat(sent.honorCooldown()).isTrue();
    }

    @Test
    void unknownNamesAreReportedWithTheClosestRealOne() {
        Cloud cloud = cloud(null, null, null);
        assertThatThrownBy(() -> call(cloud, "elbv2", "DescribeTargetHealths", "{}"))
                .isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(ApiModelException.class)
                .hasMessage("elbv2 has no operation DescribeTargetHealths (did you mean 'DescribeTargetHealth'?)");
        assertThatThrownBy(() -> call(cloud, "elbv2", "DescribeTargetHealth", "{\"TargetGroupArns\":\"x\"}"))
                .cause().hasMessage("elbv2 DescribeTargetHealth has no input member TargetGroupArns (did you mean 'TargetGroupArn'?)")
                .extracting(e -> ((ApiModelException) e).member()).isEqualTo("TargetGroupArns");
        assertThatThrownBy(() -> call(cloud, "elbv2", "DescribeTargetHealth", "{\"Targets\":[{\"Idd\":\"i-1\"}]}"))
                .cause().hasMessage("elbv2 DescribeTargetHealth TargetDescription has no input member Idd (did you mean 'Id'?)")
                .extracting(e -> ((ApiModelException) e).member()).isEqualTo("Targets[0].Idd");
        assertThatThrownBy(() -> call(cloud, "elbv2", "DescribeTargetHealth", "{\"Targets\":[{\"Id\":\"i-1\",\"Port\":\"http\"}]}"))
                .cause().hasMessage("Targets[0].Port: expected an integer, got \"http\"");
        assertThatThrownBy(() -> call(cloud, "s3", "ListBuckets", "{}"))
                .cause().hasMessage("service s3 needs the SDK module software.amazon.awssdk:s3 on the classpath (fleetops.jar carries it)");
        assertThatThrownBy(() -> call(cloud, "gamelift", "ListFleets", "{}")).cause().hasMessage("service gamelift is not in"
                + " the API catalog (known: ec2, elbv2, autoscaling, ssm, sqs, events, route53, cloudformation, lambda, dynamodb, sts)");
    }

    @Test
    void catalogListsOperationsWithTheirModels() {
        ServiceApi elbv2 = ApiCatalog.standard().requireService("elbv2");
        assertThat(elbv2.operations()).containsKeys("DescribeTargetHealth", "RegisterTargets", "DeregisterTargets");
        Operation op = elbv2.require("DescribeTargetHealth");
        assertThat(op.requestClass()).isEqualTo(DescribeTargetHealthRequest.class);
        assertThat(op.responseClass()).isEqualTo(DescribeTargetHealthResponse.class);
        assertThat(op.input().members()).containsOnlyKeys("TargetGroupArn", "Targets", "Include");
        Member targets = op.input().member("Targets").orElseThrow();
        assertThat(targets.kind()).isEqualTo(MemberKind.LIST);
        assertThat(targets.element().structure().members()).containsKeys("Id", "Port", "AvailabilityZone");
        assertThat(ApiCatalog.standard().requireService("ec2").operations()).containsKey("RebootInstances")
                .hasSizeGreaterThan(500);
    }
}
