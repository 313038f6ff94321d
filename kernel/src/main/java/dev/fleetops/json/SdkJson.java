package dev.fleetops.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * SDK v2 model objects as JSON with the API's own member names ({@code Reservations}, {@code TargetHealth}),
 * the shape AWS CLI and boto3 print and SSM selectors expect. Members never set are omitted, as the API omits them.
 */
public final class SdkJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SdkJson() { }

    public static ObjectNode toJson(SdkPojo pojo) {
        ObjectNode o = F.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object v = field.getValueOrDefault(pojo);
            JsonNode n = value(v);
            if (n != null) o.set(field.memberName(), n);
        }
        return o;
    }

    /** Several model objects under one member name, e.g. {@code {"AutoScalingGroups": [...]}}. */
    public static ObjectNode wrap(String member, List<? extends SdkPojo> items) {
        ObjectNode o = F.objectNode();
        ArrayNode a = o.putArray(member);
        items.forEach(i -> a.add(toJson(i)));
        return o;
    }

    static JsonNode value(Object v) {
        if (v == null || v instanceof SdkAutoConstructList<?> || v instanceof SdkAutoConstructMap<?, ?>) return null;
        if (v instanceof SdkPojo p) return toJson(p);
        if (v instanceof String s) return F.textNode(s);
        if (v instanceof Boolean b) return F.booleanNode(b);
        if (v instanceof Integer i) return F.numberNode(i);
        if (v instanceof Long l) return F.numberNode(l);
        if (v instanceof Double d) return F.numberNode(d);
        if (v instanceof Float f) return F.numberNode(f);
        if (v instanceof Short s) return F.numberNode(s);
        if (v instanceof BigDecimal d) return F.numberNode(d);
        if (v instanceof Instant t) return F.textNode(t.toString());
        if (v instanceof SdkBytes b) return F.textNode(Base64.getEncoder().encodeToString(b.asByteArrayUnsafe()));
        if (v instanceof Document d) return Documents.toJson(d);
        if (v instanceof List<?> list) {
            ArrayNode a = F.arrayNode();
            for (Object item : list) {
                JsonNode n = value(item);
                a.add(n == null ? F.nullNode() : n);
            }
            return a;
        }
        if (v instanceof Map<?, ?> map) {
            ObjectNode o = F.objectNode();
            map.forEach((k, item) -> {
                JsonNode n = value(item);
                if (n != null) o.set(String.valueOf(k), n);
            });
            return o;
        }
        return F.textNode(String.valueOf(v));
    }
}
