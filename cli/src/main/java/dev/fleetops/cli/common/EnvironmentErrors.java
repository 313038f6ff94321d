package dev.fleetops.cli.common;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.BindException;
import java.util.Optional;

/**
 * An AWS or network failure that reached the top of a command, as one line for exit code 3 (docs/aws.md): what
 * could not be reached or does not exist, never the SDK's exception text with its class names and stack.
 */
public final class EnvironmentErrors {

    private EnvironmentErrors() { }

    /** @param endpoint the --endpoint-url given, or null */
    public static Optional<String> describe(Throwable t, String endpoint) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BindException b) {
                return Optional.of("cannot listen on " + b.getMessage() + " (another process holds the port? change http.listen)");
            }
            if (c instanceof AwsServiceException e) return Optional.of(service(e));
            if (c instanceof SdkClientException e) {
                String where = endpoint != null ? endpoint + " (--endpoint-url)" : "the AWS endpoint";
                return Optional.of("cannot reach " + where + ": " + firstSentence(rootMessage(e))
                        + (endpoint != null ? "; is the service running there?" : "; check the network and --region"));
            }
        }
        return Optional.empty();
    }

    private static String service(AwsServiceException e) {
        var d = e.awsErrorDetails();
        String service = d != null && d.serviceName() != null ? d.serviceName() : "AWS";
        String code = d != null ? d.errorCode() : null;
        int status = e.statusCode();
        if (code != null && code.contains("QueueDoesNotExist") || code != null && code.contains("NonExistentQueue")) {
            return service + ": the queue does not exist (" + code + "); check the queue URL and the region";
        }
        if (code == null || code.isBlank()) {
            return service + " answered HTTP " + status + " without an error code (the request failed on the service's side)";
        }
        String message = d.errorMessage() != null ? d.errorMessage() : "";
        return service + ": " + code + (message.isBlank() ? "" : ": " + firstSentence(message)) + " (HTTP " + status + ")";
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        String m = c.getMessage() != null ? c.getMessage() : t.getMessage();
        return m != null ? m : c.getClass().getSimpleName();
    }

    private static String firstSentence(String s) {
        String line = s.lines().findFirst().orElse(s);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
