package dev.fleetops.runbook.document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each step stands: its position in document order, the step list it belongs to (mainSteps or a loop's
 * Steps) and the loops around it. Duplicate names are reported by {@link FlowChecks}; the first one is indexed.
 */
final class StepIndex {

    record Placed(Step step, int order, List<Step> scope, List<Step> loops) { }

    private final Map<String, Placed> byName = new LinkedHashMap<>();
    private final List<Placed> all = new ArrayList<>();

    StepIndex(Document doc) {
        place(doc.mainSteps(), List.of());
    }

    private void place(List<Step> scope, List<Step> loops) {
        for (Step s : scope) {
            Placed p = new Placed(s, all.size(), scope, loops);
            all.add(p);
            byName.putIfAbsent(s.name(), p);
            if (s.isLoop()) {
                List<Step> inner = new ArrayList<>(loops);
                inner.add(s);
                place(s.steps(), List.copyOf(inner));
            }
        }
    }

    Optional<Placed> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The placement of this very step object (names may repeat in an invalid document). */
    Placed of(Step step) {
        for (Placed p : all) if (p.step() == step) return p;
        throw new IllegalArgumentException("step not in document: " + step.name());
    }

    List<Placed> all() {
        return all;
    }

    java.util.Set<String> names() {
        return byName.keySet();
    }
}
