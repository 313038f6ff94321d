package dev.fleetops.sim.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cloud.api.MemberKind;
import dev.fleetops.json.Documents;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.traits.TimestampFormatTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS JSON protocols (1.0 and 1.1: SQS, SSM, EventBridge) by the model's field metadata: members under their
 * serialized names, timestamps as epoch seconds (unless the member says otherwise), blobs in base64. Decoding is
 * strict about types, as the services are: a string where a number belongs is a {@code SerializationException}.
 */
final class JsonCodec {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String SERIALIZATION = "SerializationException";

    private JsonCodec() { }

    static Object decode(JsonNode body, SdkPojo builder) {
        fill(builder, body, "");
        return ((SdkBuilder<?, ?>) builder).build();
    }

    private static void fill(SdkPojo builder, JsonNode obj, String path) {
        if (obj == null || obj.isNull()) return;
        if (!obj.isObject()) throw bad(path, "a structure", obj);
        for (SdkField<?> f : builder.sdkFields()) {
            JsonNode v = obj.get(f.locationName());
            if (v == null || v.isNull()) continue;
            f.set(builder, value(f, v, path.isEmpty() ? f.locationName() : path + "." + f.locationName()));
        }
    }

    private static Object value(SdkField<?> f, JsonNode v, String path) {
        MemberKind kind = Values.kind(f);
        switch (kind) {
            case STRING:
                if (!v.isTextual()) throw bad(path, kind.description(), v);
                return v.textValue();
            case BOOLEAN:
                if (!v.isBoolean()) throw bad(path, kind.description(), v);
                return v.booleanValue();
            case INTEGER, LONG, SHORT, BYTE:
                if (!v.isIntegralNumber()) throw bad(path, kind.description(), v);
                return switch (kind) {
                    case INTEGER -> v.intValue();
                    case SHORT -> v.shortValue();
                    case BYTE -> (byte) v.intValue();
                    default -> v.longValue();
                };
            case FLOAT, DOUBLE, DECIMAL:
                if (!v.isNumber()) throw bad(path, kind.description(), v);
                return kind == MemberKind.FLOAT ? v.floatValue() : kind == MemberKind.DOUBLE ? v.doubleValue() : v.decimalValue();
            case TIMESTAMP:
                if (v.isNumber()) return Values.fromEpochSeconds(v.decimalValue());
                if (v.isTextual()) return Values.parse(f, v.textValue(), path, SERIALIZATION);
                throw bad(path, kind.description(), v);
            case BLOB:
                if (!v.isTextual()) throw bad(path, kind.description(), v);
                return Values.parse(f, v.textValue(), path, SERIALIZATION);
            case DOCUMENT:
                return Documents.fromJson(v);
            case LIST: {
                if (!v.isArray()) throw bad(path, kind.description(), v);
                SdkField<?> member = f.getRequiredTrait(ListTrait.class).memberFieldInfo();
                List<Object> out = new ArrayList<>(v.size());
                for (int i = 0; i < v.size(); i++) {
                    out.add(v.get(i).isNull() ? null : value(member, v.get(i), path + "[" + i + "]"));
                }
                return out;
            }
            case MAP: {
                if (!v.isObject()) throw bad(path, kind.description(), v);
                SdkField<?> value = f.getRequiredTrait(MapTrait.class).valueFieldInfo();
                Map<String, Object> out = new LinkedHashMap<>();
                v.fields().forEachRemaining(e -> out.put(e.getKey(),
                        e.getValue().isNull() ? null : value(value, e.getValue(), path + "." + e.getKey())));
                return out;
            }
            default: { // STRUCTURE
                SdkPojo b = f.constructor().get();
                fill(b, v, path);
                return ((SdkBuilder<?, ?>) b).build();
            }
        }
    }

    private static BadRequest bad(String path, String expected, JsonNode got) {
        return new BadRequest(SERIALIZATION, "Cannot read " + path + ": expected " + expected + ", got "
                + (got.isTextual() ? "a string" : got.isObject() ? "an object" : got.isArray() ? "a list" : got.toString()));
    }

    static ObjectNode encode(SdkPojo pojo) {
        ObjectNode o = F.objectNode();
        for (SdkField<?> f : pojo.sdkFields()) {
            Object v = f.getValueOrDefault(pojo);
            if (v == null || v instanceof SdkAutoConstructList<?> || v instanceof SdkAutoConstructMap<?, ?>) continue;
            o.set(f.locationName(), json(f, v));
        }
        return o;
    }

    private static JsonNode json(SdkField<?> f, Object v) {
        if (v == null) return F.nullNode();
        if (v instanceof SdkPojo p) return encode(p);
        if (v instanceof String s) return F.textNode(s);
        if (v instanceof Boolean b) return F.booleanNode(b);
        if (v instanceof Integer i) return F.numberNode(i);
        if (v instanceof Long l) return F.numberNode(l);
        if (v instanceof Short s) return F.numberNode(s);
        if (v instanceof Byte b) return F.numberNode(b);
        if (v instanceof Double d) return F.numberNode(d);
        if (v instanceof Float x) return F.numberNode(x);
        if (v instanceof BigDecimal d) return F.numberNode(d);
        if (v instanceof Instant t) {
            TimestampFormatTrait.Format format = Values.format(f, TimestampFormatTrait.Format.UNIX_TIMESTAMP);
            return format == TimestampFormatTrait.Format.UNIX_TIMESTAMP ? F.numberNode(Values.epochSeconds(t))
                    : F.textNode(Values.time(t, format));
        }
        if (v instanceof SdkBytes b) return F.textNode(Base64.getEncoder().encodeToString(b.asByteArrayUnsafe()));
        if (v instanceof Document d) return Documents.toJson(d);
        if (v instanceof List<?> list) {
            SdkField<?> member = f.getRequiredTrait(ListTrait.class).memberFieldInfo();
            ArrayNode a = F.arrayNode(list.size());
            for (Object item : list) a.add(json(member, item));
            return a;
        }
        if (v instanceof Map<?, ?> map) {
            SdkField<?> value = f.getRequiredTrait(MapTrait.class).valueFieldInfo();
            ObjectNode o = F.objectNode();
            map.forEach((k, item) -> o.set(String.valueOf(k), json(value, item)));
            return o;
        }
        throw new IllegalStateException("no JSON form for " + v.getClass().getName() + " in " + f.memberName());
    }
}
