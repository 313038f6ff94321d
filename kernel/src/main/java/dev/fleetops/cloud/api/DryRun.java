package dev.fleetops.cloud.api;

import dev.fleetops.cloud.Cloud;

import java.util.function.Consumer;

/**
 * A dry run ({@code serve --dry-run}): a {@link Cloud} whose reads go through and whose mutating calls answer
 * without being sent. What would have been sent is handed to a sink, one {@link Call} each. The rule is
 * {@link Operation#readOnly}: Describe*, Get* and List* are reads, everything else mutates.
 * A mutating call answers with an empty response of its type, as a call that succeeded and returned nothing.
 */
public final class DryRun {

    private DryRun() { }

    /**
     * A call that was not sent.
     *
     * @param request the request as the SDK prints it: {@code DetachInstancesRequest(AutoScalingGroupName=web, ...)}
     */
    public record Call(String service, String operation, String request) {

        /** "would DetachInstances (autoscaling) AutoScalingGroupName=web, InstanceIds=[i-...]" */
        public String describe() {
            int open = request.indexOf('(');
            String args = open < 0 || !request.endsWith(")") ? request : request.substring(open + 1, request.length() - 1);
            return "would " + operation + " (" + service + ")" + (args.isEmpty() ? "" : " " + args);
        }
    }

    /** {@code cloud} with every client wrapped; closing the result closes {@code cloud}. */
    public static Cloud of(Cloud cloud, Consumer<Call> sink) {
        return new DryRunCloud(cloud, sink);
    }
}
