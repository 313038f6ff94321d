package dev.fleetops.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.json.Json;
import dev.fleetops.retry.AwsError;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coalescer over a scripted DescribeInstanceStatus / DescribeTargetHealth: sharing, filtering, ticks, errors. */
class ReadCoalescerTest {

    final VirtualScheduler scheduler = new VirtualScheduler(Instant.parse("2026-01-05T09:00:00Z"));
    final ReadCoalescer reads = new ReadCoalescer(scheduler, Duration.ofSeconds(2), e -> {
        AwsError.Kind k = AwsError.of(e).kind();
        return k == AwsError.Kind.THROTTLING || k == AwsError.Kind.TRANSIENT;
    });
    final Map<String, String> states = Map.of("i-1", "running", "i-2", "stopped", "i-3", "running");
    final List<JsonNode> sent = new ArrayList<>();
    final List<Instant> sentAt = new ArrayList<>();
    boolean throttle;

    /** DescribeInstanceStatus as EC2 answers it: an unknown id fails the whole request. */
    CompletionStage<JsonNode> ec2(JsonNode request) {
        sent.add(request);
        sentAt.add(scheduler.now());
        if (throttle) return CompletableFuture.failedFuture(error("RequestLimitExceeded", 503));
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("InstanceStatuses");
        for (JsonNode id : request.path("InstanceIds")) {
            String state = states.get(id.asText());
            if (state == null) return CompletableFuture.failedFuture(error("InvalidInstanceID.NotFound", 400));
            ObjectNode e = list.addObject().put("InstanceId", id.asText());
            e.putObject("InstanceState").put("Name", state);
        }
        return CompletableFuture.completedFuture(out);
    }

