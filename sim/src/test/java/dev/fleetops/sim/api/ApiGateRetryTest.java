package dev.fleetops.sim.api;

import dev.fleetops.retry.AwsError;
import dev.fleetops.retry.RetryPolicy;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.config.FaultPlan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulated clients retry at the gate as the SDK's standard mode does on AWS; each attempt is a call. */
class ApiGateRetryTest {

    static SimRegion region(String service, String operation, String code, double rate) {
        return region(service, operation, code, rate, Optional.empty());
    }

    static SimRegion region(String service, String operation, String code, double rate, Optional<Duration> until) {
        FaultPlan faults = new FaultPlan(false, List.of(new FaultPlan.ApiFault(service, operation, Optional.of(code),
                rate, Duration.ZERO, Duration.ZERO, until)), List.of(), 0, List.of(), 0);
        return new SimRegion(SimRegion.Settings.defaults().withFaults(faults));
    }

    @Test
    void aReadThatIsAlwaysThrottledIsTriedThreeTimesInVirtualTimeThenFailsWithTheServicesError() {
        SimRegion r = region("ec2", "DescribeInstances", "RequestLimitExceeded", 1);
        var call = r.cloud().ec2().describeInstances(q -> { });
        assertThatThrownBy(() -> r.scheduler().await(call, Duration.ofMinutes(5)))
                .rootCause().hasMessageContaining("Injected fault on DescribeInstances (scenario)");
        assertThat(r.context().gate().calls("ec2", "DescribeInstances")).isEqualTo(3);
    }

    @Test
    void aFivexxOnACallThatIsNotSafeToRepeatIsAnUnknownOutcomeAfterOneAttempt() {
        SimRegion r = region("ec2", "RebootInstances", "InternalError", 1);
        var call = r.cloud().ec2().rebootInstances(q -> q.instanceIds("i-0123456789abcdef0"));
        assertThatThrownBy(() -> r.scheduler().await(call, Duration.ofMinutes(5)))
                .satisfies(e -> assertThat(AwsError.of(e).kind()).isEqualTo(AwsError.Kind.UNKNOWN_OUTCOME))
                .hasMessageContaining("describe before redoing it");
        assertThat(r.context().gate().calls("ec2", "RebootInstances")).isEqualTo(1);
    }

    @Test
    void aFivexxOnAnIdempotentCallIsRetriedUntilItGoesThrough() {
        // every call fails during the first millisecond; the retry after the backoff goes through
        SimRegion r = region("ec2", "DescribeVpcs", "InternalError", 1, Optional.of(Duration.ofMillis(1)));
        r.scheduler().await(r.cloud().ec2().describeVpcs(q -> { }), Duration.ofMinutes(5));
        long rejected = r.context().gate().rejected().get("ec2:DescribeVpcs");
        assertThat(rejected).isPositive();
        assertThat(r.context().gate().calls("ec2", "DescribeVpcs")).isEqualTo(rejected + 1);
    }

    @Test
    void withNoRetriesTheServicesAnswerIsFinal() {
        SimRegion r = region("ec2", "DescribeInstances", "RequestLimitExceeded", 1);
        r.context().gate().retryWith(RetryPolicy.none());
        var call = r.cloud().ec2().describeInstances(q -> { });
        assertThatThrownBy(() -> r.scheduler().await(call, Duration.ofMinutes(5)));
        assertThat(r.context().gate().calls("ec2", "DescribeInstances")).isEqualTo(1);
    }
}
