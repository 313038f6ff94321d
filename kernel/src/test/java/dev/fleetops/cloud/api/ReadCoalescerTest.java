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
        return reads.read("cloud", "ec2", "DescribeInstanceStatus", in, null, this::ec2).toCompletableFuture();
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

    CompletableFuture<JsonNode> status(ReadCoalescer.Reader who, String... ids) {
        ObjectNode in = Json.object().put("IncludeAllInstances", true);
        for (String id : ids) in.withArray("InstanceIds").add(id);
        return reads.read("cloud", "ec2", "DescribeInstanceStatus", in, who, this::ec2).toCompletableFuture();
    }

    static ReadCoalescer.Reader reader(String execution) {
        return new ReadCoalescer.Reader(execution, new Object());
    }

    /** Three executions reading i-1, i-2, i-3 in the window [0 s, 2 s): the key is busy. */
    void busy() {
        scheduler.runFor(Duration.ofMillis(500)); // 09:00:00.5
        var a = status(reader("a"), "i-1");
        var b = status(reader("b"), "i-2");
        var c = status(reader("c"), "i-3");
        scheduler.runFor(Duration.ofMillis(100));
        assertTrue(a.isDone() && b.isDone() && c.isDone());
        assertEquals(1, sent.size());
    }

    @Test
    void aBusyKeysNextCallWaitsForTheNextAlignedTickWhereEveryReaderMeets() {
        busy();
        var second = status(reader("d"), "i-1", "i-2");
        scheduler.runFor(Duration.ofMillis(100));
        assertTrue(second.isDone(), "held in the window's call: its answer at once");
        var uncovered = status(reader("d"), "i-9");
        var again = status(reader("a"), "i-1"); // a new attempt of a: it may share; it is covered
        scheduler.runFor(Duration.ofMillis(1200)); // 09:00:01.9, still the same window
        assertTrue(!uncovered.isDone(), "not in the window's call: waits for the next tick");
        assertTrue(again.isDone());
        var waiting = status(new ReadCoalescer.Reader("b", new Object()), "i-3");
        scheduler.runUntilIdle();
        assertEquals(List.of(Instant.parse("2026-01-05T09:00:00.500Z"), Instant.parse("2026-01-05T09:00:02Z")), sentAt);
        assertEquals(List.of("i-9"), ids(sent.get(1).path("InstanceIds")), "the others took the window's answer");
        assertTrue(waiting.isDone());
        assertEquals(2, reads.sent(), "two calls for seven reads");
        assertEquals(7, reads.asked());
    }

    @Test
    void anAttemptIsNeverHandedAnAnswerItHadAlready() {
        busy();
        ReadCoalescer.Reader poller = reader("p");
        var shared = status(poller, "i-1");
        assertTrue(shared.isDone(), "a new reader shares the window's call");
        assertEquals(1, sent.size());
        var next = status(poller, "i-1");
        scheduler.runFor(Duration.ofMillis(1000));
        assertTrue(!next.isDone(), "the same attempt polling again waits for news at the next tick");
        scheduler.runUntilIdle();
        assertEquals(2, sent.size());
        assertEquals(Instant.parse("2026-01-05T09:00:02Z"), sentAt.get(1));
    }

    @Test
    void aReadAfterItsOwnWriteTakesNoAnswerSentBefore() {
        busy();
        ReadCoalescer.Reader writer = reader("w");
        List<JsonNode> writes = new ArrayList<>();
        reads.read("cloud", "ec2", "StopInstances", Json.object(), writer, in -> {
            writes.add(in);
            return CompletableFuture.completedFuture(Json.object());
        });
        assertEquals(1, writes.size(), "a write goes straight through");
        var after = status(new ReadCoalescer.Reader("w", new Object()), "i-1");
        scheduler.runFor(Duration.ofMillis(1000));
        assertTrue(!after.isDone(), "the window's answer predates the write: the next tick's call");
        var other = status(reader("x"), "i-1");
        assertTrue(other.isDone(), "another execution may take it");
        scheduler.runUntilIdle();
        assertEquals(2, sent.size());
    }

    @Test
    void aSingleExecutionsReadsGoAtOnceAsItsOwnCallsWould() {
        ReadCoalescer.Reader first = reader("solo");
        scheduler.runFor(Duration.ofMillis(500));
        var one = status(first, "i-1");
        scheduler.runFor(Duration.ZERO);
        assertTrue(one.isDone());
        for (int i = 0; i < 3; i++) {
            scheduler.runFor(Duration.ofMillis(300));
            var again = status(new ReadCoalescer.Reader("solo", new Object()), "i-1");
            scheduler.runFor(Duration.ZERO);
            assertTrue(again.isDone(), "its own earlier answer is not handed back, nor does it wait");
        }
        assertEquals(4, sent.size());
        assertEquals(List.of(Instant.parse("2026-01-05T09:00:00.500Z"), Instant.parse("2026-01-05T09:00:00.800Z"),
                Instant.parse("2026-01-05T09:00:01.100Z"), Instant.parse("2026-01-05T09:00:01.400Z")), sentAt);
        assertTrue(!reads.shared("cloud", "ec2", "DescribeInstanceStatus", "solo"), "it polls on its own backoff");
    }

    @Test
    void waitsPollOnTheTickOnlyWhenAnotherExecutionReads() {
        status(reader("a"), "i-1");
        assertTrue(!reads.shared("cloud", "ec2", "DescribeInstanceStatus", "a"), "alone: its own backoff");
        status(reader("b"), "i-2");
        assertTrue(reads.shared("cloud", "ec2", "DescribeInstanceStatus", "a"));
        assertTrue(!reads.shared("cloud", "elbv2", "DescribeTargetHealth", "a"));
        scheduler.runFor(Duration.ofSeconds(4)); // two windows later nobody reads
        assertTrue(!reads.shared("cloud", "ec2", "DescribeInstanceStatus", "a"));
    }

    @Test
    void commandsInFlightAreAnsweredByOneListingFollowedPageByPage() {
        List<JsonNode> listed = new ArrayList<>();
        // 60 commands of one instance each, invoked a second apart from 08:59:00; pages of 50
        java.util.function.Function<JsonNode, CompletionStage<JsonNode>> ssm = in -> {
            listed.add(in);
            Instant after = CombinableRead.invokedAfter(in).orElse(Instant.MIN);
            List<ObjectNode> all = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                Instant at = Instant.parse("2026-01-05T08:59:00Z").plusSeconds(i);
                String id = "cmd-" + i;
                if (at.isBefore(after) || in.has("CommandId") && !in.path("CommandId").asText().equals(id)) continue;
                ObjectNode inv = Json.object().put("CommandId", id).put("InstanceId", "i-" + i)
                        .put("RequestedDateTime", at.toString()).put("Status", i % 2 == 0 ? "Success" : "InProgress");
                inv.putArray("CommandPlugins").addObject().put("Output", "out " + i);
                all.add(inv);
            }
            int from = in.has("NextToken") ? Integer.parseInt(in.path("NextToken").asText()) : 0;
            int size = in.path("MaxResults").asInt(50);
            ObjectNode out = Json.object();
            ArrayNode page = out.putArray("CommandInvocations");
            all.subList(from, Math.min(all.size(), from + size)).forEach(page::add);
            if (from + size < all.size()) out.put("NextToken", String.valueOf(from + size));
            return CompletableFuture.completedFuture(out);
        };
        List<ObjectNode> own = new ArrayList<>();
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
        for (int i : new int[] {59, 3, 40}) {
            ObjectNode in = Json.object().put("CommandId", "cmd-" + i).put("Details", true);
            in.putArray("Filters").addObject().put("key", "InvokedAfter")
                    .put("value", Instant.parse("2026-01-05T08:59:00Z").plusSeconds(i - 1).toString());
            own.add(in);
            answers.add(reads.read("cloud", "ssm", "ListCommandInvocations", in, reader("e" + i), ssm).toCompletableFuture());
        }
        scheduler.runUntilIdle();
        assertEquals(2, listed.size(), "one listing since the earliest command (58 invocations): two pages of 50");
        assertTrue(!listed.get(0).has("CommandId"));
        assertEquals("2026-01-05T08:59:02Z", listed.get(0).path("Filters").get(0).path("value").asText());
        assertEquals(50, listed.get(0).path("MaxResults").asInt());
        for (int i = 0; i < 3; i++) {
            JsonNode mine = ssm.apply(own.get(i)).toCompletableFuture().join();
            assertEquals(mine, answers.get(i).join(), "what its own call returns");
            assertEquals(1, answers.get(i).join().path("CommandInvocations").size());
        }
        var late = reads.read("cloud", "ssm", "ListCommandInvocations", own.get(2), reader("late"), ssm).toCompletableFuture();
        assertTrue(late.isDone(), "a later reader of a command in the listing takes its answer");
        assertEquals(2 + 3, listed.size(), "the test's own three calls, no more");
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
        var a = reads.read("c", "elbv2", "DescribeTargetHealth", one, null, send).toCompletableFuture();
        var b = reads.read("c", "elbv2", "DescribeTargetHealth", other, null, send).toCompletableFuture();
        var w1 = reads.read("c", "elbv2", "DescribeTargetHealth", whole, null, send).toCompletableFuture();
        var w2 = reads.read("c", "elbv2", "DescribeTargetHealth", whole.deepCopy(), null, send).toCompletableFuture();
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
        reads.read("c", "elbv2", "DeregisterTargets", dereg, null, send);
        reads.read("c", "elbv2", "DeregisterTargets", dereg, null, send);
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
