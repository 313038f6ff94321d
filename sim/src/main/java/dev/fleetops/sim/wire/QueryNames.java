package dev.fleetops.sim.wire;

import dev.fleetops.cloud.api.MemberKind;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The names a query protocol gives a member, a map's keys and its values: by default the model's own. SQS's
 * query protocol (API version 2012-11-05) is the exception: its model is JSON now, and the SDK keeps no query names.
 */
interface QueryNames {

    QueryNames MODEL = new QueryNames() { };

    /** The name of member {@code f} on the wire (a list's or map's: each flattened item's). */
    default String member(SdkField<?> f, boolean reading) {
        return reading ? f.unmarshallLocationName() : f.locationName();
    }

    default String mapKey(SdkField<?> f) {
        return f.getRequiredTrait(MapTrait.class).keyLocationName();
    }

    default String mapValue(SdkField<?> f) {
        return f.getRequiredTrait(MapTrait.class).valueLocationName();
    }

    /** Members a request carries outside its form (a form member of the same name wins): none but SQS's. */
    default Map<String, String> outsideForm(WireRequest r) {
        return Map.of();
    }

    /**
     * SQS's query names, as the "Amazon SQS API Reference" query examples show them: every list and map flattened,
     * a list of structures named after its member's shape ({@code SendMessageBatchRequestEntry.1.Id},
     * {@code <Message>}, {@code <BatchResultErrorEntry>}), other lists and maps after the singular of the member
     * ({@code AttributeName.1}, {@code <QueueUrl>}, {@code Attribute.1.Name}/{@code .Value}, {@code Tag.1.Key}/
     * {@code .Value}; {@code Actions} is {@code ActionName.N}).
     */
    static QueryNames sqs() {
        return new QueryNames() {
            @Override
            public String member(SdkField<?> f, boolean reading) {
                MemberKind kind = Values.kind(f);
                if (kind == MemberKind.LIST) {
                    SdkField<?> item = f.getRequiredTrait(ListTrait.class).memberFieldInfo();
                    if (Values.kind(item) == MemberKind.STRUCTURE) return item.constructor().get().getClass().getEnclosingClass().getSimpleName();
                    return f.memberName().equals("Actions") ? "ActionName" : singular(f.memberName());
                }
                return kind == MemberKind.MAP ? singular(f.memberName()) : f.locationName();
            }

            @Override
            public String mapKey(SdkField<?> f) {
                return singular(f.memberName()).equals("Tag") ? "Key" : "Name";
            }

            @Override
            public String mapValue(SdkField<?> f) {
                return "Value";
            }

            /**
             * The queue the request is posted to: older SDKs (the Java SDK v1's QueueUrlHandler, boto 2) send a
             * queue's actions to its URL, {@code POST /123456789012/name}, without a {@code QueueUrl} parameter.
             */
            @Override
            public Map<String, String> outsideForm(WireRequest r) {
                if (!QUEUE_PATH.matcher(r.path()).matches()) return Map.of();
                String host = r.header("host");
                return Map.of("QueueUrl", (host == null ? "" : "http://" + host) + r.path());
            }
        };
    }

    Pattern QUEUE_PATH = Pattern.compile("/\\d{12}/[^/]+");

    private static String singular(String plural) {
        String s = Character.toUpperCase(plural.charAt(0)) + plural.substring(1);
        return s.endsWith("s") ? s.substring(0, s.length() - 1) : s;
    }
}
