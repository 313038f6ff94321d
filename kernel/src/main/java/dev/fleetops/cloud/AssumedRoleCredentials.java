package dev.fleetops.cloud;

import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The credentials of an assumed role ("AWS Security Token Service API Reference": AssumeRole), renewed with another
 * AssumeRole five minutes before they expire, on the cloud's clock. The first set is fetched asynchronously by
 * {@link #assume} (so a role that cannot be assumed fails the location, not a later call); a renewal blocks the
 * SDK's credential resolution, as the SDK's own providers do.
 */
final class AssumedRoleCredentials implements AwsCredentialsProvider {

    static final String SESSION_NAME = "fleetops-automation";
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final StsAsyncClient sts;
    private final String roleArn;
    private final Scheduler clock;
    private AwsSessionCredentials current;
    private Instant expires;

    private AssumedRoleCredentials(StsAsyncClient sts, String roleArn, Scheduler clock) {
        this.sts = sts;
        this.roleArn = roleArn;
        this.clock = clock;
    }

    /** Assumes {@code roleArn} once; completes with a provider holding those credentials. */
    static CompletableFuture<AssumedRoleCredentials> assume(StsAsyncClient sts, String roleArn, Scheduler clock) {
        AssumedRoleCredentials p = new AssumedRoleCredentials(sts, roleArn, clock);
        return p.request().thenApply(r -> {
            p.keep(r.credentials());
            return p;
        });
    }

    private CompletableFuture<AssumeRoleResponse> request() {
        return sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName(SESSION_NAME));
    }

    private void keep(Credentials c) {
        current = AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
        expires = c.expiration();
    }

    @Override
    public synchronized AwsCredentials resolveCredentials() {
        if (expires != null && !clock.now().isBefore(expires.minus(RENEW_BEFORE))) keep(request().join().credentials());
        return current;
    }

    @Override
    public String toString() {
        return "AssumedRoleCredentials[" + roleArn + "]";
    }
}
