package dev.fleetops.runbook.document;

import java.util.Map;
import java.util.Set;

/**
 * What fleetops knows of one Automation action or Command plugin: its inputs (required and optional, per the UG
 * action pages as ssm-documents.md summarises them), its built-in outputs with their types, and where it runs.
 *
 * @param inputs   FIXED: only the listed inputs; API: Service/Api plus the API's members (checked against the
 *                 API catalog); OPEN: inputs not checked (undocumented actions seen in AWS-owned documents)
 * @param runsOn   the targets fleetops runs it on; empty = recognised but not run anywhere
 */
public record ActionSpec(String name, Set<String> required, Set<String> optional, Map<String, ParameterType> outputs,
                         Inputs inputs, Set<RunTarget> runsOn, String whyNot) {

    public enum Inputs { FIXED, API, OPEN }

    public boolean accepts(String input) {
        return required.contains(input) || optional.contains(input);
    }

    public Set<String> all() {
        java.util.Set<String> s = new java.util.TreeSet<>(required);
        s.addAll(optional);
        return s;
    }
}
