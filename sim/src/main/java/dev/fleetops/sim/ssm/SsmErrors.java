package dev.fleetops.sim.ssm;

import dev.fleetops.sim.api.SimErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ssm.model.ValidationException;

import java.util.Collection;

/** SSM's modeled errors, with the codes and message shapes its JSON API answers with. */
final class SsmErrors {

    private SsmErrors() { }

    static AwsServiceException of(AwsServiceException.Builder builder, String code, String message) {
        return SimErrors.error(builder, "Ssm", code, 400, message);
    }

    /** A request-shape violation, worded as AWS's request validator words it. */
    static AwsServiceException validation(String detail) {
        return of(ValidationException.builder(), "ValidationException", "1 validation error detected: " + detail);
    }

    static void required(String member, Object value) {
        if (value == null || (value instanceof String s && s.isEmpty())
                || (value instanceof Collection<?> c && c.isEmpty())) {
            throw validation("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        }
    }

    static void pattern(String member, String value, String regex) {
        if (value != null && !value.matches(regex)) {
            throw validation("Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must "
                    + "satisfy regular expression pattern: " + regex);
        }
    }

    static void range(String member, Integer value, int min, int max) {
        if (value == null) return;
        if (value < min) {
            throw validation("Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must "
                    + "have value greater than or equal to " + min);
        }
        if (value > max) {
            throw validation("Value '" + value + "' at '" + member + "' failed to satisfy constraint: Member must "
                    + "have value less than or equal to " + max);
        }
    }
}
