package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.iam.IamPolicy;

import java.util.HashSet;
import java.util.Optional;
import java.util.List;
import java.util.Set;

/**
 * The API call of an API-style step ({@code aws:executeAwsApi}, {@code aws:assertAwsResourceProperty},
 * {@code aws:waitForAwsResourceProperty}): {@code Service} (boto3 client name), {@code Api} (operation), and the
 * operation's members as the remaining inputs.
 */
record ApiRequest(String service, String api, ObjectNode members) {

    /** The API the step names, as an IAM action; a Service or Api set at run time is left out, with a note. */
    static final ActionDefinition.Permissions PERMISSIONS = (s, documents) -> {
        Optional<String> service = s.literalInput("Service");
        Optional<String> api = s.literalInput("Api");
        if (service.isPresent() && api.isPresent()) {
            return new ActionDefinition.Permissions.Needed(List.of(IamPolicy.iamAction(service.get(), api.get())), List.of());
        }
        return new ActionDefinition.Permissions.Needed(List.of(),
                List.of("Service or Api is set at run time; its permission is not included"));
    };

    static ApiRequest from(Inputs in, String... controlInputs) {
        Set<String> control = new HashSet<>(List.of(controlInputs));
        control.add("Service");
        control.add("Api");
        return new ApiRequest(in.string("Service"), in.string("Api"), in.without(control));
    }

    @Override
    public String toString() {
        return service + " " + api;
    }
}
