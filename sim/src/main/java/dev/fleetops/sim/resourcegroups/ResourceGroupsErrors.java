package dev.fleetops.sim.resourcegroups;

import dev.fleetops.sim.api.SimErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.resourcegroups.model.BadRequestException;
import software.amazon.awssdk.services.resourcegroups.model.NotFoundException;

/** Resource Groups' errors: its modeled exceptions and codes ("AWS Resource Groups API Reference": Common errors). */
final class ResourceGroupsErrors {

    private ResourceGroupsErrors() { }

    static AwsServiceException notFound(String message) {
        return SimErrors.error(NotFoundException.builder(), "ResourceGroups", "NotFoundException", 404, message);
    }

    static AwsServiceException badRequest(String message) {
        return SimErrors.error(BadRequestException.builder(), "ResourceGroups", "BadRequestException", 400, message);
    }
}
