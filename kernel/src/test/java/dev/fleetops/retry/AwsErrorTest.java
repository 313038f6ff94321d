package dev.fleetops.retry;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.ssm.model.SsmException;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static dev.fleetops.retry.AwsError.Kind.PERMANENT;
import static dev.fleetops.retry.AwsError.Kind.THROTTLING;
import static dev.fleetops.retry.AwsError.Kind.TRANSIENT;
import static dev.fleetops.retry.AwsError.Kind.UNKNOWN_OUTCOME;
import static org.assertj.core.api.Assertions.assertThat;

/** The classification against real SDK exceptions, built as the SDK's unmarshallers build them. */
class AwsErrorTest {

    static AwsServiceException error(AwsServiceException.Builder b, String code, int status, String message) {
        return b.statusCode(status).message(message).awsErrorDetails(AwsErrorDetails.builder().errorCode(code)
                .errorMessage(message).sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build())
                .build();
    }

    /**
     * The SDK's last attempt may say only that no pooled connection came in time; the refused connects of the
     * attempts before are its suppressed errors. Either way the endpoint could not be reached; a service's answer
     * or a timeout with no connect failure is not.
     */
    @Test
    void aRefusedConnectionIsUnreachableWhereverTheSdkPutIt() {
        SdkClientException direct = SdkClientException.builder().message("Unable to execute HTTP request: Connection refused")
                .cause(new java.net.ConnectException("Connection refused")).build();
        SdkClientException lastAttempt = SdkClientException.builder()
                .message("Unable to execute HTTP request: Acquire operation took longer than the configured maximum time")
                .cause(new java.util.concurrent.TimeoutException("Acquire operation took longer")).build();
        lastAttempt.addSuppressed(SdkClientException.builder().message("attempt 1")
                .cause(new java.net.ConnectException("Connection refused")).build());
        // what SDK 2.31 actually does: the earlier attempt is kept as its message only, without the exception
        SdkClientException refusedThenTimedOut = SdkClientException.builder()
                .message("Unable to execute HTTP request: Acquire operation took longer than the configured maximum time")
                .cause(new java.util.concurrent.TimeoutException("Acquire operation took longer")).build();
        refusedThenTimedOut.addSuppressed(SdkClientException.create(
                "Request attempt 1 failure: Unable to execute HTTP request: Connection refused: /127.0.0.1:44607"));
        SdkClientException busyPool = SdkClientException.builder()
                .message("Unable to execute HTTP request: Acquire operation took longer than the configured maximum time")
                .cause(new java.util.concurrent.TimeoutException("Acquire operation took longer")).build();

        assertThat(AwsError.of(new CompletionException(direct)).unreachable()).isTrue();
        assertThat(AwsError.of(lastAttempt).unreachable()).isTrue();
        assertThat(AwsError.of(refusedThenTimedOut).unreachable()).isTrue();
        assertThat(AwsError.of(busyPool).unreachable()).isFalse();
        assertThat(AwsError.of(Ec2Exception.builder().statusCode(503).message("x").build()).unreachable()).isFalse();
    }

    @Test
    void throttlingCodesOfEveryServiceAreThrottlingWhateverTheirStatus() {
        AwsError ec2 = AwsError.of(error(Ec2Exception.builder(), "RequestLimitExceeded", 503, "Request limit exceeded."));
        assertThat(ec2.kind()).isEqualTo(THROTTLING);
        assertThat(ec2.label()).isEqualTo("RequestLimitExceeded (HTTP 503)");
        assertThat(ec2.describe()).isEqualTo("RequestLimitExceeded (HTTP 503): Request limit exceeded.");
        assertThat(AwsError.of(error(AutoScalingException.builder(), "Throttling", 400, "Rate exceeded")).kind())
                .isEqualTo(THROTTLING);
        assertThat(AwsError.of(error(SsmException.builder(), "ThrottlingException", 400, "Rate exceeded")).kind())
                .isEqualTo(THROTTLING);
        assertThat(AwsError.of(Ec2Exception.builder().statusCode(429).build()).kind()).isEqualTo(THROTTLING);
    }

