package dev.fleetops.sim.elbv2;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

import static dev.fleetops.sim.elbv2.Elbv2Fixture.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** CreateLoadBalancer/DescribeLoadBalancers and CreateListener/DescribeListeners in their minimal form. */
class LoadBalancerApiTest {

    private final Elbv2Fixture f = new Elbv2Fixture();

    @Test
    void anApplicationLoadBalancerHasAwsShapes() {
        LoadBalancer lb = f.await(f.client.createLoadBalancer(b -> b.name("web-alb").subnets("subnet-1", "subnet-2")))
                .loadBalancers().get(0);

        assertThat(lb.loadBalancerArn())
                .matches("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/[0-9a-f]{16}");
        assertThat(lb.dnsName()).matches("web-alb-\\d+\\.us-east-1\\.elb\\.amazonaws\\.com");
        assertThat(lb.typeAsString()).isEqualTo("application");
        assertThat(lb.schemeAsString()).isEqualTo("internet-facing");
        assertThat(lb.state().codeAsString()).isEqualTo("active");
        assertThat(lb.availabilityZones()).extracting(z -> z.zoneName()).containsExactly("us-east-1a", "us-east-1b");

        assertThat(f.await(f.client.describeLoadBalancers(b -> b.names("web-alb"))).loadBalancers())
                .extracting(LoadBalancer::loadBalancerArn).containsExactly(lb.loadBalancerArn());
    }

    @Test
    void listenersForwardToATargetGroupAndPutItInUse() {
        String tg = f.group("web");
        String lb = f.alb("web-alb", tg);

        Listener l = f.await(f.client.describeListeners(b -> b.loadBalancerArn(lb))).listeners().get(0);

        assertThat(l.listenerArn()).startsWith(lb.replace(":loadbalancer/", ":listener/") + "/");
        assertThat(l.port()).isEqualTo(80);
        assertThat(l.defaultActions().get(0).targetGroupArn()).isEqualTo(tg);
        assertThat(f.await(f.client.describeListeners(b -> b.listenerArns(l.listenerArn()))).listeners()).hasSize(1);
        assertThat(f.await(f.client.describeTargetGroups(b -> b.targetGroupArns(tg))).targetGroups().get(0)
                .loadBalancerArns()).containsExactly(lb);
    }

    @Test
    void badRequests() {
        String tg = f.group("web");
        String lb = f.alb("web-alb", tg);

        assertError(f.error(f.client.createLoadBalancer(b -> b.name("web-alb").subnets("subnet-1", "subnet-9"))),
                "DuplicateLoadBalancerName", "A load balancer with the same name 'web-alb' exists, but with different settings");
        assertError(f.error(f.client.createLoadBalancer(b -> b.name("solo").subnets("subnet-1"))),
                "ValidationError", "At least two subnets in two different Availability Zones must be specified");
        assertError(f.error(f.client.describeLoadBalancers(b -> b.names("nope"))),
                "LoadBalancerNotFound", "One or more load balancers not found");
        assertError(f.error(f.client.createListener(b -> b.loadBalancerArn(lb).protocol("HTTP").port(80)
                        .defaultActions(a -> a.type("forward").targetGroupArn(f.group("other"))))),
                "DuplicateListener", "A listener already exists on this port for this load balancer");
        String missing = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0123456789abcdef";
        assertError(f.error(f.client.createListener(b -> b.loadBalancerArn(lb).protocol("HTTP").port(8081)
                        .defaultActions(a -> a.type("forward").targetGroupArn(missing)))),
                "TargetGroupNotFound", "Target groups '" + missing + "' not found");
        String otherLb = f.await(f.client.createLoadBalancer(b -> b.name("other-alb").subnets("subnet-1", "subnet-2")))
                .loadBalancers().get(0).loadBalancerArn();
        assertError(f.error(f.client.createListener(b -> b.loadBalancerArn(otherLb).protocol("HTTP").port(80)
                        .defaultActions(a -> a.type("forward").targetGroupArn(tg)))),
                "TargetGroupAssociationLimit", null);
        assertError(f.error(f.client.createListener(b -> b.loadBalancerArn(lb).protocol("HTTPS").port(443)
                        .defaultActions(a -> a.type("forward").targetGroupArn(tg)))),
                "ValidationError", "A certificate must be specified for HTTPS listeners");
        assertError(f.error(f.client.describeListeners(b -> { })), "ValidationError",
                "You must specify either listener ARNs or a load balancer ARN");
        assertError(f.error(f.client.describeListeners(b -> b.listenerArns(lb.replace(":loadbalancer/", ":listener/")
                + "/0000000000000000"))), "ListenerNotFound", null);
    }
}
