package dev.fleetops.cloud;

/**
 * The environment cannot reach AWS as asked: no region, a profile that does not exist, no credentials. Not a bug
 * and not the user's input: the message says what is missing and how to provide it, as the AWS CLI does; the CLI
 * answers it with its own exit code (docs/cli.md, "Exit codes") and no stack trace.
 */
public final class CloudSetupException extends RuntimeException {
    public CloudSetupException(String message) {
        super(message, null, false, false);
    }
}
