package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.config.AgentModel;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.source.NodeJson;
import dev.fleetops.source.SourceReader;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** A simulated region with the resources the action tests share, and a way to run one step attempt in it. */
final class World {

    static final String AMI = "ami-0abcdef1234567890";
    static final String VPC = "vpc-0f1e2d3c4b5a69780";

    final SimRegion region;

    World() {
        this(FaultPlan.none());
    }

    World(FaultPlan faults, AgentModel.CommandModel... agent) {
        this.region = new SimRegion(SimRegion.Settings.defaults().withFaults(faults)
                .withAgent(new AgentModel(List.of(agent), run(0, 1, ""))));
    }

    static AgentModel.Run run(int exit, int seconds, String output) {
        return new AgentModel.Run(exit, Duration.ofSeconds(seconds), output, Optional.empty());
    }

    static AgentModel.CommandModel model(String match, AgentModel.Run... runs) {
        return new AgentModel.CommandModel(match, Arrays.asList(runs));
    }

    static FaultPlan fault(String service, String operation, String code, Duration latency, Duration from,
                           Duration until) {
        return new FaultPlan(false, List.of(new FaultPlan.ApiFault(service, operation, Optional.ofNullable(code),
                code == null ? 0 : 1, latency, from, Optional.ofNullable(until))), List.of(), 0, List.of(), 0);
    }

    <T> T await(CompletableFuture<T> f) {
        return region.scheduler().await(f, Duration.ofMinutes(10));
    }

    /** Instances launched and left until they run, pass their status checks and their agents are online. */
    List<String> launch(int n) {
        List<String> ids = await(region.cloud().ec2().runInstances(r -> r.imageId(AMI).instanceType("t3.micro")
                .minCount(n).maxCount(n))).instances().stream().map(i -> i.instanceId()).toList();
        settle(Duration.ofMinutes(3));
        return ids;
    }

    /** Seed 004's target group (HTTP 8080, health check every 6 s, thresholds 2) with {@code ids}, all healthy. */
    String webGroup(List<String> ids) {
        var elb = region.cloud().elbv2();
        String tg = await(elb.createTargetGroup(r -> r.name("web").protocol("HTTP").port(8080).vpcId(VPC)
                .healthCheckIntervalSeconds(6).healthyThresholdCount(2).unhealthyThresholdCount(2)))
                .targetGroups().get(0).targetGroupArn();
        await(elb.registerTargets(r -> r.targetGroupArn(tg).targets(ids.stream()
                .map(id -> software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription.builder()
                        .id(id).build()).toList())));
        String lb = await(elb.createLoadBalancer(r -> r.name("web").subnets("subnet-a", "subnet-b")))
                .loadBalancers().get(0).loadBalancerArn();
        await(elb.createListener(r -> r.loadBalancerArn(lb).protocol("HTTP").port(80)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg))));
        settle(Duration.ofMinutes(1));
        return tg;
    }

    String state(String id) {
        return await(region.cloud().ec2().describeInstances(r -> r.instanceIds(id))).reservations().get(0)
                .instances().get(0).state().nameAsString();
    }

    void settle(Duration d) {
        region.scheduler().runFor(d);
    }

    /** Step inputs written as in a document (YAML). */
    static ObjectNode inputs(String yaml) {
        return (ObjectNode) NodeJson.toJson(SourceReader.readYaml("inputs.yaml", yaml));
    }

    /** One attempt: its result or failure, the context it ran with, and how long it took in virtual time. */
    record Attempt(ActionResult result, ActionFailure failure, FakeContext ctx, Duration took) {

        String output(String name) {
            return result.outputs().get(name).asText();
        }

        ActionFailure failed() {
            assertThat(failure).as("the attempt should fail, got " + result).isNotNull();
            return failure;
        }

        ActionResult succeeded() {
            assertThat(failure).as("the attempt should succeed, failed with %s",
                    failure == null ? "" : failure.getMessage()).isNull();
            return result;
        }
    }

    Attempt attempt(Action action, String yaml, Duration timeout) {
        return attempt(action, inputs(yaml), timeout, true);
    }

    Attempt attempt(Action action, ObjectNode inputs, Duration timeout, boolean simulated) {
        FakeContext ctx = new FakeContext(region.cloud(), inputs, timeout, simulated);
        Instant start = region.scheduler().now();
        CompletableFuture<ActionResult> f = action.execute(ctx).toCompletableFuture();
        region.scheduler().runUntil(f::isDone, timeout.plusMinutes(5));
        assertThat(f).as("the attempt should end by its deadline").isDone();
        Duration took = java.time.Duration.between(start, region.scheduler().now());
        try {
            return new Attempt(f.join(), null, ctx, took);
        } catch (CompletionException e) {
            Throwable t = e.getCause();
            if (t instanceof ActionFailure a) return new Attempt(null, a, ctx, took);
            throw e;
        }
    }

    static boolean isRunning(String state) {
        return state.equals(InstanceStateName.RUNNING.toString());
    }
}
