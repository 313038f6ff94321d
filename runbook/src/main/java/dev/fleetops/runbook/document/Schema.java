package dev.fleetops.runbook.document;

import java.util.Arrays;
import java.util.Optional;

/**
 * The schemaVersions SSM knows, and whether fleetops runs them. Command documents of schemas 1.2 (plugins under
 * {@code runtimeConfig}) and 2.0 (plugins under {@code mainSteps}, as 2.2 without preconditions) run as 2.2 does:
 * through SendCommand, the agent running the plugins (AWS Systems Manager User Guide, "Schema features and
 * examples"); a schema 2.0 Distributor package is not a Command document.
 */
public enum Schema {
    AUTOMATION_0_3("0.3", "Automation", true),
    COMMAND_2_2("2.2", "Command", true),
    V1_0("1.0", "Command 1.0, Session, CloudFormation or deployment-strategy", false),
    V1_2("1.2", "Command", true),
    V2_0("2.0", "Command or Package", true);

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

    /** A Command document's schema: it runs through SendCommand. */
    public boolean command() {
        return this == COMMAND_2_2 || this == V1_2 || this == V2_0;
    }

    public static Optional<Schema> of(String version) {
        return Arrays.stream(values()).filter(s -> s.version.equals(version)).findFirst();
    }
}
