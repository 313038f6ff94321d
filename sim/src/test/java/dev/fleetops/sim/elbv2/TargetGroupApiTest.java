package dev.fleetops.sim.elbv2;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.fleetops.sim.elbv2.Elbv2Fixture.VPC;
import static dev.fleetops.sim.elbv2.Elbv2Fixture.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** CreateTargetGroup, DescribeTargetGroups and the target group attributes, with their bad requests. */
class TargetGroupApiTest {

    private final Elbv2Fixture f = new Elbv2Fixture();

    @Test
    void aNewGroupHasAwsDefaultsAndAnArnOfAwsShape() {
        TargetGroup g = f.await(f.client.createTargetGroup(b -> b.name("web").protocol("HTTP").port(8080).vpcId(VPC)))
                .targetGroups().get(0);

        assertThat(g.targetGroupArn())
                .matches("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/[0-9a-f]{16}");
        assertThat(g.targetGroupName()).isEqualTo("web");
        assertThat(g.protocolAsString()).isEqualTo("HTTP");
        assertThat(g.port()).isEqualTo(8080);
        assertThat(g.vpcId()).isEqualTo(VPC);
        assertThat(g.targetTypeAsString()).isEqualTo("instance");
        assertThat(g.healthCheckEnabled()).isTrue();
        assertThat(g.healthCheckProtocolAsString()).isEqualTo("HTTP");
        assertThat(g.healthCheckPort()).isEqualTo("traffic-port");
        assertThat(g.healthCheckPath()).isEqualTo("/");
        assertThat(g.healthCheckIntervalSeconds()).isEqualTo(30);
        assertThat(g.healthCheckTimeoutSeconds()).isEqualTo(5);
        assertThat(g.healthyThresholdCount()).isEqualTo(5);
        assertThat(g.unhealthyThresholdCount()).isEqualTo(2);
        assertThat(g.matcher().httpCode()).isEqualTo("200");
        assertThat(g.loadBalancerArns()).isEmpty();
    }

    @Test
    void arnsAreDeterministicForASeed() {
        Elbv2Fixture other = new Elbv2Fixture();
        assertThat(f.group("web")).isEqualTo(other.group("web"));
    }

    @Test
    void seed004HealthCheckSettingsAreKept() {
        String arn = f.group("web", b -> b.healthCheckPath("/health").matcher(m -> m.httpCode("200-299")));
        TargetGroup g = f.await(f.client.describeTargetGroups(b -> b.targetGroupArns(arn))).targetGroups().get(0);
        assertThat(g.healthCheckIntervalSeconds()).isEqualTo(6);
        assertThat(g.healthyThresholdCount()).isEqualTo(2);
        assertThat(g.unhealthyThresholdCount()).isEqualTo(2);
        assertThat(g.healthCheckPath()).isEqualTo("/health");
        assertThat(g.matcher().httpCode()).isEqualTo("200-299");
    }

