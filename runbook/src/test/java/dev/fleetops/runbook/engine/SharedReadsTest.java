package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.cloud.api.ApiInvoker;
import dev.fleetops.cloud.api.ReadCoalescer;
import dev.fleetops.json.Json;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both ways on the simulator, same scenario and seed: the reads concurrent waits make, each on its own and through
 * the coalescer. Every caller sees exactly the response its own call returns, with fewer calls.
 */
class SharedReadsTest {

    record Run(List<JsonNode> answers, long calls) { }

    @Test
    void everyCallerSeesWhatItsOwnCallReturnsWithFewerCalls() {
        Run alone = run(false);
        Run shared = run(true);
        assertEquals(alone.answers().size(), shared.answers().size());
        for (int i = 0; i < alone.answers().size(); i++) {
            assertEquals(alone.answers().get(i), shared.answers().get(i), "answer " + i);
        }
        assertTrue(alone.answers().stream().anyMatch(a -> a.path("TargetHealthDescriptions").size() == 1));
        assertTrue(alone.answers().stream().anyMatch(a -> a.path("InstanceStatuses").size() == 1));
        assertEquals(3 * 2 + 1 + 4, alone.calls(), "each read on its own");
        assertEquals(3, shared.calls(), "one targeted and one group-wide DescribeTargetHealth, one DescribeInstanceStatus");
    }

    private static Run run(boolean coalesce) {
        SimRegion region = Scenarios.start(Scenarios.load("web", Map.of()), SimRegion.DEFAULT_SEED);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        var scheduler = region.scheduler();
        var cloud = region.cloud();
        ApiInvoker plain = new ApiInvoker(ApiCatalog.standard());
        ApiInvoker invoker = coalesce ? plain.coalescing(new ReadCoalescer(scheduler, ReadCoalescer.DEFAULT_TICK, e -> false)) : plain;
        String tg = scheduler.await(cloud.elbv2().describeTargetGroups(b -> { }), Duration.ofMinutes(1))
                .targetGroups().get(0).targetGroupArn();
        List<String> ids = new ArrayList<>();
        scheduler.await(cloud.ec2().describeInstances(b -> { }), Duration.ofMinutes(1)).reservations()
                .forEach(r -> r.instances().forEach(i -> ids.add(i.instanceId())));
        // one instance is stopping, so the answers differ per instance and IncludeAllInstances matters
        scheduler.await(cloud.ec2().stopInstances(b -> b.instanceIds(ids.get(0))), Duration.ofMinutes(1));
        scheduler.runFor(Duration.ofSeconds(5));
        long before = region.context().gate().totalCalls();
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
        for (String id : ids) {
            ObjectNode health = Json.object().put("TargetGroupArn", tg);
            health.putArray("Targets").addObject().put("Id", id);
            answers.add(invoker.invoke(cloud, "elbv2", "DescribeTargetHealth", health).toCompletableFuture());
            ObjectNode status = Json.object().put("IncludeAllInstances", true);
            status.putArray("InstanceIds").add(id);
            answers.add(invoker.invoke(cloud, "ec2", "DescribeInstanceStatus", status).toCompletableFuture());
        }
        ObjectNode pair = Json.object().put("IncludeAllInstances", true);
        pair.putArray("InstanceIds").add(ids.get(2)).add(ids.get(0));
        answers.add(invoker.invoke(cloud, "ec2", "DescribeInstanceStatus", pair).toCompletableFuture());
        for (int i = 0; i < 3; i++) {
            answers.add(invoker.invoke(cloud, "elbv2", "DescribeTargetHealth", Json.object().put("TargetGroupArn", tg))
                    .toCompletableFuture());
        }
        answers.add(invoker.invoke(cloud, "elbv2", "DescribeTargetHealth", Json.object().put("TargetGroupArn", tg))
                .toCompletableFuture());
        List<JsonNode> out = new ArrayList<>();
        for (var a : answers) out.add(scheduler.await(a, Duration.ofMinutes(1)));
        return new Run(out, region.context().gate().totalCalls() - before);
    }
}
