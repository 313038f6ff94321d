package dev.fleetops.sim.events;

import dev.fleetops.sim.api.SimErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.LimitExceededException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/** EventBridge's errors: modeled exception types with AWS's codes and messages. */
final class EventBridgeErrors {

    private EventBridgeErrors() { }

    static AwsServiceException invalidPattern(String reason) {
        return SimErrors.error(InvalidEventPatternException.builder(), "EventBridge", "InvalidEventPatternException",
                400, "Event pattern is not valid. Reason: " + reason);
    }

    static AwsServiceException ruleNotFound(String name) {
        return SimErrors.error(ResourceNotFoundException.builder(), "EventBridge", "ResourceNotFoundException", 400,
                "Rule " + name + " does not exist on EventBus default.");
    }

    static AwsServiceException busNotFound(String bus) {
        return SimErrors.error(ResourceNotFoundException.builder(), "EventBridge", "ResourceNotFoundException", 400,
                "Event bus " + bus + " does not exist.");
    }

    static AwsServiceException limitExceeded(String message) {
        return SimErrors.error(LimitExceededException.builder(), "EventBridge", "LimitExceededException", 400, message);
    }

    static AwsServiceException validation(String message) {
        return SimErrors.eventBridge("ValidationException", message);
    }

    /** The message the API's length constraints produce (Smithy validation). */
    static AwsServiceException lengthConstraint(String member, Object value, String constraint) {
        return validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }
}
