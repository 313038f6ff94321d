package dev.fleetops.cloud;

import java.net.URI;
import java.util.Optional;

/**
 * How to reach AWS: region, named profile, and one endpoint override for every service (a local emulator such
 * as moto). Empty values mean "the SDK's default chain".
 */
public record AwsSettings(Optional<String> region, Optional<String> profile, Optional<URI> endpoint) {

    public static AwsSettings defaults() {
        return new AwsSettings(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
