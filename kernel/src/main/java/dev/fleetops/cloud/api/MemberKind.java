package dev.fleetops.cloud.api;

import software.amazon.awssdk.core.protocol.MarshallingType;

/** The kinds of values an API member holds, from the SDK's marshalling types. */
public enum MemberKind {
    STRING("a string"), INTEGER("an integer"), LONG("an integer"), SHORT("an integer"), BYTE("an integer"),
    FLOAT("a number"), DOUBLE("a number"), DECIMAL("a number"), BOOLEAN("a boolean"),
    TIMESTAMP("a timestamp"), BLOB("a blob"), STRUCTURE("a structure"), LIST("a list"), MAP("a map"),
    DOCUMENT("a document");

    private final String description;

    MemberKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public boolean scalar() {
        return this != STRUCTURE && this != LIST && this != MAP && this != DOCUMENT;
    }

    public static MemberKind of(MarshallingType<?> t) {
        if (t == MarshallingType.STRING) return STRING;
        if (t == MarshallingType.INTEGER) return INTEGER;
        if (t == MarshallingType.LONG) return LONG;
        if (t == MarshallingType.SHORT) return SHORT;
        if (t == MarshallingType.BYTE) return BYTE;
        if (t == MarshallingType.FLOAT) return FLOAT;
        if (t == MarshallingType.DOUBLE) return DOUBLE;
        if (t == MarshallingType.BIG_DECIMAL) return DECIMAL;
        if (t == MarshallingType.BOOLEAN) return BOOLEAN;
        if (t == MarshallingType.INSTANT) return TIMESTAMP;
        if (t == MarshallingType.SDK_BYTES) return BLOB;
        if (t == MarshallingType.SDK_POJO) return STRUCTURE;
        if (t == MarshallingType.LIST) return LIST;
        if (t == MarshallingType.MAP) return MAP;
        if (t == MarshallingType.DOCUMENT) return DOCUMENT;
        throw new IllegalArgumentException("unsupported SDK marshalling type " + t);
    }
}
