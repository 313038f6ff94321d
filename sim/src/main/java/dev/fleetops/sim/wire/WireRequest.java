package dev.fleetops.sim.wire;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the codecs see it: method, path, query string, headers (names in lower case) and body.
 * Form parameters are the query string's and, for a form-encoded POST, the body's (the query protocols accept both);
 * one that is not URL-encoded is {@code MalformedQueryString}, as the query APIs' "Common Errors" name it.
 */
record WireRequest(String method, String path, String query, Map<String, String> headers, byte[] body) {

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The form parameters, in the order sent. */
    Map<String, String> form() {
        Map<String, String> params = new LinkedHashMap<>();
        parse(query, params);
        String type = header("content-type");
        if (type == null || type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            parse(bodyText(), params);
        }
        return params;
    }

    /** A query-string or form body parameter ({@code Action}, {@code seconds}), or null. */
    String param(String name) {
        return form().get(name);
    }

    private static void parse(String s, Map<String, String> into) {
        if (s == null || s.isEmpty()) return;
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                into.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) { // a '%' not followed by two hex digits
                throw new BadRequest("MalformedQueryString", "The query string contains a syntax error: " + pair);
            }
        }
    }
}
