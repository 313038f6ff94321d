package dev.fleetops.sim.ec2;

import dev.fleetops.sim.api.SimErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.util.List;
import java.util.regex.Pattern;

/** EC2's error codes and message texts for the requests this simulator validates. */
final class Ec2Errors {

    private static final Pattern INSTANCE_ID = Pattern.compile("i-([0-9a-f]{8}|[0-9a-f]{17})");

    private Ec2Errors() { }

    static AwsServiceException error(String code, String message) {
        return SimErrors.ec2(code, message);
    }

    static AwsServiceException missing(String parameter) {
        return error("MissingParameter", "The request must contain the parameter " + parameter);
    }

    static AwsServiceException invalidValue(String message) {
        return error("InvalidParameterValue", message);
    }

    static AwsServiceException combination(String message) {
        return error("InvalidParameterCombination", message);
    }

    static void checkInstanceIdShape(String id) {
        if (id == null || !INSTANCE_ID.matcher(id).matches()) {
            throw error("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\" (expecting \"i-...\")");
        }
    }

    /** AWS names every unknown id of the call in one error. */
    static AwsServiceException notFound(List<String> ids) {
        return ids.size() == 1
                ? error("InvalidInstanceID.NotFound", "The instance ID '" + ids.get(0) + "' does not exist")
                : error("InvalidInstanceID.NotFound", "The instance IDs '" + String.join(", ", ids) + "' do not exist");
    }

    static AwsServiceException incorrectState(String id, String verb) {
        return error("IncorrectInstanceState",
                "The instance '" + id + "' is not in a state from which it can be " + verb + ".");
    }
}
