package dev.fleetops.sim.wire;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An HTTP answer: status, content type, body and any further headers. */
record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

    static Answer of(int status, String contentType, String body) {
        return new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Answer of(int status, String contentType, byte[] body) {
        return new Answer(status, contentType, body, Map.of());
    }

    Answer with(String header, String value) {
        var h = new java.util.LinkedHashMap<>(headers);
        h.put(header, value);
        return new Answer(status, contentType, body, Map.copyOf(h));
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
