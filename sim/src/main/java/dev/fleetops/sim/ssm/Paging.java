package dev.fleetops.sim.ssm;

import software.amazon.awssdk.services.ssm.model.InvalidNextTokenException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** MaxResults / NextToken over a list; tokens are opaque to callers and rejected when not ours. */
record Paging<T>(List<T> page, String nextToken) {

    static <T> Paging<T> of(List<T> all, Integer maxResults, int min, int max, int defaultSize, String token) {
        SsmErrors.range("maxResults", maxResults, min, max);
        int size = maxResults == null ? defaultSize : maxResults;
        int from = 0;
        if (token != null && !token.isEmpty()) {
            try {
                String text = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
                if (!text.startsWith("sim-ssm:")) throw new IllegalArgumentException();
                from = Integer.parseInt(text.substring("sim-ssm:".length()));
                if (from < 0 || from > all.size()) throw new IllegalArgumentException();
            } catch (IllegalArgumentException e) {
                throw SsmErrors.of(InvalidNextTokenException.builder(), "InvalidNextToken",
                        "The specified token isn't valid.");
            }
        }
        int to = Math.min(all.size(), from + size);
        String next = to < all.size()
                ? Base64.getEncoder().encodeToString(("sim-ssm:" + to).getBytes(StandardCharsets.UTF_8)) : null;
        return new Paging<>(all.subList(from, to), next);
    }
}
