package dev.fleetops.cloud;

import java.util.concurrent.CompletionStage;

/**
 * Other accounts and regions reached from a cloud, as SSM Automation reaches the locations of a multi-account,
 * multi-Region run ("AWS Systems Manager User Guide": "Running automations in multiple AWS Regions and accounts"):
 * the role {@code executionRoleName} of {@code account} assumed with this cloud's credentials (STS AssumeRole), in
 * {@code region}. AWS reaches them through STS; the simulator's are the Regions and accounts its scenario holds
 * ({@link Cloud#locations()}).
 */
@FunctionalInterface
public interface Locations {

    /** The role SSM assumes by default in each location ("Running automations in multiple AWS Regions and accounts"). */
    String DEFAULT_ROLE = "AWS-SystemsManager-AutomationExecutionRole";

    /**
     * A cloud in {@code region} with the credentials of role {@code executionRoleName} in {@code account}; fails
     * with the STS error when the role cannot be assumed. The caller closes it; closing it leaves this cloud open.
     */
    CompletionStage<Cloud> at(String account, String region, String executionRoleName);
}