    @Test
    void anHttp500WithoutAnErrorCodeIsTransientAndSaysSo() {
        AwsError bare = AwsError.of(Ec2Exception.builder().statusCode(500).build());
        assertThat(bare.kind()).isEqualTo(TRANSIENT);
        assertThat(bare.code()).isEmpty();
        assertThat(bare.status()).isEqualTo(500);
        assertThat(bare.describe()).isEqualTo("HTTP 500 without an error code");

        AwsError withStatusText = AwsError.of(Ec2Exception.builder().awsErrorDetails(AwsErrorDetails.builder()
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(500).statusText("Internal Server Error").build())
                .build()).build());
        assertThat(withStatusText.kind()).isEqualTo(TRANSIENT);
        assertThat(withStatusText.describe()).isEqualTo("HTTP 500 without an error code: Internal Server Error");
    }

    @Test
    void serverErrorsAndTheSdksRetryableCodesAreTransient() {
        assertThat(AwsError.of(error(Ec2Exception.builder(), "Unavailable", 503, "try later")).kind()).isEqualTo(TRANSIENT);
        assertThat(AwsError.of(error(Ec2Exception.builder(), "InternalError", 500, "oops")).kind()).isEqualTo(TRANSIENT);
        assertThat(AwsError.of(error(ElasticLoadBalancingV2Exception.builder(), "RequestTimeout", 400, "slow")).kind())
                .isEqualTo(TRANSIENT);
        assertThat(AwsError.of(Ec2Exception.builder().statusCode(502).build()).kind()).isEqualTo(TRANSIENT);
        assertThat(AwsError.of(Ec2Exception.builder().statusCode(504).build()).kind()).isEqualTo(TRANSIENT);
    }

    @Test
    void networkFailuresAndAttemptTimeoutsAreTransient() {
        var reset = SdkClientException.create("Unable to execute HTTP request: Connection reset",
                new IOException("Connection reset"));
        AwsError e = AwsError.of(reset);
        assertThat(e.kind()).isEqualTo(TRANSIENT);
        assertThat(e.status()).isZero();
        assertThat(e.describe()).isEqualTo("SdkClientException: Unable to execute HTTP request: Connection reset");
        assertThat(AwsError.of(ApiCallAttemptTimeoutException.create(2000)).kind()).isEqualTo(TRANSIENT);
    }

    @Test
    void validationNotFoundAndAccessDeniedArePermanent() {
        assertThat(AwsError.of(error(Ec2Exception.builder(), "InvalidInstanceID.NotFound", 400, "no such")).kind())
                .isEqualTo(PERMANENT);
        assertThat(AwsError.of(error(Ec2Exception.builder(), "InvalidParameterValue", 400, "bad")).kind())
                .isEqualTo(PERMANENT);
        assertThat(AwsError.of(error(Ec2Exception.builder(), "UnauthorizedOperation", 403, "no")).kind())
                .isEqualTo(PERMANENT);
        assertThat(AwsError.of(error(SsmException.builder(), "AccessDeniedException", 400, "no")).kind())
                .isEqualTo(PERMANENT);
        assertThat(AwsError.of(SdkClientException.create("Unable to load credentials")).kind()).isEqualTo(PERMANENT);
        AwsError bug = AwsError.of(new IllegalStateException("a bug"));
        assertThat(bug.kind()).isEqualTo(PERMANENT);
        assertThat(bug.describe()).isEqualTo("IllegalStateException: a bug");
    }

    @Test
    void completionAndExecutionExceptionsAreUnwrapped() {
        var throttled = error(Ec2Exception.builder(), "RequestLimitExceeded", 503, "slow down");
        AwsError e = AwsError.of(new CompletionException(new ExecutionException(throttled)));
        assertThat(e.kind()).isEqualTo(THROTTLING);
        assertThat(e.exception()).isSameAs(throttled);
    }

    @Test
    void anUnknownOutcomeIsNeverRetriedAgain() {
        AwsError cause = AwsError.of(Ec2Exception.builder().statusCode(500).build());
        AwsError e = AwsError.of(new CompletionException(new UnknownOutcomeException("ec2 RebootInstances", cause)));
        assertThat(e.kind()).isEqualTo(UNKNOWN_OUTCOME);
        assertThat(e.retryable()).isFalse();
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.message()).isEqualTo("ec2 RebootInstances: outcome unknown after HTTP 500 without an error code"
                + " (the request may have taken effect; describe before redoing it)");
    }
}
