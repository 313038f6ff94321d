package dev.fleetops.retry;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * Asks the SDK's own standard retry strategy whether an error is retryable, so fleetops keeps no list of its own.
 * The lists behind it (retryable status codes 500/502/503/504, codes such as {@code InternalError} and
 * {@code RequestTimeout}, {@code IOException} and attempt timeouts, clock skew) are SDK-internal classes; the
 * strategy is the public way to reach them ("AWS SDK for Java 2.x Developer Guide: Retries"). Only its verdict is
 * used: its delays and token bucket are not (the bucket is disabled here; {@link Retrier} does the waiting).
 */
final class SdkRetryRules {

    private static final RetryStrategy STANDARD = AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .circuitBreakerEnabled(false)
            .maxAttempts(2)
            .build();

    private SdkRetryRules() { }

    /** Whether the SDK's standard mode would retry after {@code error} on a first attempt. */
    static boolean retryable(Throwable error) {
        var token = STANDARD.acquireInitialToken(AcquireInitialTokenRequest.create("fleetops")).token();
        try {
            STANDARD.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(error).build());
            return true;
        } catch (TokenAcquisitionFailedException e) {
            return false;
        }
    }
}
