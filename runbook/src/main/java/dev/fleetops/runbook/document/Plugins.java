package dev.fleetops.runbook.document;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Command (2.2) plugins fleetops knows, with their inputs (AWS Systems Manager User Guide: "Command document
 * plugin reference"). The simulator's agent runs only the shell plugins; the rest run on AWS.
 */
final class Plugins {

    /** @param inputsChecked false: inputs not checked (plugins whose inputs fleetops does not list) */
    record Plugin(String name, Set<String> required, Set<String> optional, boolean inputsChecked, boolean onSimulator) {
        Set<String> all() {
            Set<String> s = new TreeSet<>(required);
            s.addAll(optional);
            return s;
        }
    }

    static final String NOT_ON_SIMULATOR = "the simulator's agent runs only aws:runShellScript and aws:runPowerShellScript";

    private static final Map<String, Plugin> PLUGINS = new LinkedHashMap<>();

    static {
        Set<String> shared = Set.of("onFailure", "onSuccess", "finallyStep");
        add("aws:runShellScript", Set.of("runCommand"), plus(shared, "timeoutSeconds", "workingDirectory", "id"), true);
        add("aws:runPowerShellScript", Set.of("runCommand"), plus(shared, "timeoutSeconds", "workingDirectory", "id"), true);
        add("aws:runDocument", Set.of("documentType", "documentPath"), plus(shared, "documentParameters", "timeoutSeconds"), false);
        add("aws:configurePackage", Set.of("name", "action"), plus(shared, "installationType", "version", "additionalArguments"), false);
        add("aws:downloadContent", Set.of("sourceType", "sourceInfo"), plus(shared, "destinationPath"), false);
        add("aws:softwareInventory", Set.of(), plus(shared, "applications", "awsComponents", "networkConfig",
                "windowsUpdates", "instanceDetailedInformation", "services", "windowsRoles", "customInventory",
                "billingInfo", "files", "windowsRegistry"), false);
        add("aws:updateAgent", Set.of(), plus(shared, "agentName", "allowDowngrade", "source", "targetVersion"), false);
        add("aws:updateSsmAgent", Set.of(), plus(shared, "agentName", "allowDowngrade", "source", "targetVersion"), false);
        add("aws:psModule", Set.of(), plus(shared, "id", "source", "sourceHash", "runCommand", "timeoutSeconds", "workingDirectory"), false);
        add("aws:configureDocker", Set.of("action"), plus(shared), false);
        add("aws:applications", Set.of("action", "source"), plus(shared, "id", "sourceHash", "parameters"), false);
        for (String open : List.of("aws:cloudWatch", "aws:domainJoin", "aws:runDockerAction", "aws:refreshAssociation")) {
            PLUGINS.put(open, new Plugin(open, Set.of(), Set.of(), false, false));
        }
    }

    private Plugins() { }

    private static void add(String name, Set<String> required, Set<String> optional, boolean onSimulator) {
        PLUGINS.put(name, new Plugin(name, required, optional, true, onSimulator));
    }

    private static Set<String> plus(Set<String> base, String... more) {
        Set<String> s = new TreeSet<>(base);
        s.addAll(Set.of(more));
        return s;
    }

    /** Plugin names are matched case-insensitively, as the SSM agent does. */
    static Optional<Plugin> find(String name) {
        Plugin exact = PLUGINS.get(name);
        if (exact != null) return Optional.of(exact);
        return PLUGINS.values().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    static Set<String> names() {
        return PLUGINS.keySet();
    }
}
