package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The API call of an API-style step ({@code aws:executeAwsApi}, {@code aws:assertAwsResourceProperty},
 * {@code aws:waitForAwsResourceProperty}): {@code Service} (boto3 client name), {@code Api} (operation), and the
 * operation's members as the remaining inputs.
 */
record ApiRequest(String service, String api, ObjectNode members) {

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
