package dev.fleetops.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.json.Json;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The reads whose requests for several resources can be one request, and how each caller's answer is cut back
 * out of the combined one:
 * <ul>
 *   <li>DescribeInstanceStatus (Amazon EC2 API Reference; InstanceIds, up to 100 per call) and DescribeTargetHealth
 *       (Elastic Load Balancing API Reference; Targets: Id, Port, AvailabilityZone): the request names the union of
 *       the callers' lists; each caller gets the entries for what it named, in its order;</li>
 *   <li>ListCommandInvocations (AWS Systems Manager API Reference) of one command with an {@code InvokedAfter}
 *       filter: one listing of every invocation since the earliest caller's {@code InvokedAfter} (pages of 50, the
 *       API's maximum) answers every command in flight; each caller gets its command's invocations, in the listing's
 *       order, and no NextToken (its own pages joined).</li>
 * </ul>
 */
enum CombinableRead {
    INSTANCE_STATUS("ec2", "DescribeInstanceStatus", "InstanceStatuses", false) {
        @Override
        boolean answers(JsonNode asked, JsonNode entry) {
            return asked.asText().equals(entry.path("InstanceId").asText());
        }
    },
    TARGET_HEALTH("elbv2", "DescribeTargetHealth", "TargetHealthDescriptions", false) {
        @Override
        boolean answers(JsonNode asked, JsonNode entry) {
            JsonNode target = entry.path("Target");
            if (!asked.path("Id").asText().equals(target.path("Id").asText())) return false;
            return !asked.has("Port") || asked.path("Port").asInt() == target.path("Port").asInt();
        }
    },
    COMMAND_INVOCATIONS("ssm", "ListCommandInvocations", "CommandInvocations", true) {
        @Override
        boolean combinable(JsonNode input) {
            if (!(input instanceof ObjectNode o) || !o.path("CommandId").isTextual()) return false;
            if (o.has("InstanceId") || o.has("MaxResults") || o.has("NextToken")) return false;
            return invokedAfter(o).isPresent();
        }

        @Override
        ObjectNode rest(JsonNode input) {
            ObjectNode rest = ((ObjectNode) input).deepCopy();
            rest.remove("CommandId");
            ArrayNode filters = rest.putArray("Filters");
            for (JsonNode f : input.path("Filters")) if (!f.path("key").asText().equals(INVOKED_AFTER)) filters.add(f.deepCopy());
            return rest;
        }

        @Override
        ObjectNode combined(ObjectNode rest, List<JsonNode> callers) {
            Instant earliest = null;
            for (JsonNode c : callers) {
                Instant t = invokedAfter(c).orElseThrow();
                if (earliest == null || t.isBefore(earliest)) earliest = t;
            }
            ObjectNode out = rest.deepCopy();
            ((ArrayNode) out.get("Filters")).addObject().put("key", INVOKED_AFTER).put("value", String.valueOf(earliest));
            return out.put("MaxResults", PAGE);
        }

        @Override
        boolean covers(JsonNode request, JsonNode caller) {
            if (request.has("CommandId")) return false; // a caller's own request answers no one else
            Optional<Instant> listed = invokedAfter(request);
            return listed.isPresent() && !invokedAfter(caller).orElseThrow().isBefore(listed.get());
        }

        @Override
        boolean answers(JsonNode caller, JsonNode entry) {
            if (!caller.path("CommandId").asText().equals(entry.path("CommandId").asText())) return false;
            try {
                return !Instant.parse(entry.path("RequestedDateTime").asText()).isBefore(invokedAfter(caller).orElseThrow());
            } catch (DateTimeParseException e) {
                return true; // no time to compare: the command id decides
            }
        }
    };

    /** At most this many resources in one listed call (DescribeInstanceStatus's documented limit, used for both). */
    static final int MAX_PER_CALL = 100;
    /** ListCommandInvocations: MaxResults is at most 50. */
    static final int PAGE = 50;
    static final String INVOKED_AFTER = "InvokedAfter";

    final String service;
    final String operation;
    final String resultMember;
    /** Whether the combined request is a listing followed page by page (NextToken). */
    final boolean paged;

    CombinableRead(String service, String operation, String resultMember, boolean paged) {
        this.service = service;
        this.operation = operation;
        this.resultMember = resultMember;
        this.paged = paged;
    }

    static Optional<CombinableRead> of(String service, String operation) {
        for (CombinableRead r : values()) {
            if (r.service.equalsIgnoreCase(service) && r.operation.equals(operation)) return Optional.of(r);
        }
        return Optional.empty();
    }

    /** Whether this request can be part of a combined one (it names its resources and asks for no page). */
    boolean combinable(JsonNode input) {
        if (!(input instanceof ObjectNode o) || o.has("MaxResults") || o.has("NextToken")) return false;
        JsonNode list = o.get(listMember());
        return list != null && list.isArray() && !list.isEmpty() && list.size() <= MAX_PER_CALL;
    }

    /** The request without what differs between callers: requests equal here can be one request. */
    ObjectNode rest(JsonNode input) {
        ObjectNode rest = ((ObjectNode) input).deepCopy();
        rest.remove(listMember());
        return rest;
    }

    /** One request answering every one of {@code callers} (their {@link #rest} is {@code rest}). */
    ObjectNode combined(ObjectNode rest, List<JsonNode> callers) {
        LinkedHashSet<JsonNode> items = new LinkedHashSet<>();
        for (JsonNode c : callers) c.get(listMember()).forEach(items::add);
        ObjectNode out = rest.deepCopy();
        ArrayNode list = out.putArray(listMember());
        items.forEach(list::add);
        return out;
    }

    /** Whether the answer to {@code request} (sent already) holds everything {@code caller} asks for. */
    boolean covers(JsonNode request, JsonNode caller) {
        LinkedHashSet<JsonNode> have = new LinkedHashSet<>();
        request.path(listMember()).forEach(have::add);
        for (JsonNode item : caller.path(listMember())) if (!have.contains(item)) return false;
        return true;
    }

    /** What the caller's own call would have returned: the entries it asked about, in its order. */
    JsonNode filter(JsonNode combinedResponse, JsonNode callerInput) {
        ObjectNode out = Json.object(); // the other members as they came, in place; the entries cut to the caller's
        combinedResponse.fields().forEachRemaining(f -> {
            if (f.getKey().equals(resultMember)) out.putArray(resultMember);
            else if (!f.getKey().equals("NextToken")) out.set(f.getKey(), f.getValue().deepCopy());
        });
        ArrayNode entries = out.withArray(resultMember);
        JsonNode all = combinedResponse.path(resultMember);
        if (paged) {
            for (JsonNode entry : all) if (answers(callerInput, entry)) entries.add(entry.deepCopy());
            return out;
        }
        for (JsonNode asked : callerInput.get(listMember())) {
            for (JsonNode entry : all) if (answers(asked, entry)) entries.add(entry.deepCopy());
        }
        return out;
    }

    /**
     * Whether {@code entry} of a combined answer answers {@code asked}: one item of the caller's list for listed
     * reads, the caller's whole request for a paged listing.
     */
    abstract boolean answers(JsonNode asked, JsonNode entry);

    String listMember() {
        return switch (this) {
            case INSTANCE_STATUS -> "InstanceIds";
            case TARGET_HEALTH -> "Targets";
            case COMMAND_INVOCATIONS -> "CommandId";
        };
    }

    static Optional<Instant> invokedAfter(JsonNode request) {
        for (JsonNode f : request.path("Filters")) {
            if (!f.path("key").asText().equals(INVOKED_AFTER)) continue;
            try {
                return Optional.of(Instant.parse(f.path("value").asText()));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
