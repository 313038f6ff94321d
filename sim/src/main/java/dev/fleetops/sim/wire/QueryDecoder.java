package dev.fleetops.sim.wire;

import dev.fleetops.cloud.api.MemberKind;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Form parameters of the query protocols into an SDK request, by the model's field metadata alone. AWS query
 * ("AWS query protocol" in the Smithy docs): structures as {@code Name.Member}, lists as {@code Name.member.N}
 * (or {@code Name.N} when flattened), maps as {@code Name.entry.N.key}/{@code .value}, an empty list as
 * {@code Name=}. EC2 ("EC2 query protocol"): every list is flattened ({@code Filter.1.Value.1},
 * {@code InstanceId.1}). Timestamps are ISO 8601 unless the member says otherwise.
 */
final class QueryDecoder {

    private final NavigableMap<String, String> params;
    private final boolean ec2;
    private final String errorCode;
    private final QueryNames names;

    private QueryDecoder(Map<String, String> params, boolean ec2, QueryNames names) {
        this.params = new TreeMap<>(params);
        this.ec2 = ec2;
        this.errorCode = ec2 ? "InvalidParameterValue" : "ValidationError";
        this.names = names;
    }

    /** {@code builder} (a request builder) filled from {@code params}, then built. */
    static Object decode(Map<String, String> params, SdkPojo builder, boolean ec2) {
        return decode(params, builder, ec2, QueryNames.MODEL);
    }

    static Object decode(Map<String, String> params, SdkPojo builder, boolean ec2, QueryNames names) {
        QueryDecoder d = new QueryDecoder(params, ec2, names);
        d.fill(builder, "");
        return ((SdkBuilder<?, ?>) builder).build();
    }

    private void fill(SdkPojo builder, String prefix) {
        for (SdkField<?> f : builder.sdkFields()) {
            Object v = value(f, prefix + names.member(f, false));
            if (v != null) f.set(builder, v);
        }
    }

    private Object value(SdkField<?> f, String key) {
        MemberKind kind = Values.kind(f);
        return switch (kind) {
            case STRUCTURE -> {
                if (!nested(key)) yield null;
                SdkPojo b = f.constructor().get();
                fill(b, key + ".");
                yield ((SdkBuilder<?, ?>) b).build();
            }
            case LIST -> list(f, key);
            case MAP -> map(f, key);
            case DOCUMENT -> throw new BadRequest(errorCode, "Parameter " + key + " is a document, which the query protocol cannot carry");
            default -> {
                String s = params.get(key);
                yield s == null ? null : Values.parse(f, s, key, errorCode);
            }
        };
    }

    private List<Object> list(SdkField<?> f, String key) {
        ListTrait lt = f.getRequiredTrait(ListTrait.class);
        if ("".equals(params.get(key))) return new ArrayList<>(); // "Name=": an explicitly empty list
        String base = ec2 || lt.isFlattened() ? key : key + "." + memberName(lt);
        if (!nested(base)) return null;
        List<Object> out = new ArrayList<>();
        for (int i = 1; present(base + "." + i); i++) {
            out.add(value(lt.memberFieldInfo(), base + "." + i));
        }
        return out;
    }

    private Map<String, Object> map(SdkField<?> f, String key) {
        MapTrait mt = f.getRequiredTrait(MapTrait.class);
        String base = mt.isFlattened() ? key : key + ".entry";
        if (!nested(base)) return null;
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 1; present(base + "." + i); i++) {
            String entry = base + "." + i + ".";
            String k = params.get(entry + names.mapKey(f));
            if (k == null) throw new BadRequest(errorCode, "Parameter " + entry + names.mapKey(f) + " is missing");
            out.put(k, value(mt.valueFieldInfo(), entry + names.mapValue(f)));
        }
        return out;
    }

    private static String memberName(ListTrait lt) {
        String n = lt.memberLocationName();
        return n == null ? "member" : n;
    }

    /** Whether {@code key} or anything under it ({@code key.…}) was sent. */
    private boolean present(String key) {
        return params.containsKey(key) || nested(key);
    }

    private boolean nested(String key) {
        String next = params.ceilingKey(key + ".");
        return next != null && next.startsWith(key + ".");
    }
}
