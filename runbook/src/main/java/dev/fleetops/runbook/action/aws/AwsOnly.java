package dev.fleetops.runbook.action.aws;

import java.util.Optional;

/** Why the plain API-plus-wait actions do not run on the simulated region. */
final class AwsOnly {

    static final String NO_CLOUDFORMATION = "the simulated region does not model CloudFormation; "
            + "this action runs against AWS (--cloud aws)";
    static final String NO_IMAGES = "the simulated region does not model AMIs (CreateImage, CopyImage, "
            + "DeregisterImage); this action runs against AWS (--cloud aws)";
    static final String NO_LAMBDA = "the simulated region does not model Lambda; this action runs against AWS "
            + "(--cloud aws)";

    private AwsOnly() { }

    static Optional<String> unless(boolean simulated, String reason) {
        return simulated ? Optional.of(reason) : Optional.empty();
    }
}