    @Test
    void creatingTheSameGroupTwiceAnswersTheFirstButDifferentSettingsAreADuplicate() {
        String first = f.group("web");
        assertThat(f.group("web")).isEqualTo(first);

        assertError(f.error(f.client.createTargetGroup(b -> b.name("web").protocol("HTTP").port(9090).vpcId(VPC))),
                "DuplicateTargetGroupName", "A target group with the same name 'web' exists, but with different settings");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|Target group name 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' cannot be longer than '32' characters",
        "example.com|Target group name 'example.com' can only contain characters that are alphanumeric characters or hyphens(-)",
        "-web|1 validation error detected: Value '-web' at 'targetGroup.targetGroupArn.targetGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!.*--)(?!^-)(?!.*-$)^[A-Za-z0-9-]+$",
        "we--b|1 validation error detected: Value 'we--b' at 'targetGroup.targetGroupArn.targetGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!.*--)(?!^-)(?!.*-$)^[A-Za-z0-9-]+$",
    })
    void badNamesAreValidationErrors(String name, String message) {
        assertError(f.error(f.client.createTargetGroup(b -> b.name(name).protocol("HTTP").port(80).vpcId(VPC))),
                "ValidationError", message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "interval|4|1 validation error detected: Value '4' at 'healthCheckIntervalSeconds' failed to satisfy constraint: Member must have value greater than or equal to 5",
        "interval|301|1 validation error detected: Value '301' at 'healthCheckIntervalSeconds' failed to satisfy constraint: Member must have value less than or equal to 300",
        "timeout|1|1 validation error detected: Value '1' at 'healthCheckTimeoutSeconds' failed to satisfy constraint: Member must have value greater than or equal to 2",
        "timeout|121|1 validation error detected: Value '121' at 'healthCheckTimeoutSeconds' failed to satisfy constraint: Member must have value less than or equal to 120",
        "healthy|1|1 validation error detected: Value '1' at 'healthyThresholdCount' failed to satisfy constraint: Member must have value greater than or equal to 2",
        "healthy|11|1 validation error detected: Value '11' at 'healthyThresholdCount' failed to satisfy constraint: Member must have value less than or equal to 10",
        "unhealthy|1|1 validation error detected: Value '1' at 'unhealthyThresholdCount' failed to satisfy constraint: Member must have value greater than or equal to 2",
        "unhealthy|11|1 validation error detected: Value '11' at 'unhealthyThresholdCount' failed to satisfy constraint: Member must have value less than or equal to 10",
        "port|0|1 validation error detected: Value '0' at 'port' failed to satisfy constraint: Member must have value greater than or equal to 1",
        "port|65536|1 validation error detected: Value '65536' at 'port' failed to satisfy constraint: Member must have value less than or equal to 65535",
    })
    void healthCheckSettingsOutsideAwsRangesAreValidationErrors(String field, int value, String message) {
        Consumer<CreateTargetGroupRequest.Builder> set = switch (field) {
            case "interval" -> b -> b.healthCheckIntervalSeconds(value).healthCheckTimeoutSeconds(2);
            case "timeout" -> b -> b.healthCheckTimeoutSeconds(value).healthCheckIntervalSeconds(300);
            case "healthy" -> b -> b.healthyThresholdCount(value);
            case "unhealthy" -> b -> b.unhealthyThresholdCount(value);
            default -> b -> b.port(value);
        };
        assertError(f.error(f.client.createTargetGroup(b -> {
            b.name("web").protocol("HTTP").port(8080).vpcId(VPC);
            set.accept(b);
        })), "ValidationError", message);
    }

    @Test
    void otherBadRequests() {
        assertError(f.error(f.client.createTargetGroup(b -> b.name("web").protocol("HTTP").vpcId(VPC))),
                "ValidationError", "A port must be specified");
        assertError(f.error(f.client.createTargetGroup(b -> b.name("web").protocol("HTTP").port(80))),
                "ValidationError", "A VPC ID must be specified");
        assertError(f.error(f.client.createTargetGroup(b -> b.name("web").protocol("HTTP").port(80).vpcId(VPC)
                        .healthCheckIntervalSeconds(6).healthCheckTimeoutSeconds(6))),
                "ValidationError", "Health check interval must be greater than the timeout.");
        assertError(f.error(f.client.createTargetGroup(b -> b.name("web").protocol("HTTP").port(80).vpcId(VPC)
                        .healthCheckEnabled(false))),
                "ValidationError", "Health checks cannot be disabled for target groups with target type 'instance'");
        assertError(f.error(f.client.createTargetGroup(b -> b.name("web").protocol("HTTP").port(80).vpcId(VPC)
                        .matcher(m -> m.httpCode("600")))), "ValidationError", null);
        assertError(f.error(f.client.createTargetGroup(b -> b.name("web").protocol("HTTP").port(80).vpcId(VPC)
                        .healthCheckPath("health"))), "ValidationError", null);
        assertError(f.error(f.client.createTargetGroup(b -> b.protocol("HTTP").port(80).vpcId(VPC))),
                "ValidationError", "1 validation error detected: Value null at 'name' failed to satisfy constraint: "
                        + "Member must not be null");
    }

    @Test
    void describeListsGroupsByNameAndFindsThemByNameOrArn() {
        String c = f.group("c-target");
        String a = f.group("a-target");
        String b = f.group("b-target");

        assertThat(names(f.await(f.client.describeTargetGroups(r -> { }))))
                .containsExactly("a-target", "b-target", "c-target");
        assertThat(names(f.await(f.client.describeTargetGroups(r -> r.names("c-target", "a-target")))))
                .containsExactly("a-target", "c-target");
        assertThat(names(f.await(f.client.describeTargetGroups(r -> r.targetGroupArns(b)))))
                .containsExactly("b-target");
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void describeByLoadBalancerListsTheGroupsItRoutesTo() {
        String routed = f.group("routed");
        f.group("idle");
        String lb = f.alb("web-alb", routed);

        DescribeTargetGroupsResponse r = f.await(f.client.describeTargetGroups(b -> b.loadBalancerArn(lb)));

        assertThat(names(r)).containsExactly("routed");
        assertThat(r.targetGroups().get(0).loadBalancerArns()).containsExactly(lb);
    }

    @Test
    void unknownGroupsAreTargetGroupNotFound() {
        f.group("web");
        var e = f.error(f.client.describeTargetGroups(b -> b.names("web", "nope")));
        assertThat(e).isInstanceOf(TargetGroupNotFoundException.class);
        assertError(e, "TargetGroupNotFound", "One or more target groups not found");
        assertError(f.error(f.client.describeTargetGroups(b -> b.targetGroupArns(
                        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0123456789abcdef"))),
                "TargetGroupNotFound", "One or more target groups not found");
        assertError(f.error(f.client.describeTargetGroups(b -> b.loadBalancerArn(
                        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/0123456789abcdef"))),
                "LoadBalancerNotFound", "One or more load balancers not found");
    }

    @Test
    void describePagesWithMarkers() {
        for (int i = 0; i < 7; i++) f.group("tg-" + i);

        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String m = marker;
            DescribeTargetGroupsResponse r = f.await(f.client.describeTargetGroups(b -> b.pageSize(3).marker(m)));
            seen.addAll(names(r));
            marker = r.nextMarker();
            pages++;
        } while (marker != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("tg-0", "tg-1", "tg-2", "tg-3", "tg-4", "tg-5", "tg-6");
        assertError(f.error(f.client.describeTargetGroups(b -> b.pageSize(401))), "ValidationError",
                "1 validation error detected: Value '401' at 'pageSize' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 400");
        assertError(f.error(f.client.describeTargetGroups(b -> b.marker("garbage"))), "ValidationError", null);
    }

    @Test
    void attributesStartAtAwsDefaultsAndTheDeregistrationDelayCanChange() {
        String tg = f.group("web");

        Map<String, String> attrs = attributes(f.await(f.client.describeTargetGroupAttributes(b -> b.targetGroupArn(tg)))
                .attributes());
        assertThat(attrs).containsEntry("deregistration_delay.timeout_seconds", "300")
                .containsEntry("stickiness.enabled", "false")
                .containsEntry("stickiness.type", "lb_cookie")
                .containsEntry("load_balancing.algorithm.type", "round_robin")
                .containsEntry("slow_start.duration_seconds", "0")
                .containsEntry("load_balancing.cross_zone.enabled", "use_load_balancer_configuration");

        var modified = f.await(f.client.modifyTargetGroupAttributes(b -> b.targetGroupArn(tg).attributes(
                TargetGroupAttribute.builder().key("deregistration_delay.timeout_seconds").value("30").build())));
        assertThat(attributes(modified.attributes())).containsEntry("deregistration_delay.timeout_seconds", "30");
        assertThat(attributes(f.await(f.client.describeTargetGroupAttributes(b -> b.targetGroupArn(tg))).attributes()))
                .containsEntry("deregistration_delay.timeout_seconds", "30");
    }

    @Test
    void badAttributesAreRejectedWholly() {
        String tg = f.group("web");

        assertError(f.error(f.client.modifyTargetGroupAttributes(b -> b.targetGroupArn(tg).attributes(
                attr("slow_start.duration_seconds", "60"), attr("deregistration_delay.timeout_seconds", "3601")))),
                "ValidationError", null);
        assertError(f.error(f.client.modifyTargetGroupAttributes(b -> b.targetGroupArn(tg).attributes(
                attr("no.such.key", "1")))), "ValidationError", "Target group attribute key 'no.such.key' is not recognized");
        assertError(f.error(f.client.modifyTargetGroupAttributes(b -> b.targetGroupArn(tg).attributes(
                attr("slow_start.duration_seconds", "10")))), "ValidationError", null);

        assertThat(attributes(f.await(f.client.describeTargetGroupAttributes(b -> b.targetGroupArn(tg))).attributes()))
                .containsEntry("slow_start.duration_seconds", "0")
                .containsEntry("deregistration_delay.timeout_seconds", "300");
        assertError(f.error(f.client.describeTargetGroupAttributes(b -> b.targetGroupArn("web"))),
                "ValidationError", "'web' is not a valid target group ARN");
    }

    private static TargetGroupAttribute attr(String k, String v) {
        return TargetGroupAttribute.builder().key(k).value(v).build();
    }

    private static List<String> names(DescribeTargetGroupsResponse r) {
        return r.targetGroups().stream().map(TargetGroup::targetGroupName).toList();
    }

    private static Map<String, String> attributes(List<TargetGroupAttribute> list) {
        Map<String, String> m = new LinkedHashMap<>();
        list.forEach(a -> m.put(a.key(), a.value()));
        return m;
    }
}
