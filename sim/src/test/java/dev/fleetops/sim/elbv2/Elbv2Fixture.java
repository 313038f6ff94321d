package dev.fleetops.sim.elbv2;

import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.sim.config.Timings;
import dev.fleetops.time.VirtualScheduler;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** ELBv2 over a fake EC2, reached through the SDK client, in virtual time. */
final class Elbv2Fixture {

    static final String VPC = "vpc-0a1b2c3d4e5f60718";

    final VirtualScheduler scheduler = new VirtualScheduler();
    final SimContext ctx = SimContext.create(scheduler, 42, "us-east-1", "123456789012", Timings.defaults(),
            FaultPlan.none());
    final FakeInstances ec2 = new FakeInstances(scheduler);
    final Elbv2Sim elb = new Elbv2Sim(ctx, ec2);
    final ElasticLoadBalancingV2AsyncClient client = elb.client();

    <T> T await(CompletableFuture<T> f) {
        return scheduler.await(f, Duration.ofMinutes(5));
    }

    /** The error a call fails with (it must fail). */
    AwsServiceException error(CompletableFuture<?> f) {
        try {
            await(f);
        } catch (CompletionException e) {
            if (e.getCause() instanceof AwsServiceException a) return a;
            throw e;
        }
        return fail("the call succeeded");
    }

    static void assertError(AwsServiceException e, String code, String message) {
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        if (message != null) assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }

    /** A target group on port 8080 with seed 004's health check (every 6 s, thresholds 2), tuned by {@code more}. */
    String group(String name, Consumer<CreateTargetGroupRequest.Builder> more) {
        CreateTargetGroupRequest.Builder b = CreateTargetGroupRequest.builder().name(name).protocol("HTTP").port(8080)
                .vpcId(VPC).healthCheckIntervalSeconds(6).healthyThresholdCount(2).unhealthyThresholdCount(2);
        more.accept(b);
        return await(client.createTargetGroup(b.build())).targetGroups().get(0).targetGroupArn();
    }

    String group(String name) {
        return group(name, b -> { });
    }

    /** An ALB with an HTTP listener on port 80 forwarding to the group. @return the load balancer's ARN */
    String alb(String name, String targetGroupArn) {
        String lb = await(client.createLoadBalancer(b -> b.name(name).subnets("subnet-a", "subnet-b")))
                .loadBalancers().get(0).loadBalancerArn();
        await(client.createListener(b -> b.loadBalancerArn(lb).protocol("HTTP").port(80)
                .defaultActions(a -> a.type("forward").targetGroupArn(targetGroupArn))));
        return lb;
    }

    void register(String tg, String... ids) {
        await(client.registerTargets(b -> b.targetGroupArn(tg).targets(targets(ids))));
    }

    void deregister(String tg, String... ids) {
        await(client.deregisterTargets(b -> b.targetGroupArn(tg).targets(targets(ids))));
    }

    static TargetDescription[] targets(String... ids) {
        TargetDescription[] out = new TargetDescription[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = TargetDescription.builder().id(ids[i]).build();
        return out;
    }

    /** Every registered target's health, by instance id, in the order AWS lists them. */
    Map<String, TargetHealth> health(String tg) {
        Map<String, TargetHealth> out = new LinkedHashMap<>();
        for (TargetHealthDescription d : await(client.describeTargetHealth(b -> b.targetGroupArn(tg)))
                .targetHealthDescriptions()) {
            out.put(d.target().id(), d.targetHealth());
        }
        return out;
    }

    String state(String tg, String id) {
        TargetHealth h = health(tg).get(id);
        return h == null ? "absent" : h.stateAsString();
    }

    Alb albNamed(String name) {
        return elb.alb(name).orElseThrow();
    }
}
