package dev.fleetops.events;

import dev.fleetops.events.spi.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.stream.Stream;

import static dev.fleetops.events.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class ClassifierTest {

    private final Classifier classifier = new Classifier("us-east-1");

    private Event accepted(String body) {
        Classified c = classifier.classify(body, NOW);
        assertThat(c).isInstanceOf(Classified.Accepted.class);
        return ((Classified.Accepted) c).event();
    }

    @Test
    void spotWarningFromEventBridgeReadsInstanceFromDetailNotArnAndHasTwoMinuteDeadline() {
        Event e = accepted(SPOT);
        assertThat(e.id()).isEqualTo("spot-1");
        assertThat(e.detailType()).isEqualTo(Event.SPOT_WARNING);
        assertThat(e.instanceId()).contains("i-1234567890abcdef0");
        assertThat(e.account()).contains("123456789012");
        assertThat(e.region()).isEqualTo("us-east-2");
        assertThat(e.time()).contains(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(e.deadline()).contains(Instant.parse("2024-05-01T10:02:00Z"));
        assertThat(e.envelope()).isEqualTo(Event.Envelope.EVENTBRIDGE);
        assertThat(e.notes()).isEmpty();
    }

    @Test
    void hibernateHasNoLead() {
        Event e = accepted(SPOT.replace("\"terminate\"", "\"hibernate\""));
        assertThat(e.deadline()).contains(Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    void timeWithMillisecondsParses() {
        assertThat(accepted(REBALANCE).time()).contains(Instant.parse("2024-05-01T09:58:00.214Z"));
        assertThat(accepted(REBALANCE).deadline()).isEmpty();
    }

    @Test
    void stateChangeWithoutVersionIsAcceptedWithANote() {
        Event e = accepted(STATE_TERMINATED);
        assertThat(e.instanceId()).contains("i-abcd1111");
        assertThat(e.notes()).containsExactly("no version member (as in the AWS sample); accepted");
    }

    @Test
    void accountIsOptionalAsMotoOmitsIt() {
        Event e = accepted(SPOT.replace("\"account\":\"123456789012\",", ""));
        assertThat(e.account()).isEmpty();
    }

    @Test
    void lifecycleActionReadsPascalCaseInstance() {
        Event e = accepted(TERMINATE_ACTION);
        assertThat(e.instanceId()).contains("i-1234567890abcdef0");
        assertThat(e.detailText("LifecycleHookName")).contains("my-lifecycle-hook");
    }

    @Test
    void snsWrappedEventBridgeEventIsUnwrapped() {
        Event e = accepted(sns(SPOT));
        assertThat(e.id()).isEqualTo("spot-1");
        assertThat(e.envelope()).isEqualTo(Event.Envelope.SNS_EVENTBRIDGE);
    }

    @Test
    void rawAutoScalingNotificationIsNormalizedWithRequestIdAsId() {
        Event e = accepted(RAW_ASG);
        assertThat(e.id()).isEqualTo("req-1");
        assertThat(e.source()).isEqualTo("aws.autoscaling");
        assertThat(e.detailType()).isEqualTo(Event.TERMINATE_ACTION);
        assertThat(e.time()).contains(Instant.parse("2024-05-01T10:00:00.123Z"));
        assertThat(e.region()).isEqualTo("us-east-1");
        assertThat(e.instanceId()).contains("i-1234567890abcdef0");
        assertThat(e.envelope()).isEqualTo(Event.Envelope.ASG_NOTIFICATION);
        assertThat(e.envelopeJson().path("detail").path("LifecycleActionToken").asText()).isEqualTo("tok-1");
    }

    @Test
    void rawAutoScalingNotificationThroughSns() {
        Event e = accepted(sns(RAW_ASG.replace("EC2_INSTANCE_TERMINATING", "EC2_INSTANCE_LAUNCHING")));
        assertThat(e.detailType()).isEqualTo(Event.LAUNCH_ACTION);
        assertThat(e.envelope()).isEqualTo(Event.Envelope.SNS_ASG_NOTIFICATION);
    }

    @Test
    void testNotificationIsAcknowledgedBeforeRequiringLifecycleMembers() {
        assertThat(classifier.classify(TEST_NOTIFICATION, NOW)).isInstanceOf(Classified.Acknowledged.class);
        assertThat(classifier.classify(sns(TEST_NOTIFICATION), NOW)).isInstanceOf(Classified.Acknowledged.class);
    }

    @Test
    void awsSamplePlaceholdersAreToleratedExplicitly() {
        Event e = accepted(SAMPLE_WITH_PLACEHOLDERS);
        assertThat(e.time()).isEmpty();
        assertThat(e.timeOrReceived()).isEqualTo(NOW);
        assertThat(e.deadline()).contains(NOW.plusSeconds(120));
        assertThat(e.notes()).containsExactly(
                "time is the AWS sample's placeholder 'yyyy-mm-ddThh:mm:ssZ': the receive time is used",
                "instance-action is the AWS sample's placeholder 'action': terminate (the default) assumed");
    }

    @Test
    void unknownDetailTypesPassForRulesToDecide() {
        Event e = accepted("""
                {"id":"h-1","detail-type":"AWS Health Event","source":"aws.health","time":"2016-06-05T06:27:57Z",
                 "region":"us-east-1","resources":["i-12345678"],
                 "detail":{"service":"EC2","eventTypeCategory":"scheduledChange",
                   "affectedEntities":[{"entityValue":"i-12345678"}]}}""");
        assertThat(e.instanceId()).contains("i-12345678");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("", "empty message"),
                Arguments.of("   ", "empty message"),
                Arguments.of("not json", "not JSON"),
                Arguments.of("{\"id\":", "not JSON"),
                Arguments.of("[1,2]", "not a JSON object (array)"),
                Arguments.of("\"text\"", "not a JSON object (string)"),
                Arguments.of("{}", "unknown message"),
                Arguments.of("{\"hello\":\"world\"}", "unknown message"),
                Arguments.of(SPOT.replace("\"id\":\"spot-1\",", ""), "id: missing"),
                Arguments.of(SPOT.replace("\"id\":\"spot-1\"", "\"id\":\"\""), "id: not a non-empty string"),
                Arguments.of(SPOT.replace("\"source\":\"aws.ec2\",", ""), "source: missing"),
                Arguments.of(SPOT.replace("\"source\":\"aws.ec2\"", "\"source\":7"), "source: not a non-empty string"),
                Arguments.of(SPOT.replace("\"detail\":{\"instance-id\":\"i-1234567890abcdef0\",\"instance-action\":\"terminate\"}", "\"detail\":\"x\""), "detail: missing or not an object"),
                Arguments.of(SPOT.replace("2024-05-01T10:00:00Z", "yesterday"), "time: 'yesterday' is not an ISO-8601 UTC time"),
                Arguments.of(SPOT.replace("2024-05-01T10:00:00Z", "Sat, 05 Jun 2016 15:10:09 GMT"), "is not an ISO-8601 UTC time"),
                Arguments.of(SPOT.replace("[\"arn:aws:ec2:us-east-2a:instance/i-1234567890abcdef0\"]", "\"arn\""), "resources: not an array"),
                Arguments.of(SPOT.replace("\"region\":\"us-east-2\"", "\"region\":1"), "region: not a string"),
                Arguments.of(SPOT.replace("\"instance-id\":\"i-1234567890abcdef0\",", ""), "instance-id: missing"),
                Arguments.of(SPOT.replace("\"i-1234567890abcdef0\",\"instance-action\"", "\"web-1\",\"instance-action\""), "'web-1' is not an instance id"),
                Arguments.of(SPOT.replace("\"terminate\"", "\"reboot\""), "'reboot' is not terminate, stop or hibernate"),
                Arguments.of(STATE_TERMINATED.replace("\"terminated\"", "\"exploded\""), "'exploded' is not an EC2 instance state"),
                Arguments.of(TERMINATE_ACTION.replace("\"LifecycleHookName\":\"my-lifecycle-hook\",", ""), "LifecycleHookName: missing"),
                Arguments.of(RAW_ASG.replace("\"RequestId\":\"req-1\",", ""), "RequestId missing"),
                Arguments.of(RAW_ASG.replace("EC2_INSTANCE_TERMINATING", "EC2_INSTANCE_REBOOTING"), "is not autoscaling:EC2_INSTANCE_TERMINATING"),
                Arguments.of(RAW_ASG.replace("2024-05-01T10:00:00.123Z", "now"), "Time 'now' is not ISO-8601"),
                Arguments.of(RAW_ASG.replace("\"EC2InstanceId\":\"i-1234567890abcdef0\",", ""), "EC2InstanceId: missing"),
                Arguments.of("{\"Type\":\"Notification\",\"Message\":\"not json\"}", "SNS notification: Message is not JSON"),
                Arguments.of("{\"Type\":\"Notification\",\"Message\":{}}", "SNS notification: Message is not a string"),
                Arguments.of(sns(sns(SPOT)), "unknown message"),
                Arguments.of("{\"x\":\"" + "a".repeat(Classifier.MAX_BYTES) + "\"}", "larger than 256 KiB"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("malformed")
    void malformedMessagesAreRejectedWithTheReason(String body, String reason) {
        Classified c = classifier.classify(body, NOW);
        assertThat(c).isInstanceOf(Classified.Rejected.class);
        assertThat(((Classified.Rejected) c).reason()).contains(reason);
    }

    /** The tree the rules match is always the normalized envelope, whether it is the message itself or a copy. */
    @ParameterizedTest
    @MethodSource("acceptedBodies")
    void theRulesMatchExactlyTheNormalizedEnvelope(String body) {
        Classified.Accepted a = (Classified.Accepted) classifier.classify(body, NOW);
        assertThat(a.envelope()).isEqualTo(a.event().envelopeJson());
    }

    static Stream<String> acceptedBodies() {
        String spotAtAwsTime = SPOT.replace("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000Z");
        return Stream.of(SPOT, REBALANCE, STATE_TERMINATED, TERMINATE_ACTION, RAW_ASG, SAMPLE_WITH_PLACEHOLDERS,
                spotAtAwsTime, SPOT.replace("\"version\":\"0\",", ""), SPOT.replaceFirst("\\{", "{\"extra\": 1, "),
                SPOT.replace("\"version\":\"0\"", "\"version\":0"), SPOT.replace("\"account\":\"123456789012\"", "\"account\":null"));
    }

    @Test
    void theMessageItselfIsMatchedWhenItIsAlreadyTheEnvelope() throws Exception {
        com.fasterxml.jackson.databind.JsonNode tree = dev.fleetops.json.Json.parse(SPOT);
        Classified.Accepted a = (Classified.Accepted) classifier.classify(tree, SPOT, NOW, false);
        assertThat(a.envelope()).as("no copy per event").isSameAs(tree);
        Classified.Accepted extra = (Classified.Accepted) classifier.classify(SPOT.replaceFirst("\\{", "{\"extra\": 1, "), NOW);
        assertThat(extra.envelope().has("extra")).as("a member the envelope drops is not matched").isFalse();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"2024-05-01T10:00:00Z", "2024-02-29T23:59:59Z",
            "0001-01-01T00:00:00Z", "2026-12-31T00:00:00Z", "2024-05-01T10:00:00.5Z", "2024-05-01T10:00:00+02:00",
            "2024-05-01T24:00:00Z"})
    void theFastTimeParseGivesInstantParsesAnswer(String text) {
        assertThat(Classifier.instant(text)).isEqualTo(Instant.parse(text));
        Instant fast = Classifier.awsTime(text);
        if (fast != null) assertThat(fast.toString()).as("prints back as the text it came from").isEqualTo(text);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"2025-02-29T10:00:00Z", "2024-13-01T10:00:00Z",
            "2024-05-01T10:60:00Z", "2024-05-01T10:00:61Z", "2024-05-0xT10:00:00Z", "yyyy-mm-ddThh:mm:ssZ"})
    void theFastTimeParseRejectsWhatInstantParseRejects(String text) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Instant.parse(text))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Classifier.instant(text))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
    }

    @Test
    void instanceIdsAreIAndEightToSeventeenLowerCaseHexDigits() {
        assertThat(Classifier.isInstanceId("i-1234abcd")).isTrue();
        assertThat(Classifier.isInstanceId("i-1234567890abcdef0")).isTrue();
        assertThat(Classifier.isInstanceId("i-1234abc")).isFalse();
        assertThat(Classifier.isInstanceId("i-1234567890abcdef01")).isFalse();
        assertThat(Classifier.isInstanceId("i-1234ABCD")).isFalse();
        assertThat(Classifier.isInstanceId("x-1234abcd")).isFalse();
        assertThat(Classifier.isInstanceId("i-1234abcg")).isFalse();
    }
}
