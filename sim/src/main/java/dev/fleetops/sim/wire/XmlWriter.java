package dev.fleetops.sim.wire;

import dev.fleetops.cloud.api.MemberKind;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.traits.TimestampFormatTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

import java.util.List;
import java.util.Map;

/**
 * SDK model objects as the XML the query protocols answer with, by field metadata alone: each member under its
 * serialized name ({@code reservationSet} for EC2, {@code AutoScalingGroups} for Auto Scaling), list items under
 * the list's member name ({@code item} for EC2, {@code member} for AWS query), maps as {@code entry}/{@code key}/
 * {@code value}. Members never set are left out, as AWS leaves them out.
 */
final class XmlWriter {

    /** A value as a service writes it on the wire where its SDK rewrites what it reads (Route 53's ids). */
    interface Adjust {
        Object value(SdkPojo owner, SdkField<?> field, Object value);
    }

    private final StringBuilder out = new StringBuilder(1024);
    private final Adjust adjust;
    private final QueryNames names;

    XmlWriter() {
        this((owner, field, v) -> v);
    }

    XmlWriter(Adjust adjust) {
        this(adjust, QueryNames.MODEL);
    }

    XmlWriter(QueryNames names) {
        this((owner, field, v) -> v, names);
    }

    private XmlWriter(Adjust adjust, QueryNames names) {
        this.adjust = adjust;
        this.names = names;
    }

    XmlWriter raw(String s) {
        out.append(s);
        return this;
    }

    XmlWriter open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    XmlWriter close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    XmlWriter element(String name, String text) {
        open(name);
        escape(text);
        return close(name);
    }

    /** Every body member of {@code pojo} that has a value (REST protocols carry the others in the URI and headers). */
    XmlWriter members(SdkPojo pojo) {
        for (SdkField<?> f : pojo.sdkFields()) {
            if (!payload(f)) continue;
            Object v = f.getValueOrDefault(pojo);
            if (absent(v)) continue;
            value(names.member(f, true), f, adjust.value(pojo, f, v));
        }
        return this;
    }

    /** Whether {@code pojo} has any member to write (an empty result gets no Result element). */
    static boolean empty(SdkPojo pojo) {
        for (SdkField<?> f : pojo.sdkFields()) {
            if (payload(f) && !absent(f.getValueOrDefault(pojo))) return false;
        }
        return true;
    }

    static boolean payload(SdkField<?> f) {
        return f.location() == null || f.location() == MarshallLocation.PAYLOAD;
    }

    static boolean absent(Object v) {
        return v == null || v instanceof SdkAutoConstructList<?> || v instanceof SdkAutoConstructMap<?, ?>;
    }

    private void value(String name, SdkField<?> f, Object v) {
        MemberKind kind = Values.kind(f);
        switch (kind) {
            case STRUCTURE -> {
                open(name);
                members((SdkPojo) v);
                close(name);
            }
            case LIST -> {
                ListTrait lt = f.getRequiredTrait(ListTrait.class);
                SdkField<?> member = lt.memberFieldInfo();
                if (lt.isFlattened()) {
                    for (Object item : (List<?>) v) value(name, member, item);
                } else {
                    String itemName = member.unmarshallLocationName() != null ? member.unmarshallLocationName() : "member";
                    open(name);
                    for (Object item : (List<?>) v) value(itemName, member, item);
                    close(name);
                }
            }
            case MAP -> {
                MapTrait mt = f.getRequiredTrait(MapTrait.class);
                if (!mt.isFlattened()) open(name);
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    open(mt.isFlattened() ? name : "entry");
                    element(names.mapKey(f), String.valueOf(e.getKey()));
                    value(names.mapValue(f), mt.valueFieldInfo(), e.getValue());
                    close(mt.isFlattened() ? name : "entry");
                }
                if (!mt.isFlattened()) close(name);
            }
            case DOCUMENT -> throw new IllegalStateException(name + " is a document, which XML protocols cannot carry");
            default -> element(name, Values.text(f, v, TimestampFormatTrait.Format.ISO_8601));
        }
    }

    void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\r' -> out.append("&#xD;");
                default -> out.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
