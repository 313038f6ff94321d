package dev.fleetops.cloud;

import java.net.URI;
import java.util.Optional;

/**
 * How to reach AWS: region, named profile, and one endpoint override for every service (a local emulator such
 * as moto). Empty values mean "the SDK's default chain". {@code retries} false turns the SDK's retry policy off,
 * so that an emulator's gaps (moto answers unimplemented operations with HTTP 500) fail at once and clearly.
 */
public record AwsSettings(Optional<String> region, Optional<String> profile, Optional<URI> endpoint,
                          boolean retries) {

    public AwsSettings(Optional<String> region, Optional<String> profile, Optional<URI> endpoint) {
        this(region, profile, endpoint, true);
    }

    public static AwsSettings defaults() {
        return new AwsSettings(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public AwsSettings withRetries(boolean on) {
        return new AwsSettings(region, profile, endpoint, on);
    }
}
