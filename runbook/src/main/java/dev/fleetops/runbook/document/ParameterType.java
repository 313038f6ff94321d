package dev.fleetops.runbook.document;

import java.util.Optional;

/** The value types of document parameters, runbook variables and step outputs. */
public enum ParameterType {
    STRING("String"), STRING_LIST("StringList"), INTEGER("Integer"), BOOLEAN("Boolean"),
    MAP_LIST("MapList"), STRING_MAP("StringMap");

    private final String ssmName;

    ParameterType(String ssmName) {
        this.ssmName = ssmName;
    }

    public String ssmName() {
        return ssmName;
    }

    /** Values that are lists or maps: passed as such only as a whole value; inside other text they become JSON text. */
    public boolean composite() {
        return this == STRING_LIST || this == MAP_LIST || this == STRING_MAP;
    }

    public static Optional<ParameterType> ofName(String name) {
        for (ParameterType t : values()) if (t.ssmName.equals(name)) return Optional.of(t);
        return Optional.empty();
    }

    /**
     * A declared parameter type: the six SSM types, or a console picker type ({@code AWS::EC2::Instance::Id},
     * {@code List<AWS::EC2::Instance::Id>}, UG populating-input-parameters), which hold a String or StringList.
     */
    public static Optional<ParameterType> ofDeclared(String declared) {
        Optional<ParameterType> plain = ofName(declared);
        if (plain.isPresent()) return plain;
        if (PickerType.of(declared).isPresent()) {
            return Optional.of(declared.startsWith("List<") ? STRING_LIST : STRING);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return ssmName;
    }
}
