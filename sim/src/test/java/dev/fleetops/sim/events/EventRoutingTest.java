package dev.fleetops.sim.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.sim.region.AwsEventBus;
import dev.fleetops.sim.region.AwsEvents;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Events on the default bus reach SQS queues through rules whose patterns event-ruler matches. */
class EventRoutingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimRegion region = SimRegion.empty();
    private final VirtualScheduler time = region.scheduler();
    private final EventBridgeAsyncClient events = region.cloud().eventBridge();
    private final SqsAsyncClient sqs = region.cloud().sqs();
    private final AwsEventBus bus = region.context().bus();

    private <T> T await(CompletableFuture<T> f) {
        return time.await(f, Duration.ofMinutes(1));
    }

    private AwsServiceException failure(CompletableFuture<?> f) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> await(f)).satisfies(t -> caught[0] = t);
        Throwable c = caught[0];
        while (!(c instanceof AwsServiceException) && c.getCause() != null) c = c.getCause();
        return (AwsServiceException) c;
    }

    /** Creates a queue and a rule targeting it; returns the queue URL. */
    private String ruleToQueue(String name, String pattern) {
        String url = await(sqs.createQueue(b -> b.queueName(name))).queueUrl();
        String arn = await(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)))
                .attributesAsStrings().get("QueueArn");
        await(events.putRule(b -> b.name(name).eventPattern(pattern)));
        await(events.putTargets(b -> b.rule(name).targets(Target.builder().id("q").arn(arn).build())));
        return url;
    }

    private List<String> bodies(String url) {
        List<String> out = new ArrayList<>();
        for (Message m : await(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10))).messages()) {
            out.add(m.body());
        }
        return out;
    }

    private ObjectNode terminated(String instanceId) {
        return bus.emit(AwsEvents.EC2, AwsEvents.STATE_CHANGE,
                List.of(AwsEvents.instanceArn("us-east-1", "123456789012", instanceId)),
                AwsEvents.stateChange(instanceId, "terminated"));
    }

    @Test
    void anEc2StateChangeReachesTheQueuesOfMatchingRulesAsTheExactEventJson() throws Exception {
        String prefix = ruleToQueue("by-prefix", "{\"source\":[\"aws.ec2\"],"
                + "\"detail-type\":[{\"prefix\":\"EC2 Instance State\"}]}");
        String anythingBut = ruleToQueue("not-running", "{\"source\":[\"aws.ec2\"],"
                + "\"detail\":{\"state\":[{\"anything-but\":[\"pending\",\"running\"]}]}}");
        String exists = ruleToQueue("has-instance", "{\"detail\":{\"instance-id\":[{\"exists\":true}]}}");
        String seed002 = ruleToQueue("decommission", "{\"source\":[\"aws.ec2\"],"
                + "\"detail-type\":[\"EC2 Instance State-change Notification\"],\"detail\":{\"state\":[\"terminated\"]}}");
        String running = ruleToQueue("only-running", "{\"detail\":{\"state\":[\"running\"]}}");
        String spot = ruleToQueue("spot", "{\"detail-type\":[\"EC2 Spot Instance Interruption Warning\"]}");

        ObjectNode event = terminated("i-0123456789abcdef0");

        for (String url : List.of(prefix, anythingBut, exists, seed002)) {
            List<String> got = bodies(url);
            assertThat(got).hasSize(1);
            assertThat(JSON.readTree(got.get(0))).isEqualTo(event);
            assertThat(got.get(0)).startsWith("{\"version\":\"0\",\"id\":\"" + event.get("id").asText()
                    + "\",\"detail-type\":\"EC2 Instance State-change Notification\",\"source\":\"aws.ec2\","
                    + "\"account\":\"123456789012\",\"time\":\"2026-01-05T09:00:00Z\",\"region\":\"us-east-1\","
                    + "\"resources\":[\"arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0\"],"
                    + "\"detail\":{\"instance-id\":\"i-0123456789abcdef0\",\"state\":\"terminated\"}}");
        }
        assertThat(bodies(running)).isEmpty();
        assertThat(bodies(spot)).isEmpty();

        bus.emit(AwsEvents.EC2, AwsEvents.STATE_CHANGE, List.of(), AwsEvents.stateChange("i-1", "running"));
        assertThat(bodies(running)).hasSize(1);
        assertThat(bodies(anythingBut)).isEmpty();
    }

    @Test
    void numericPatternsAndPutEvents() throws Exception {
        String big = ruleToQueue("big-orders", "{\"source\":[\"shop.orders\"],\"detail\":{\"amount\":[{\"numeric\":[\">\",100,\"<=\",1000]}]}}");
        PutEventsResponse r = await(events.putEvents(b -> b.entries(
                PutEventsRequestEntry.builder().source("shop.orders").detailType("Order Placed")
                        .detail("{\"amount\":250}").resources("order-1").build(),
                PutEventsRequestEntry.builder().source("shop.orders").detailType("Order Placed")
                        .detail("{\"amount\":50}").build(),
                PutEventsRequestEntry.builder().source("shop.orders").detailType("Order Placed")
                        .detail("{\"amount\":5000}").build())));
        assertThat(r.failedEntryCount()).isZero();
        assertThat(r.entries()).allSatisfy(e -> assertThat(e.eventId()).hasSize(36));

        List<String> got = bodies(big);
        assertThat(got).hasSize(1);
        JsonNode e = JSON.readTree(got.get(0));
        assertThat(e.get("id").asText()).isEqualTo(r.entries().get(0).eventId());
        assertThat(e.get("detail-type").asText()).isEqualTo("Order Placed");
        assertThat(e.get("resources").get(0).asText()).isEqualTo("order-1");
        assertThat(e.get("detail").get("amount").asInt()).isEqualTo(250);
        assertThat(e.get("time").asText()).isEqualTo("2026-01-05T09:00:00Z");
    }

    @Test
    void putEventsReportsBadEntriesWithoutFailingTheOthers() {
        List<String> subscribed = new ArrayList<>();
        bus.subscribe(ev -> subscribed.add(ev.get("source").asText()));
        PutEventsResponse r = await(events.putEvents(b -> b.entries(
                PutEventsRequestEntry.builder().source("aws.ec2").detailType(AwsEvents.STATE_CHANGE).detail("{}").build(),
                PutEventsRequestEntry.builder().source("app").detailType("x").detail("not json").build(),
                PutEventsRequestEntry.builder().detailType("x").detail("{}").build(),
                PutEventsRequestEntry.builder().source("app").detailType("ok").detail("{\"a\":1}").build())));
        assertThat(r.failedEntryCount()).isEqualTo(3);
        assertThat(r.entries()).extracting(e -> e.errorCode())
                .containsExactly("NotAuthorizedForSourceException", "MalformedDetail", "InvalidArgument", null);
        assertThat(subscribed).containsExactly("app");

        List<PutEventsRequestEntry> eleven = IntStream.range(0, 11).mapToObj(i -> PutEventsRequestEntry.builder()
                .source("app").detailType("x").detail("{}").build()).toList();
        assertThat(failure(events.putEvents(b -> b.entries(eleven))).awsErrorDetails().errorCode())
                .isEqualTo("ValidationException");
    }

    @Test
    void disabledRulesDeliverNothingAndInputPathSelectsPartOfTheEvent() throws Exception {
        String url = ruleToQueue("state", "{\"source\":[\"aws.ec2\"]}");
        await(events.putRule(b -> b.name("state").eventPattern("{\"source\":[\"aws.ec2\"]}").state(RuleState.DISABLED)));
        terminated("i-2");
        assertThat(bodies(url)).isEmpty();

        await(events.putRule(b -> b.name("state").eventPattern("{\"source\":[\"aws.ec2\"]}").state(RuleState.ENABLED)));
        String arn = "arn:aws:sqs:us-east-1:123456789012:state";
        await(events.putTargets(b -> b.rule("state").targets(Target.builder().id("q").arn(arn).inputPath("$.detail").build())));
        terminated("i-3");
        assertThat(bodies(url)).containsExactly("{\"instance-id\":\"i-3\",\"state\":\"terminated\"}");

        await(events.putTargets(b -> b.rule("state").targets(Target.builder().id("q").arn(arn).input("{\"fixed\":true}").build())));
        terminated("i-4");
        assertThat(bodies(url)).containsExactly("{\"fixed\":true}");
    }

    @Test
    void rulesAreDescribedListedAndDeletedAsAwsDoes() {
        String url = ruleToQueue("b-rule", "{\"source\":[\"aws.ec2\"]}");
        await(events.putRule(b -> b.name("a-rule").eventPattern("{\"source\":[\"aws.autoscaling\"]}").description("hooks")));

        var described = await(events.describeRule(b -> b.name("b-rule")));
        assertThat(described.arn()).isEqualTo("arn:aws:events:us-east-1:123456789012:rule/b-rule");
        assertThat(described.state()).isEqualTo(RuleState.ENABLED);
        assertThat(described.eventPattern()).isEqualTo("{\"source\":[\"aws.ec2\"]}");
        assertThat(await(events.listRules(b -> b.namePrefix(""))).rules()).extracting(r -> r.name())
                .containsExactly("a-rule", "b-rule");
        assertThat(await(events.listTargetsByRule(b -> b.rule("b-rule"))).targets()).extracting(Target::arn)
                .containsExactly("arn:aws:sqs:us-east-1:123456789012:b-rule");

        AwsServiceException hasTargets = failure(events.deleteRule(b -> b.name("b-rule")));
        assertThat(hasTargets.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(hasTargets.awsErrorDetails().errorMessage()).isEqualTo("Rule can't be deleted since it has targets.");
        await(events.removeTargets(b -> b.rule("b-rule").ids("q")));
        await(events.deleteRule(b -> b.name("b-rule")));
        await(events.deleteRule(b -> b.name("b-rule"))); // again: succeeds
        terminated("i-5");
        assertThat(bodies(url)).isEmpty();

        AwsServiceException missing = failure(events.describeRule(b -> b.name("b-rule")));
        assertThat(missing).isInstanceOf(ResourceNotFoundException.class);
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(missing.awsErrorDetails().errorMessage()).isEqualTo("Rule b-rule does not exist on EventBus default.");
        assertThat(failure(events.putTargets(b -> b.rule("nope").targets(Target.builder().id("x").arn("arn:aws:sqs:us-east-1:123456789012:x").build())))
                .awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(failure(events.listRules(b -> b.eventBusName("custom"))).awsErrorDetails().errorCode())
                .isEqualTo("ResourceNotFoundException");
    }

    @Test
    void invalidPatternsAreRejected() {
        for (String bad : List.of("{\"detail\":{\"state\":\"terminated\"}}", "{not json", "[\"aws.ec2\"]",
                "{\"detail\":{\"n\":[{\"numeric\":[\">>\",1]}]}}")) {
            AwsServiceException e = failure(events.putRule(b -> b.name("bad").eventPattern(bad)));
            assertThat(e).isInstanceOf(InvalidEventPatternException.class);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidEventPatternException");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("Event pattern is not valid. Reason: ");
        }
        assertThat(failure(events.describeRule(b -> b.name("bad"))).awsErrorDetails().errorCode())
                .isEqualTo("ResourceNotFoundException");
        assertThat(failure(events.putRule(b -> b.name("no-pattern"))).awsErrorDetails().errorCode())
                .isEqualTo("ValidationException");
        assertThat(failure(events.putRule(b -> b.name("bad name!").eventPattern("{\"source\":[\"a\"]}")))
                .awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    }
}
