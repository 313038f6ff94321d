package dev.fleetops.retry;

import java.time.Duration;

/**
 * A retry about to be scheduled: after {@code error}, retry number {@code retry} of at most {@code maxRetries}
 * will start in {@code delay}.
 *
 * @param operation what is retried ("Ec2 DescribeInstances"), empty when the caller did not say
 */
public record RetryEvent(String operation, int retry, int maxRetries, Duration delay, AwsError error) {

    /** "Ec2 DescribeInstances: RequestLimitExceeded (HTTP 503), retry 2 of 4 in 800 ms". */
    @Override
    public String toString() {
        return (operation.isEmpty() ? "" : operation + ": ") + error.label() + ", retry " + retry + " of " + maxRetries
                + " in " + delay.toMillis() + " ms";
    }
}
