package dev.fleetops.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.utils.builder.SdkBuilder;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds SDK request objects from JSON with the API's member names, converting values as the model says: SSM
 * passes most values as strings, so "8080" becomes an integer, "True" a boolean, "2024-01-01T00:00:00Z" a
 * timestamp. A scalar given where a list is expected becomes a one-element list (SSM's interpolation of a
 * single value into a list member).
 */
public final class RequestMapper {

    private RequestMapper() { }

    /** The built request of {@code op} from {@code input} (an object, or null/missing for no members). */
    public static Object request(Operation op, JsonNode input) {
        Shape shape = op.input();
        SdkPojo builder = (SdkPojo) op.newRequestBuilder();
        fill(op.toString(), shape, builder, input, "");
        return ((SdkBuilder<?, ?>) builder).build();
    }

    /**
     * The response object of {@code op} rebuilt from its JSON ({@link dev.fleetops.json.SdkJson#toJson}): what a
     * journal recorded of a call, given back to its caller instead of sending the call again.
     */
    public static Object response(Operation op, JsonNode output) {
        Shape shape = op.output();
        SdkPojo builder = shape.newBuilder();
        fill(op + " response", shape, builder, output, "");
        return ((SdkBuilder<?, ?>) builder).build();
    }

    private static void fill(String where, Shape shape, SdkPojo builder, JsonNode obj, String path) {
        if (obj == null || obj.isNull() || obj.isMissingNode()) return;
        if (!obj.isObject()) throw new ApiModelException(path, at(path) + "expected a structure, got " + kind(obj));
        var it = obj.fields();
        while (it.hasNext()) {
            var e = it.next();
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            Member m = shape.member(e.getKey()).orElseThrow(() -> new ApiModelException(p,
                    where + (shape.name().endsWith("Request") ? "" : " " + shape.name()) + " has no input member "
                            + e.getKey() + shape.suggest(e.getKey())));
            Object v = value(where, m, e.getValue(), p);
            if (v != null) m.field().set(builder, v);
        }
    }

    /**
     * Checks that {@code value} (a literal, no interpolation) fits {@code member}: the conversion a call would do.
     * Throws {@link ApiModelException} naming what is wrong; {@code path} prefixes the message.
     */
    public static void check(String where, Member member, JsonNode value, String path) {
        value(where, member, value, path);
    }

    static Object value(String where, Member m, JsonNode v, String path) {
        if (v == null || v.isNull()) return null;
        return switch (m.kind()) {
            case STRING -> text(m, v, path);
            case INTEGER -> (int) integer(m, v, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case LONG -> integer(m, v, path, Long.MIN_VALUE, Long.MAX_VALUE);
            case SHORT -> (short) integer(m, v, path, Short.MIN_VALUE, Short.MAX_VALUE);
            case BYTE -> (byte) integer(m, v, path, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case FLOAT -> decimal(m, v, path).floatValue();
            case DOUBLE -> decimal(m, v, path).doubleValue();
            case DECIMAL -> decimal(m, v, path);
            case BOOLEAN -> bool(m, v, path);
            case TIMESTAMP -> timestamp(m, v, path);
            case BLOB -> SdkBytes.fromUtf8String(text(m, v, path));
            case DOCUMENT -> dev.fleetops.json.Documents.fromJson(v);
            case LIST -> {
                Member element = m.element();
                List<Object> out = new ArrayList<>();
                if (v.isArray()) {
                    for (int i = 0; i < v.size(); i++) out.add(value(where, element, v.get(i), path + "[" + i + "]"));
                } else {
                    out.add(value(where, element, v, path + "[0]"));
                }
                yield out;
            }
            case MAP -> {
                if (!v.isObject()) throw new ApiModelException(path, at(path) + "expected a map, got " + kind(v));
                Member value = m.mapValue();
                Map<String, Object> out = new LinkedHashMap<>();
                v.fields().forEachRemaining(e -> out.put(e.getKey(), value(where, value, e.getValue(), path + "." + e.getKey())));
                yield out;
            }
            case STRUCTURE -> {
                Shape s = m.structure();
                SdkPojo b = s.newBuilder();
                fill(where, s, b, v, path);
                yield ((SdkBuilder<?, ?>) b).build();
            }
        };
    }

    private static String text(Member m, JsonNode v, String path) {
        if (v.isValueNode()) return v.asText();
        throw new ApiModelException(path, at(path) + "expected a string, got " + kind(v));
    }

    private static long integer(Member m, JsonNode v, String path, long min, long max) {
        try {
            if (v.isIntegralNumber() || v.isTextual()) {
                long n = v.isTextual() ? Long.parseLong(v.asText().trim()) : v.longValue();
                if (n >= min && n <= max) return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw new ApiModelException(path, at(path) + "expected an integer, got " + show(v));
    }

    private static BigDecimal decimal(Member m, JsonNode v, String path) {
        try {
            if (v.isNumber()) return v.decimalValue();
            if (v.isTextual()) return new BigDecimal(v.asText().trim());
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw new ApiModelException(path, at(path) + "expected a number, got " + show(v));
    }

    private static boolean bool(Member m, JsonNode v, String path) {
        if (v.isBoolean()) return v.booleanValue();
        if (v.isTextual()) {
            String s = v.asText().trim().toLowerCase(Locale.ROOT);
            if (s.equals("true")) return true;
            if (s.equals("false")) return false;
        }
        throw new ApiModelException(path, at(path) + "expected true or false, got " + show(v));
    }

    private static Instant timestamp(Member m, JsonNode v, String path) {
        if (v.isNumber()) return Instant.ofEpochMilli(v.decimalValue().movePointRight(3).longValue());
        if (v.isTextual()) {
            String s = v.asText().trim();
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.ofEpochMilli(new BigDecimal(s).movePointRight(3).longValue());
                } catch (NumberFormatException e2) {
                    // falls through to the error
                }
            }
        }
        throw new ApiModelException(path, at(path) + "expected a timestamp (ISO-8601 or epoch seconds), got " + show(v));
    }

    private static String at(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    private static String kind(JsonNode v) {
        if (v.isObject()) return "a structure";
        if (v.isArray()) return "a list";
        return show(v);
    }

    private static String show(JsonNode v) {
        return v.isTextual() ? "\"" + v.asText() + "\"" : v.toString();
    }
}
