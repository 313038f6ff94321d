package dev.fleetops.sim.cloudwatch;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Metric alarms through {@link CloudWatchAsyncClient}, evaluated on the virtual clock as CloudWatch evaluates them. */
class CloudWatchSimTest {

    private final SimRegion region = SimRegion.empty();
    private final VirtualScheduler time = region.scheduler();
    private final CloudWatchAsyncClient cw = region.cloud().client(CloudWatchAsyncClient.class);
    private final SqsAsyncClient sqs = region.cloud().sqs();

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

    private void alarm(String name, Consumer<PutMetricAlarmRequest.Builder> more) {
        await(cw.putMetricAlarm(b -> {
            b.alarmName(name).namespace("App").metricName("Errors").statistic(Statistic.SUM).period(60)
                    .evaluationPeriods(1).threshold(0.0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD);
            more.accept(b);
        }));
    }

    private MetricAlarm describe(String name) {
        return await(cw.describeAlarms(b -> b.alarmNames(name))).metricAlarms().get(0);
    }

    private void errors(double v) {
        await(cw.putMetricData(b -> b.namespace("App").metricData(d -> d.metricName("Errors").value(v))));
    }

    private void minutes(int n) {
        time.runFor(Duration.ofMinutes(n));
    }

    @Test
    void aNewAlarmIsInsufficientDataThenFollowsItsMetricEveryMinute() {
        alarm("errors", b -> b.alarmActions("arn:aws:sns:us-east-1:123456789012:ops"));
        MetricAlarm a = describe("errors");
        assertThat(a.stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
        assertThat(a.stateReason()).isEqualTo("Unchecked: Initial alarm creation");
        assertThat(a.alarmArn()).isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors");
        assertThat(a.alarmActions()).containsExactly("arn:aws:sns:us-east-1:123456789012:ops");
        minutes(2);
        assertThat(describe("errors").stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA); // no data at all

        errors(0);
        minutes(1);
        assertThat(describe("errors").stateValue()).isEqualTo(StateValue.OK);
        errors(2);
        errors(1);
        minutes(1);
        a = describe("errors");
        assertThat(a.stateValue()).isEqualTo(StateValue.ALARM);
        assertThat(a.stateReason()).startsWith("Threshold Crossed: 1 out of the last 1 datapoints [3.0 (")
                .contains("were greater than the threshold (0.0)");
        assertThat(a.stateTransitionedTimestamp()).isEqualTo(a.stateUpdatedTimestamp());
        minutes(1); // the minute without data: missing data keeps nothing breaching, so INSUFFICIENT_DATA
        assertThat(describe("errors").stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
    }

    @Test
    void treatMissingDataDecidesWhatAMinuteWithoutDataMeans() {
        alarm("good", b -> b.treatMissingData("notBreaching"));
        alarm("bad", b -> b.treatMissingData("breaching"));
        alarm("kept", b -> b.treatMissingData("ignore"));
        minutes(1);
        assertThat(describe("good").stateValue()).isEqualTo(StateValue.OK);
        assertThat(describe("bad").stateValue()).isEqualTo(StateValue.ALARM);
        assertThat(describe("kept").stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
        errors(5);
        minutes(1);
        assertThat(describe("kept").stateValue()).isEqualTo(StateValue.ALARM);
        minutes(3);
        assertThat(describe("kept").stateValue()).isEqualTo(StateValue.ALARM); // ignore: the state stays
        assertThat(describe("good").stateValue()).isEqualTo(StateValue.OK);
    }

    @Test
    void datapointsToAlarmNeedsThatManyBreachingPeriodsOfTheLastN() {
        alarm("two-of-three", b -> b.evaluationPeriods(3).datapointsToAlarm(2).treatMissingData("notBreaching"));
        errors(1);
        minutes(1);
        assertThat(describe("two-of-three").stateValue()).isEqualTo(StateValue.OK);
        minutes(1);
        errors(1);
        minutes(1);
        assertThat(describe("two-of-three").stateValue()).isEqualTo(StateValue.ALARM); // minutes 1 and 3 of 3
        minutes(2);
        assertThat(describe("two-of-three").stateValue()).isEqualTo(StateValue.OK); // only one in the last three
    }

    @Test
    void anAlarmOnAQueuesDepthFollowsTheMessagesInIt() {
        String url = await(sqs.createQueue(b -> b.queueName("orders-dlq"))).queueUrl();
        await(cw.putMetricAlarm(b -> b.alarmName("dlq-not-empty").namespace("AWS/SQS")
                .metricName("ApproximateNumberOfMessagesVisible").dimensions(d -> d.name("QueueName").value("orders-dlq"))
                .statistic(Statistic.MAXIMUM).period(60).evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)));
        minutes(1);
        assertThat(describe("dlq-not-empty").stateValue()).isEqualTo(StateValue.OK);
        await(sqs.sendMessage(b -> b.queueUrl(url).messageBody("lost order")));
        minutes(1);
        assertThat(describe("dlq-not-empty").stateValue()).isEqualTo(StateValue.ALARM);
        var m = await(sqs.receiveMessage(b -> b.queueUrl(url))).messages().get(0);
        await(sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
        minutes(1);
        assertThat(describe("dlq-not-empty").stateValue()).isEqualTo(StateValue.OK);
    }

    @Test
    void setAlarmStateHoldsUntilTheNextEvaluation() {
        alarm("errors", b -> b.treatMissingData("notBreaching"));
        minutes(1);
        await(cw.setAlarmState(b -> b.alarmName("errors").stateValue(StateValue.ALARM).stateReason("testing the pager")));
        MetricAlarm a = describe("errors");
        assertThat(a.stateValue()).isEqualTo(StateValue.ALARM);
        assertThat(a.stateReason()).isEqualTo("testing the pager");
        minutes(1);
        assertThat(describe("errors").stateValue()).isEqualTo(StateValue.OK);

        AwsServiceException e = failure(cw.setAlarmState(b -> b.alarmName("nope").stateValue(StateValue.OK).stateReason("x")));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
        assertThat(e.statusCode()).isEqualTo(404);
        e = failure(cw.setAlarmState(b -> b.alarmName("errors").stateValue(StateValue.OK).stateReason("x").stateReasonData("{not json")));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidFormat");
    }

    @Test
    void describeAlarmsFiltersAndPagesInNameOrder() {
        for (String n : List.of("web-5xx", "api-latency", "web-latency", "db-cpu")) alarm(n, b -> { });
        DescribeAlarmsResponse web = await(cw.describeAlarms(b -> b.alarmNamePrefix("web-")));
        assertThat(web.metricAlarms()).extracting(MetricAlarm::alarmName).containsExactly("web-5xx", "web-latency");
        DescribeAlarmsResponse first = await(cw.describeAlarms(b -> b.maxRecords(3)));
        assertThat(first.metricAlarms()).extracting(MetricAlarm::alarmName).containsExactly("api-latency", "db-cpu", "web-5xx");
        DescribeAlarmsResponse rest = await(cw.describeAlarms(b -> b.maxRecords(3).nextToken(first.nextToken())));
        assertThat(rest.metricAlarms()).extracting(MetricAlarm::alarmName).containsExactly("web-latency");
        assertThat(rest.nextToken()).isNull();
        assertThat(await(cw.describeAlarms(b -> b.stateValue(StateValue.ALARM))).metricAlarms()).isEmpty();
        assertThat(await(cw.describeAlarms(b -> b.alarmTypesWithStrings("CompositeAlarm"))).metricAlarms()).isEmpty();

        assertThat(failure(cw.describeAlarms(b -> b.nextToken("garbage!"))).awsErrorDetails().errorCode()).isEqualTo("InvalidNextToken");
        assertThat(failure(cw.describeAlarms(b -> b.alarmNames("web-5xx").alarmNamePrefix("web")))
                .awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination");
    }

    @Test
    void deleteAlarmsRemovesThemAllOrNoneWhenOneIsMissing() {
        alarm("a", b -> { });
        alarm("b", b -> { });
        AwsServiceException e = failure(cw.deleteAlarms(b -> b.alarmNames("a", "missing")));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
        assertThat(await(cw.describeAlarms(b -> { })).metricAlarms()).hasSize(2);
        await(cw.deleteAlarms(b -> b.alarmNames("a", "b")));
        assertThat(await(cw.describeAlarms(b -> { })).metricAlarms()).isEmpty();
        assertThat(time.pending()).isLessThanOrEqualTo(1); // the evaluation clock stops with the last alarm
        minutes(1);
        assertThat(time.pending()).isZero();
    }

    @Test
    void putMetricAlarmRefusesWhatCloudWatchRefusesAndWhatTheSimulatorDoesNotModel() {
        assertThat(code(b -> b.period(45))).isEqualTo("ValidationError");
        assertThat(code(b -> b.evaluationPeriods(2).datapointsToAlarm(3))).isEqualTo("ValidationError");
        assertThat(code(b -> b.period(86400).evaluationPeriods(8))).isEqualTo("ValidationError");
        assertThat(code(b -> b.treatMissingData("sometimes"))).isEqualTo("ValidationError");
        assertThat(code(b -> b.threshold(null))).isEqualTo("MissingParameter");
        assertThat(code(b -> b.extendedStatistic("p99"))).isEqualTo("InvalidParameterCombination");
        AwsServiceException e = failure(cw.putMetricAlarm(b -> b.alarmName("math").evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).metrics(q -> q.id("m1").expression("SUM(METRICS())"))));
        assertThat(e.awsErrorDetails().errorMessage()).contains("Metric math", "not modelled");
        assertThat(await(cw.describeAlarms(b -> { })).metricAlarms()).isEmpty();
    }

    private String code(Consumer<PutMetricAlarmRequest.Builder> bad) {
        return failure(cw.putMetricAlarm(b -> {
            b.alarmName("bad").namespace("App").metricName("Errors").statistic(Statistic.SUM).period(60)
                    .evaluationPeriods(1).threshold(0.0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD);
            bad.accept(b);
        })).awsErrorDetails().errorCode();
    }

    @Test
    void putMetricDataRefusesAwsNamespacesAndAmbiguousData() {
        AwsServiceException e = failure(cw.putMetricData(b -> b.namespace("AWS/EC2").metricData(d -> d.metricName("X").value(1.0))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The value AWS/EC2 for parameter Namespace is invalid.");
        e = failure(cw.putMetricData(b -> b.namespace("App").metricData(d -> d.metricName("X").value(1.0)
                .statisticValues(s -> s.sum(1.0).sampleCount(1.0).minimum(1.0).maximum(1.0)))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination");
        e = failure(cw.putMetricData(b -> b.namespace("App")));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingParameter");
        // a refused request stores nothing, not even its valid members
        alarm("errors", b -> b.treatMissingData("notBreaching"));
        failure(cw.putMetricData(b -> b.namespace("App").metricData(d -> d.metricName("Errors").value(9.0),
                d -> d.metricName("Errors").value(Double.NaN))));
        minutes(1);
        assertThat(describe("errors").stateValue()).isEqualTo(StateValue.OK);
    }
}
