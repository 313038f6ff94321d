package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.runbook.action.ActionContext;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Every page of a list operation that pages with {@code NextToken}, its items concatenated. */
final class Paged {

    private Paged() { }

    /** @param member the list member of each page, e.g. {@code CommandInvocations}; errors stay the SDK's */
    static CompletionStage<ArrayNode> all(ActionContext ctx, String service, String operation, ObjectNode input,
                                          String member) {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        return page(ctx, service, operation, input, member, items, 0);
    }

    private static CompletionStage<ArrayNode> page(ActionContext ctx, String service, String operation,
                                                   ObjectNode input, String member, ArrayNode items, int pages) {
        return Calls.raw(ctx, service, operation, input).thenCompose(response -> {
            JsonNode list = response.path(member);
            if (list.isArray()) items.addAll((ArrayNode) list);
            String next = response.path("NextToken").asText("");
            if (next.isEmpty() || pages >= 1000) return CompletableFuture.completedFuture(items);
            ObjectNode more = input.deepCopy();
            more.put("NextToken", next);
            return page(ctx, service, operation, more, member, items, pages + 1);
        });
    }
}
