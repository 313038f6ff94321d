package dev.fleetops.sim.wire;

import dev.fleetops.sim.SimRegion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CloudWatch's query protocol on the wire: the SDK for Java's own client over HTTP creates an alarm, feeds its
 * metric, sees it evaluated after {@code advance}, and gets CloudWatch's errors in their modeled types.
 */
class CloudWatchOnTheWireTest {

    private static Served served;

    @BeforeAll
    static void start() {
        served = new Served(SimRegion.empty());
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    @Test
    void anAlarmIsCreatedFedAndEvaluatedOverHttp() {
        CloudWatchAsyncClient cw = served.cloud().client(CloudWatchAsyncClient.class);
        cw.putMetricAlarm(b -> b.alarmName("queue-errors").namespace("App").metricName("Errors")
                .dimensions(d -> d.name("Queue").value("orders")).statistic(Statistic.SUM).period(60)
                .evaluationPeriods(2).datapointsToAlarm(1).threshold(0.0).treatMissingData("notBreaching")
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).alarmActions("arn:aws:sns:us-east-1:123456789012:ops")).join();
        cw.putMetricData(b -> b.namespace("App").metricData(m -> m.metricName("Errors").value(4.0)
                .dimensions(d -> d.name("Queue").value("orders")))).join();
        served.advance(60);
        MetricAlarm a = cw.describeAlarms(b -> b.alarmNames("queue-errors")).join().metricAlarms().get(0);
        assertThat(a.stateValue()).isEqualTo(StateValue.ALARM);
        assertThat(a.dimensions()).singleElement().satisfies(d -> assertThat(d.value()).isEqualTo("orders"));
        assertThat(a.alarmActions()).containsExactly("arn:aws:sns:us-east-1:123456789012:ops");
        assertThat(a.evaluationPeriods()).isEqualTo(2);
        assertThat(a.threshold()).isEqualTo(0.0);
        assertThat(a.stateUpdatedTimestamp()).isNotNull();

        assertThatThrownBy(() -> cw.setAlarmState(b -> b.alarmName("nope").stateValue(StateValue.OK).stateReason("x")).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(CloudWatchException.class)
                .satisfies(e -> assertThat(((CloudWatchException) e).statusCode()).isEqualTo(404))
                .satisfies(e -> assertThat(((CloudWatchException) e).awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound"));
        assertThatThrownBy(() -> cw.putMetricAlarm(b -> b.alarmName("bad").namespace("App").metricName("Errors")
                .statistic(Statistic.SUM).period(45).evaluationPeriods(1).threshold(0.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)).join())
                .cause().isInstanceOf(CloudWatchException.class)
                .satisfies(e -> assertThat(((CloudWatchException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
    }
}
