package dev.fleetops.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.json.Json;

import java.util.List;
import java.util.Optional;

/**
 * The reads whose requests for several resources can be one request: the request's list member is the union of
 * the callers' lists, and each caller's answer is the combined answer's entries for the resources it named, in the
 * order it named them. Amazon EC2 API Reference: DescribeInstanceStatus (InstanceIds, up to 100 ids per call);
 * Elastic Load Balancing API Reference: DescribeTargetHealth (Targets: Id, Port, AvailabilityZone).
 */
enum CombinableRead {
    INSTANCE_STATUS("ec2", "DescribeInstanceStatus", "InstanceIds", "InstanceStatuses", List.of("MaxResults", "NextToken")) {
        @Override
        boolean answers(JsonNode asked, JsonNode entry) {
            return asked.asText().equals(entry.path("InstanceId").asText());
        }
    },
    TARGET_HEALTH("elbv2", "DescribeTargetHealth", "Targets", "TargetHealthDescriptions", List.of()) {
        @Override
        boolean answers(JsonNode asked, JsonNode entry) {
            JsonNode target = entry.path("Target");
            if (!asked.path("Id").asText().equals(target.path("Id").asText())) return false;
            return !asked.has("Port") || asked.path("Port").asInt() == target.path("Port").asInt();
        }
    };

    /** At most this many resources in one combined call (DescribeInstanceStatus's documented limit, used for both). */
    static final int MAX_PER_CALL = 100;

    final String service;
    final String operation;
    final String listMember;
    final String resultMember;
    private final List<String> paging;

    CombinableRead(String service, String operation, String listMember, String resultMember, List<String> paging) {
        this.service = service;
        this.operation = operation;
        this.listMember = listMember;
        this.resultMember = resultMember;
        this.paging = paging;
    }

    static Optional<CombinableRead> of(String service, String operation) {
        for (CombinableRead r : values()) {
            if (r.service.equalsIgnoreCase(service) && r.operation.equals(operation)) return Optional.of(r);
        }
        return Optional.empty();
    }

    /** Whether this request names its resources (a non-empty list) and asks for no page: then it can be combined. */
    boolean combinable(JsonNode input) {
        if (!(input instanceof ObjectNode o)) return false;
        for (String p : paging) if (o.has(p)) return false;
        JsonNode list = o.get(listMember);
        return list != null && list.isArray() && !list.isEmpty() && list.size() <= MAX_PER_CALL;
    }

    /** The request without its list: requests equal here differ only in the resources they name. */
    ObjectNode rest(JsonNode input) {
        ObjectNode rest = ((ObjectNode) input).deepCopy();
        rest.remove(listMember);
        return rest;
    }

    /** One request naming {@code items} (already without repeats), the rest as the callers asked. */
    ObjectNode combined(ObjectNode rest, List<JsonNode> items) {
        ObjectNode out = rest.deepCopy();
        ArrayNode list = out.putArray(listMember);
        items.forEach(list::add);
        return out;
    }

    /** What the caller's own call would have returned: the entries for the resources it asked about, in its order. */
    JsonNode filter(JsonNode combinedResponse, JsonNode callerInput) {
        ObjectNode out = combinedResponse instanceof ObjectNode o ? o.deepCopy() : Json.object();
        ArrayNode entries = out.putArray(resultMember);
        JsonNode all = combinedResponse.path(resultMember);
        for (JsonNode asked : callerInput.get(listMember)) {
            for (JsonNode entry : all) {
                if (answers(asked, entry)) entries.add(entry.deepCopy());
            }
        }
        return out;
    }

    abstract boolean answers(JsonNode asked, JsonNode entry);
}
