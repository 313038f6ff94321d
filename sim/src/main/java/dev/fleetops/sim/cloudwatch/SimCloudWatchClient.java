package dev.fleetops.sim.cloudwatch;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmResponse;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.SetAlarmStateRequest;
import software.amazon.awssdk.services.cloudwatch.model.SetAlarmStateResponse;

import java.util.concurrent.CompletableFuture;

/** {@link CloudWatchAsyncClient} over the simulated CloudWatch. Unmodelled operations throw UnsupportedOperationException. */
final class SimCloudWatchClient implements CloudWatchAsyncClient {

    private static final String SERVICE = "cloudwatch";

    private final SimContext ctx;
    private final CloudWatchSim sim;

    SimCloudWatchClient(SimContext ctx, CloudWatchSim sim) {
        this.ctx = ctx;
        this.sim = sim;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }

    @Override
    public CompletableFuture<PutMetricAlarmResponse> putMetricAlarm(PutMetricAlarmRequest r) {
        return ctx.gate().call(SERVICE, "PutMetricAlarm", () -> {
            PutMetricAlarmResponse out = sim.alarms().put(r, sim.now());
            sim.alarmsChanged();
            return out;
        });
    }

    @Override
    public CompletableFuture<DescribeAlarmsResponse> describeAlarms(DescribeAlarmsRequest r) {
        return ctx.gate().call(SERVICE, "DescribeAlarms", () -> sim.alarms().describe(r));
    }

    @Override
    public CompletableFuture<DeleteAlarmsResponse> deleteAlarms(DeleteAlarmsRequest r) {
        return ctx.gate().call(SERVICE, "DeleteAlarms", () -> sim.alarms().delete(r));
    }

    @Override
    public CompletableFuture<SetAlarmStateResponse> setAlarmState(SetAlarmStateRequest r) {
        return ctx.gate().call(SERVICE, "SetAlarmState", () -> sim.alarms().setState(r, sim.now()));
    }

    @Override
    public CompletableFuture<PutMetricDataResponse> putMetricData(PutMetricDataRequest r) {
        return ctx.gate().call(SERVICE, "PutMetricData", () -> sim.metrics().put(r, sim.now().toEpochMilli()));
    }
}
