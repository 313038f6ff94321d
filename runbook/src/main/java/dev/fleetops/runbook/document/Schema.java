package dev.fleetops.runbook.document;

import java.util.Arrays;
import java.util.Optional;

/** The schemaVersions SSM knows, and whether fleetops runs them. */
public enum Schema {
    AUTOMATION_0_3("0.3", "Automation", true),
    COMMAND_2_2("2.2", "Command", true),
    V1_0("1.0", "Command 1.0, Session, CloudFormation or deployment-strategy", false),
    V1_2("1.2", "Command", false),
    V2_0("2.0", "Command or Package", false);

    private final String version;
    private final String documentTypes;
    private final boolean runnable;

    Schema(String version, String documentTypes, boolean runnable) {
        this.version = version;
        this.documentTypes = documentTypes;
        this.runnable = runnable;
    }

    public String version() {
        return version;
    }

    public String documentTypes() {
        return documentTypes;
    }

    public boolean runnable() {
        return runnable;
    }

    public static Optional<Schema> of(String version) {
        return Arrays.stream(values()).filter(s -> s.version.equals(version)).findFirst();
    }
}