    static AwsServiceException error(String code, int status) {
        return AwsServiceException.builder().statusCode(status).message(code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    CompletableFuture<JsonNode> status(String... ids) {
        ObjectNode in = Json.object().put("IncludeAllInstances", true);
        for (String id : ids) in.withArray("InstanceIds").add(id);
        return reads.read("cloud", "ec2", "DescribeInstanceStatus", in, this::ec2).toCompletableFuture();
    }

    @Test
    void concurrentReadsShareOneCallAndEachSeesItsOwnAnswer() {
        var a = status("i-2", "i-1");
        var b = status("i-3");
        var c = status("i-1");
        scheduler.runUntilIdle();
        assertEquals(1, sent.size(), "one call for three callers");
        assertEquals(List.of("i-2", "i-1", "i-3"), ids(sent.get(0).path("InstanceIds")), "the union, no repeats");
        assertTrue(sent.get(0).path("IncludeAllInstances").asBoolean());
        // each answer equals what the caller's own call returns
        for (var pair : List.of(Map.entry(a, new String[] {"i-2", "i-1"}), Map.entry(b, new String[] {"i-3"}),
                Map.entry(c, new String[] {"i-1"}))) {
            ObjectNode own = Json.object().put("IncludeAllInstances", true);
            for (String id : pair.getValue()) own.withArray("InstanceIds").add(id);
            assertEquals(ec2(own).toCompletableFuture().join(), pair.getKey().join());
        }
        assertEquals(3, reads.asked());
        assertEquals(1, reads.sent());
    }

    @Test
    void aQuietReadGoesAtOnceAndABusyOneWaitsForTheNextAlignedTick() {
        scheduler.runFor(Duration.ofMillis(500)); // 09:00:00.5, inside the window [0 s, 2 s)
        var first = status("i-1");
        scheduler.runUntilIdle();
        assertTrue(first.isDone());
        var second = status("i-3");
        scheduler.runFor(Duration.ofMillis(1400)); // 1.9 s: still the same window
        assertTrue(!second.isDone(), "a second call in the same window waits");
        var third = status("i-1");
        scheduler.runUntilIdle();
        assertEquals(List.of(Instant.parse("2026-01-05T09:00:00.500Z"), Instant.parse("2026-01-05T09:00:02Z")), sentAt);
        assertEquals(2, sent.size(), "second and third met at the tick");
        assertEquals(List.of("i-3"), ids(second.join().path("InstanceStatuses").findValues("InstanceId")));
        assertEquals(List.of("i-1"), ids(third.join().path("InstanceStatuses").findValues("InstanceId")));
    }

    @Test
    void aPermanentErrorOfACombinedCallIsAnsweredByEachCallersOwnCall() {
        var good = status("i-1");
        var bad = status("i-9");
        scheduler.runUntilIdle();
        assertEquals(3, sent.size(), "the combined call, then each caller's own");
        assertEquals("running", good.join().path("InstanceStatuses").get(0).path("InstanceState").path("Name").asText());
        assertTrue(bad.isCompletedExceptionally());
        assertEquals("InvalidInstanceID.NotFound", AwsError.of(bad.handle((v, e) -> e).join()).code());
    }

    @Test
    void aThrottledCombinedCallIsEveryCallersAnswerAndIsNotRepeatedPerCaller() {
        throttle = true;
        var a = status("i-1");
        var b = status("i-2");
        scheduler.runUntilIdle();
        assertEquals(1, sent.size());
        for (var f : List.of(a, b)) {
            assertEquals(AwsError.Kind.THROTTLING, AwsError.of(f.handle((v, e) -> e).join()).kind());
        }
    }

    @Test
    void oneCallerCancellingDoesNotCancelTheOthers() {
        var a = status("i-1");
        var b = status("i-3");
        a.cancel(true);
        scheduler.runUntilIdle();
        assertEquals(1, sent.size());
        assertEquals(List.of("i-3"), ids(b.join().path("InstanceStatuses").findValues("InstanceId")));
    }

    @Test
    void targetHealthIsFilteredByTargetAndGroupWideReadsAreSharedWhole() {
        List<JsonNode> elb = new ArrayList<>();
        java.util.function.Function<JsonNode, CompletionStage<JsonNode>> send = in -> {
            elb.add(in);
            ObjectNode out = Json.object();
            ArrayNode d = out.putArray("TargetHealthDescriptions");
            List<String> targets = in.has("Targets") ? ids(in.get("Targets").findValues("Id")) : List.of("i-1", "i-2");
            for (String id : targets) {
                ObjectNode e = d.addObject();
                e.putObject("Target").put("Id", id).put("Port", 80);
                e.putObject("TargetHealth").put("State", id.equals("i-1") ? "healthy" : "draining");
            }
            return CompletableFuture.completedFuture(out);
        };
        ObjectNode one = Json.object().put("TargetGroupArn", "arn:tg");
        one.putArray("Targets").addObject().put("Id", "i-2");
        ObjectNode other = Json.object().put("TargetGroupArn", "arn:tg");
        other.putArray("Targets").addObject().put("Id", "i-1");
        ObjectNode whole = Json.object().put("TargetGroupArn", "arn:tg");
        var a = reads.read("c", "elbv2", "DescribeTargetHealth", one, send).toCompletableFuture();
        var b = reads.read("c", "elbv2", "DescribeTargetHealth", other, send).toCompletableFuture();
        var w1 = reads.read("c", "elbv2", "DescribeTargetHealth", whole, send).toCompletableFuture();
        var w2 = reads.read("c", "elbv2", "DescribeTargetHealth", whole.deepCopy(), send).toCompletableFuture();
        scheduler.runUntilIdle();
        assertEquals(2, elb.size(), "one combined targeted call, one group-wide call");
        assertEquals(send.apply(one).toCompletableFuture().join(), a.join());
        assertEquals(send.apply(other).toCompletableFuture().join(), b.join());
        assertEquals(send.apply(whole).toCompletableFuture().join(), w1.join());
        assertEquals(w1.join(), w2.join());
    }

    @Test
    void otherOperationsAndPagedReadsAreNeverCoalesced() {
        List<JsonNode> calls = new ArrayList<>();
        java.util.function.Function<JsonNode, CompletionStage<JsonNode>> send = in -> {
            calls.add(in);
            return CompletableFuture.completedFuture(Json.object());
        };
        ObjectNode dereg = Json.object().put("TargetGroupArn", "arn:tg");
        reads.read("c", "elbv2", "DeregisterTargets", dereg, send);
        reads.read("c", "elbv2", "DeregisterTargets", dereg, send);
        assertEquals(2, calls.size(), "a mutating call goes straight through, at once");
        assertTrue(ReadCoalescer.coalesces("ec2", "DescribeInstanceStatus"));
        assertTrue(!ReadCoalescer.coalesces("elbv2", "RegisterTargets"));
    }

    static List<String> ids(Iterable<JsonNode> nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> ids(JsonNode array) {
        return ids((Iterable<JsonNode>) array);
    }
}
