package dev.fleetops.cloud.api;

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
 * Turns SDK response objects into JSON with the API's member names ({@code TargetHealthDescriptions}), as boto3
 * (and so SSM's selectors) sees them: unset members are absent, enums are their wire strings, timestamps are
 * ISO-8601 strings, blobs base64.
 */
public final class ResponseMapper {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ResponseMapper() { }

    public static ObjectNode toJson(SdkPojo pojo) {
        ObjectNode o = F.objectNode();
        for (SdkField<?> f : pojo.sdkFields()) {
            JsonNode v = value(f.getValueOrDefault(pojo));
            if (v != null) o.set(f.memberName(), v);
        }
        return o;
    }

    private static JsonNode value(Object v) {
        if (v == null || v instanceof SdkAutoConstructList<?> || v instanceof SdkAutoConstructMap<?, ?>) return null;
        if (v instanceof SdkPojo p) return toJson(p);
        if (v instanceof String s) return F.textNode(s);
        if (v instanceof Boolean b) return F.booleanNode(b);
        if (v instanceof Integer i) return F.numberNode(i);
        if (v instanceof Long l) return F.numberNode(l);
        if (v instanceof Short s) return F.numberNode(s);
        if (v instanceof Byte b) return F.numberNode(b);
        if (v instanceof Float fl) return F.numberNode(fl);
        if (v instanceof Double d) return F.numberNode(d);
        if (v instanceof BigDecimal d) return F.numberNode(d);
        if (v instanceof Instant t) return F.textNode(t.toString());
        if (v instanceof SdkBytes b) return F.textNode(Base64.getEncoder().encodeToString(b.asByteArrayUnsafe()));
        if (v instanceof Document d) return document(d);
        if (v instanceof List<?> l) {
            ArrayNode a = F.arrayNode();
            for (Object item : l) {
                JsonNode j = value(item);
                a.add(j == null ? F.nullNode() : j);
            }
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = F.objectNode();
            m.forEach((k, val) -> {
                JsonNode j = value(val);
                o.set(String.valueOf(k), j == null ? F.nullNode() : j);
            });
            return o;
        }
        return F.textNode(v.toString());
    }

    private static JsonNode document(Document d) {
        if (d.isNull()) return F.nullNode();
        if (d.isBoolean()) return F.booleanNode(d.asBoolean());
        if (d.isNumber()) return F.numberNode(d.asNumber().bigDecimalValue());
        if (d.isString()) return F.textNode(d.asString());
        if (d.isList()) {
            ArrayNode a = F.arrayNode();
            d.asList().forEach(i -> a.add(document(i)));
            return a;
        }
        ObjectNode o = F.objectNode();
        d.asMap().forEach((k, v) -> o.set(k, document(v)));
        return o;
    }
}
