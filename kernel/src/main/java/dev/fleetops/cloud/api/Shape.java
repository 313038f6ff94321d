package dev.fleetops.cloud.api;

import dev.fleetops.source.Suggest;

import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * An API structure (a request, a response or a nested structure): its members in model order, read once from the
 * SDK builder's {@code sdkFields()} and cached per class. Members are resolved lazily, so recursive shapes are fine.
 */
public final class Shape {

    private static final Map<Class<?>, Shape> CACHE = new ConcurrentHashMap<>();

    private final String name;
    private final Supplier<SdkPojo> newBuilder;
    private final Map<String, Member> members;

    private Shape(String name, Supplier<SdkPojo> newBuilder, Map<String, Member> members) {
        this.name = name;
        this.newBuilder = newBuilder;
        this.members = members;
    }

    /** The shape whose builders {@code newBuilder} makes. */
    static Shape of(Supplier<SdkPojo> newBuilder) {
        SdkPojo sample = newBuilder.get();
        return CACHE.computeIfAbsent(sample.getClass(), c -> {
            Map<String, Member> m = new LinkedHashMap<>();
            for (SdkField<?> f : sample.sdkFields()) m.put(f.memberName(), Member.of(f));
            return new Shape(structureName(c), newBuilder, Collections.unmodifiableMap(m));
        });
    }

    /** {@code DescribeTargetHealthRequest.BuilderImpl} -> {@code DescribeTargetHealthRequest}. */
    private static String structureName(Class<?> builderClass) {
        Class<?> outer = builderClass.getEnclosingClass();
        return (outer != null ? outer : builderClass).getSimpleName();
    }

    public String name() {
        return name;
    }

    public Map<String, Member> members() {
        return members;
    }

    public Optional<Member> member(String memberName) {
        return Optional.ofNullable(members.get(memberName));
    }

    /** A fresh builder; fields are set through {@link SdkField#set(Object, Object)} and it is built by the caller. */
    SdkPojo newBuilder() {
        return newBuilder.get();
    }

    /** "did you mean" text for an unknown member name, or empty. */
    public String suggest(String unknown) {
        return Suggest.didYouMean(unknown, members.keySet());
    }
}
