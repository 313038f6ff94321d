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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    private static final Adjust AS_IS = (owner, field, v) -> v;

    private final StringBuilder out = new StringBuilder(2048);
    /** What is written so far, as UTF-8, when kept fragments are part of it (else all of it is {@link #out}). */
    private final List<byte[]> written = new ArrayList<>();
    private int writtenLength;
    private boolean encodingKept; // a kept object's own text is being written: anything inside it is written in it
    private final Adjust adjust;
    private final QueryNames names;
    private final Map<Class<?>, Member[]> plans;
    private final Fragments fragments;

    XmlWriter() {
        this(AS_IS);
    }

    XmlWriter(Adjust adjust) {
        this(adjust, QueryNames.MODEL, Fragments.NONE);
    }

    XmlWriter(QueryNames names, Fragments fragments) {
        this(AS_IS, names, fragments);
    }

    private XmlWriter(Adjust adjust, QueryNames names, Fragments fragments) {
        this.adjust = adjust;
        this.names = names;
        this.plans = plans(names);
        this.fragments = fragments;
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
        for (Member m : plan(pojo, plans, names)) {
            Object v = m.field.getValueOrDefault(pojo);
            if (absent(v)) continue;
            value(m, adjust.value(pojo, m.field, v));
        }
        return this;
    }

    /** Whether {@code pojo} has any member to write (an empty result gets no Result element). */
    static boolean empty(SdkPojo pojo) {
        for (Member m : plan(pojo, plans(QueryNames.MODEL), QueryNames.MODEL)) {
            if (!absent(m.field.getValueOrDefault(pojo))) return false;
        }
        return true;
    }

    static boolean payload(SdkField<?> f) {
        return f.location() == null || f.location() == MarshallLocation.PAYLOAD;
    }

    static boolean absent(Object v) {
        return v == null || v instanceof SdkAutoConstructList<?> || v instanceof SdkAutoConstructMap<?, ?>;
    }

    /**
     * What writing a member takes, read from its field's metadata once per model class and kept: its tags, kind,
     * list or map layout and timestamp format (bench wire: walking the traits per value was most of a 100-instance
     * DescribeInstances answer's CPU).
     */
    private static final class Member {
        final SdkField<?> field;
        final String open;
        final String close;
        final MemberKind kind;
        final TimestampFormatTrait.Format time;
        final boolean flattened;
        final Member item; // a list's items, under the list's member name (or, flattened, the list's own)
        final MapTrait map;
        final String mapKey;
        final Member mapValue;

        Member(String name, SdkField<?> f, QueryNames names) {
            this.field = f;
            this.open = "<" + name + ">";
            this.close = "</" + name + ">";
            this.kind = Values.kind(f);
            this.time = Values.format(f, TimestampFormatTrait.Format.ISO_8601);
            if (kind == MemberKind.LIST) {
                ListTrait lt = f.getRequiredTrait(ListTrait.class);
                SdkField<?> member = lt.memberFieldInfo();
                this.flattened = lt.isFlattened();
                String itemName = flattened ? name : member.unmarshallLocationName() != null ? member.unmarshallLocationName() : "member";
                this.item = new Member(itemName, member, names);
            } else {
                this.flattened = false;
                this.item = null;
            }
            if (kind == MemberKind.MAP) {
                this.map = f.getRequiredTrait(MapTrait.class);
                this.mapKey = names.mapKey(f);
                this.mapValue = new Member(names.mapValue(f), map.valueFieldInfo(), names);
            } else {
                this.map = null;
                this.mapKey = null;
                this.mapValue = null;
            }
        }
    }

    /**
     * Per naming (a protocol's, held weakly: it lives as long as its server) and model class: an SDK class's fields
     * are the same for all its objects (its static SDK_FIELDS).
     */
    private static final Map<QueryNames, Map<Class<?>, Member[]>> PLANS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** Looked up once per writer: the synchronized map, once per object, was contended by the HTTP threads. */
    private static Map<Class<?>, Member[]> plans(QueryNames names) {
        return PLANS.computeIfAbsent(names, n -> new java.util.concurrent.ConcurrentHashMap<>());
    }

    private static Member[] plan(SdkPojo pojo, Map<Class<?>, Member[]> plans, QueryNames names) {
        Member[] p = plans.get(pojo.getClass());
        if (p != null) return p;
        return plans.computeIfAbsent(pojo.getClass(), c -> pojo.sdkFields().stream().filter(XmlWriter::payload)
                .map(f -> new Member(names.member(f, true), f, names)).toArray(Member[]::new));
    }

    private void value(Member m, Object v) {
        switch (m.kind) {
            case STRUCTURE -> {
                raw(m.open);
                structure((SdkPojo) v);
                raw(m.close);
            }
            case LIST -> {
                if (m.flattened) {
                    for (Object item : (List<?>) v) value(m.item, item);
                } else {
                    raw(m.open);
                    for (Object item : (List<?>) v) value(m.item, item);
                    raw(m.close);
                }
            }
            case MAP -> {
                boolean flat = m.map.isFlattened();
                if (!flat) raw(m.open);
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    if (flat) raw(m.open);
                    else open("entry");
                    element(m.mapKey, String.valueOf(e.getKey()));
                    value(m.mapValue, e.getValue());
                    if (flat) raw(m.close);
                    else close("entry");
                }
                if (!flat) raw(m.close);
            }
            case DOCUMENT -> throw new IllegalStateException(m.open + " is a document, which XML protocols cannot carry");
            default -> {
                raw(m.open);
                escape(v instanceof String text ? text : Values.text(m.field, v, m.time));
                raw(m.close);
            }
        }
    }

    /**
     * A structure's members; when its protocol keeps its class's text ({@link Fragments}), written once per object
     * and from then on appended as the kept UTF-8 bytes, never copied but into the answer's body.
     */
    private void structure(SdkPojo v) {
        if (encodingKept || !fragments.keeps(v)) {
            members(v);
            return;
        }
        byte[] kept = fragments.get(v);
        if (kept == null) {
            int start = out.length();
            encodingKept = true;
            members(v);
            encodingKept = false;
            kept = out.substring(start).getBytes(StandardCharsets.UTF_8);
            out.setLength(start);
            fragments.keep(v, kept);
        }
        flush();
        add(kept);
    }

    private void flush() {
        if (out.length() == 0) return;
        add(out.toString().getBytes(StandardCharsets.UTF_8));
        out.setLength(0);
    }

    private void add(byte[] b) {
        written.add(b);
        writtenLength += b.length;
    }

    /** The document as UTF-8: the kept fragments copied once, into the body. */
    byte[] bytes() {
        if (written.isEmpty()) return out.toString().getBytes(StandardCharsets.UTF_8);
        flush();
        byte[] body = new byte[writtenLength];
        int at = 0;
        for (byte[] b : written) {
            System.arraycopy(b, 0, body, at, b.length);
            at += b.length;
        }
        return body;
    }

    void escape(String s) {
        int plain = 0;
        while (plain < s.length() && !special(s.charAt(plain))) plain++;
        if (plain == s.length()) {
            out.append(s); // the common case: nothing to escape, one copy
            return;
        }
        out.append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
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

    private static boolean special(char c) {
        return c == '<' || c == '>' || c == '&' || c == '"' || c == '\r';
    }

    @Override
    public String toString() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }
}
